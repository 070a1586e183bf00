/**
 * Prices and valuations: amounts converted at an oracle's USD price or at a pool's marginal price.
 * Pure functions over bigint base units; reserves in, never pool handles.
 */
import { BPS, quote } from "./amm";

/** Seconds-free, float-free: a USD value in 8-decimal base units, `amount · priceUsd / 10^decimals`, rounded down. */
export function valueInUsd(amount: bigint, decimals: number, priceUsd: bigint): bigint {
  return (amount * priceUsd) / 10n ** BigInt(decimals);
}

/** What signed amounts of several tokens are worth together, each at its USD price: Σ {@link valueInUsd}. */
export function basketValueUsd(
  items: readonly { amount: bigint; decimals: number; priceUsd: bigint }[],
): bigint {
  return items.reduce((sum, item) => sum + valueInUsd(item.amount, item.decimals, item.priceUsd), 0n);
}

/**
 * A token's USD price at a pool's marginal price against a dollar stablecoin, the stablecoin counted
 * as $1: `reserveUsd · 10^tokenDecimals · 10^priceDecimals / (reserveToken · 10^usdDecimals)`, rounded down.
 *
 * @example
 * poolPriceUsd(1_000n * 10n ** 18n, 18, 2_000_000n * 10n ** 6n, 6, 8); // 200_000_000_000n: $2,000.00
 */
export function poolPriceUsd(
  reserveToken: bigint,
  tokenDecimals: number,
  reserveUsd: bigint,
  usdDecimals: number,
  priceDecimals: number,
): bigint {
  return (
    (reserveUsd * 10n ** BigInt(tokenDecimals + priceDecimals)) / (reserveToken * 10n ** BigInt(usdDecimals))
  );
}

/**
 * A share of a USD value (8 decimals) in wei at the oracle's ETH price (USD with 8 decimals):
 * `valueUsd · shareBps · 10^18 / (10000 · ethPriceUsd)`, rounded toward zero; the whole value by default.
 *
 * @example
 * usdToWei(200_000_000n, 200_000_000_000n); // 10n ** 15n: $2 at $2,000 per ETH = 0.001 ETH
 */
export function usdToWei(valueUsd: bigint, ethPriceUsd: bigint, shareBps: bigint = BPS): bigint {
  return (valueUsd * shareBps * 10n ** 18n) / (BPS * ethPriceUsd);
}

/**
 * An amount of WETH (a gas cost in wei, a budget) in a token, at the marginal price of a WETH/token
 * pool: `quote(amount, reserveWeth, reserveToken)`, rounded down; 0 stays 0.
 *
 * @example
 * wethToToken(10n ** 15n, 1_000n * 10n ** 18n, 2_000_000n * 10n ** 6n); // 2_000_000n: 0.001 WETH = 2 USDC
 */
export function wethToToken(amount: bigint, reserveWeth: bigint, reserveToken: bigint): bigint {
  return amount === 0n ? 0n : quote(amount, reserveWeth, reserveToken);
}

/**
 * An amount of a token (a profit, maybe negative) in WETH at the marginal price of a WETH/token pool,
 * the inverse of {@link wethToToken}: rounded toward zero, the sign kept.
 */
export function tokenToWeth(amount: bigint, reserveToken: bigint, reserveWeth: bigint): bigint {
  if (amount === 0n) return 0n;
  const sign = amount < 0n ? -1n : 1n;
  return sign * quote(sign * amount, reserveToken, reserveWeth);
}

/**
 * The gap between the cheapest and the dearest of one pair's prices (each in the quote token's base
 * units, from several pools), in basis points of the cheapest: `(high − low) · 10000 / low`, rounded
 * down; null with fewer than two prices or a zero price.
 */
export function priceGapBps(prices: readonly bigint[]): bigint | null {
  const values = [...prices].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (values.length < 2) return null;
  const low = values[0]!;
  const high = values[values.length - 1]!;
  return low === 0n ? null : ((high - low) * BPS) / low;
}
