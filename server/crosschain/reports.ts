/** What a block of the second chain is told as: `crosschain:block`, read from the chain after it. */
import type { Block } from "ethers";
import type { MinedBlock } from "../engine/bot";
import type { ChainBalances, CrossChainBlock, EventDraft, TokenAmount } from "../events";
import { priceInQuoteUnits } from "../format";
import { SIDE_TOKENS } from "./config";
import { decodeBlock } from "./decode";
import { labelled, readPool, readTokenBalance, type Venue, venueAmount } from "./venue";

/** An account whose balances a chain's blocks report. */
export interface Trader {
  name: string;
  address: string;
}

/** The block's transactions, the pool after it, and the traders' balances, as one event. */
export async function blockEvent(
  venue: Venue,
  block: Block,
  mined: MinedBlock,
  traders: readonly Trader[],
): Promise<EventDraft<CrossChainBlock>> {
  const [txs, reserves, balances] = await Promise.all([
    decodeBlock(venue, mined),
    readPool(venue),
    Promise.all(traders.map((trader) => balancesOf(venue, trader))),
  ]);
  const { pool, tokens } = venue;
  const [t0, t1] = [tokens[pool.token0], tokens[pool.token1]];
  const [wethReserve, usdcReserve] =
    pool.token0 === "WETH" ? [reserves.reserve0, reserves.reserve1] : [reserves.reserve1, reserves.reserve0];
  return {
    type: "crosschain:block",
    chain: venue.ref,
    block: mined.number,
    hash: block.hash!,
    timestamp: mined.timestamp,
    txs,
    pool: labelled(venue, pool.address),
    reserve0: venueAmount(t0, reserves.reserve0),
    reserve1: venueAmount(t1, reserves.reserve1),
    base: "WETH",
    quote: "USDC",
    price: venueAmount(tokens.USDC, priceInQuoteUnits(wethReserve, tokens.WETH.decimals, usdcReserve)),
    balances,
  };
}

/** ETH, then the venue's tokens. */
async function balancesOf(venue: Venue, trader: Trader): Promise<ChainBalances> {
  const [eth, ...held] = await Promise.all([
    venue.chain.provider.getBalance(trader.address),
    ...SIDE_TOKENS.map((symbol) => readTokenBalance(venue, symbol, trader.address)),
  ]);
  const amounts: TokenAmount[] = [
    { amount: eth!.toString(), symbol: "ETH", decimals: 18 },
    ...SIDE_TOKENS.map((symbol, i) => venueAmount(venue.tokens[symbol], held[i]!)),
  ];
  return { actor: trader.name, address: trader.address, balances: amounts };
}
