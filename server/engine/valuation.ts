/**
 * The prices a run's profit and loss is valued at: the oracle's, and a DEX's marginal prices (each
 * token against USDC on DEX A's pool, 1 USDC counted as $1). After a trade or an oracle update the
 * two disagree, and a P&L at one of them alone would hide it.
 */
import { PriceFeed__factory } from "../../typechain-types";
import { readUints } from "../chain/batchRead";
import { poolPriceUsd } from "../math/price";
import { type DexId, type TokenSymbol, USD_DECIMALS } from "../world/config";
import { reservesFor } from "../world/market";
import type { World } from "../world/types";

const LATEST_ANSWER = PriceFeed__factory.createInterface().encodeFunctionData("latestAnswer");

/** The DEX whose pools price the P&L beside the oracle: the deeper one, where the scenarios trade. */
export const VALUATION_DEX: DexId = "dexA";
/** The dollar the DEX prices are counted in. */
const DOLLAR: TokenSymbol = "USDC";

/** Whether two USD prices (8 decimals) differ once rounded down to the cent, as a learner reads them. */
export function differByACent(a: bigint, b: bigint): boolean {
  const cent = 10n ** BigInt(USD_DECIMALS - 2);
  return a / cent !== b / cent;
}

/** Each token's USD price (8 decimals) from its oracle feed (its latest round's answer), now, in one batch of reads. */
export async function oraclePricesUsd(world: World): Promise<Map<TokenSymbol, bigint>> {
  const symbols = Object.keys(world.tokens) as TokenSymbol[];
  const feeds = await Promise.all(symbols.map((s) => world.feeds[s].getAddress()));
  const answers = await readUints(
    world.chain,
    feeds.map((feed) => ({ target: feed, data: LATEST_ANSWER })),
  );
  return new Map(symbols.map((s, i) => [s, answers[i]!]));
}

/**
 * Each token's USD price (8 decimals) at VALUATION_DEX's marginal price against USDC, now: USDC is $1;
 * a token without a pool against USDC there keeps its oracle price.
 */
export async function dexPricesUsd(
  world: World,
  oracle: Map<TokenSymbol, bigint>,
): Promise<Map<TokenSymbol, bigint>> {
  const prices = new Map<TokenSymbol, bigint>();
  for (const [symbol, oraclePrice] of oracle) {
    if (symbol === DOLLAR) {
      prices.set(symbol, 10n ** BigInt(USD_DECIMALS));
      continue;
    }
    const pool = world.pools.find(
      (p) =>
        p.dex === VALUATION_DEX &&
        [p.token0, p.token1].includes(symbol) &&
        [p.token0, p.token1].includes(DOLLAR),
    );
    if (!pool) {
      prices.set(symbol, oraclePrice);
      continue;
    }
    const { reserveIn, reserveOut } = await reservesFor(pool, symbol);
    const decimals = (s: TokenSymbol) => Number(world.tokens[s].decimals);
    prices.set(symbol, poolPriceUsd(reserveIn, decimals(symbol), reserveOut, decimals(DOLLAR), USD_DECIMALS));
  }
  return prices;
}
