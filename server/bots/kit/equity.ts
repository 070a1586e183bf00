/**
 * What a bot is worth, read from the chain: its account's ETH, and the tokens its account and its own
 * contracts (its executor) hold. ETH and WETH count one for one, to the wei; other tokens at the
 * oracle's prices in ETH. Trades are valued the same way, so a position and an equity compare.
 * A risk guard values its equity at fixed prices (its marks): its drawdown is what its trades and gas
 * cost, not an oracle move repricing the stablecoins it holds.
 */
import { ethBalanceRead, readUints, tokenBalanceRead } from "../../chain/batchRead";
import { oraclePricesUsd } from "../../engine/valuation";
import { usdToWei, valueInUsd } from "../../math/price";
import type { ActorName } from "../../world/actors";
import type { TokenSymbol } from "../../world/config";
import { GAS_TOKEN } from "../../world/market";
import type { World } from "../../world/types";

/** Each token's oracle price (USD, 8 decimals), as read with an equity. */
export type OraclePrices = ReadonlyMap<TokenSymbol, bigint>;

/** `amount` of `symbol` in wei: WETH as it is, another token at the oracle's prices (rounded down). */
export function valueInWei(world: World, prices: OraclePrices, symbol: TokenSymbol, amount: bigint): bigint {
  if (symbol === GAS_TOKEN) return amount;
  const usd = valueInUsd(amount, world.tokens[symbol].decimals, prices.get(symbol)!);
  return usdToWei(usd, prices.get(GAS_TOKEN)!);
}

/** `actor`'s equity in wei, now, valued at `marks` (default: the oracle's prices now), and the oracle's prices now. */
export async function readEquity(
  world: World,
  actor: ActorName,
  marks?: OraclePrices,
): Promise<{ wei: bigint; prices: OraclePrices }> {
  const holders = [world.actors[actor].address, ...(world.ownedContracts[actor] ?? [])];
  const symbols = Object.keys(world.tokens) as TokenSymbol[];
  const reads = [
    ethBalanceRead(holders[0]!),
    ...symbols.flatMap((symbol) =>
      holders.map((holder) => tokenBalanceRead(world.tokens[symbol].address, holder)),
    ),
  ];
  // One batch of reads for its balances (server/chain/batchRead.ts): this runs after every block.
  const [[eth, ...balances], prices] = await Promise.all([
    readUints(world.chain, reads),
    oraclePricesUsd(world),
  ]);
  const holdings = symbols.map((_, i) =>
    balances.slice(i * holders.length, (i + 1) * holders.length).reduce((sum, balance) => sum + balance, 0n),
  );
  const at = marks ?? prices;
  const wei = symbols.reduce((sum, symbol, i) => sum + valueInWei(world, at, symbol, holdings[i]!), eth!);
  return { wei, prices };
}
