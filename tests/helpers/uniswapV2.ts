/**
 * Uniswap V2's closed forms, written independently of server/math/amm.ts so that tests can check
 * both the TypeScript mirror and the contracts against them.
 *
 * Uniswap V2 keeps 997/1000 of every input. For a fee of f basis points we keep (10000 − f)/10000,
 * reduced to lowest terms: 30 bps gives back exactly 997/1000, 25 bps gives 399/400.
 */

function gcd(a: bigint, b: bigint): bigint {
  return b === 0n ? a : gcd(b, a % b);
}

/** The fraction of an input a pool keeps after its fee, in lowest terms: `kept / whole`. */
export function feeFactor(feeBps: bigint): { kept: bigint; whole: bigint } {
  const divisor = gcd(10_000n - feeBps, 10_000n);
  return { kept: (10_000n - feeBps) / divisor, whole: 10_000n / divisor };
}

/** `out = in·997·Rout / (Rin·1000 + in·997)`, with 997/1000 generalised to the fee. */
export function uniswapV2AmountOut(amountIn: bigint, reserveIn: bigint, reserveOut: bigint, feeBps: bigint) {
  const { kept, whole } = feeFactor(feeBps);
  return (amountIn * kept * reserveOut) / (reserveIn * whole + amountIn * kept);
}

/** `in = Rin·out·1000 / ((Rout − out)·997) + 1`, with 997/1000 generalised to the fee. */
export function uniswapV2AmountIn(amountOut: bigint, reserveIn: bigint, reserveOut: bigint, feeBps: bigint) {
  const { kept, whole } = feeFactor(feeBps);
  return (reserveIn * amountOut * whole) / ((reserveOut - amountOut) * kept) + 1n;
}

/**
 * The pair's own acceptance test after a swap of `amountIn` for `amountOut`, written as in Uniswap V2:
 * (balanceIn·1000 − in·3)·(balanceOut·1000) ≥ Rin·Rout·1000², generalised to the fee.
 */
export function pairAcceptsSwap(
  amountIn: bigint,
  amountOut: bigint,
  reserveIn: bigint,
  reserveOut: bigint,
  feeBps: bigint,
): boolean {
  const { kept, whole } = feeFactor(feeBps);
  const balanceInAdjusted = (reserveIn + amountIn) * whole - amountIn * (whole - kept);
  const balanceOutAdjusted = (reserveOut - amountOut) * whole;
  return balanceInAdjusted * balanceOutAdjusted >= reserveIn * reserveOut * whole * whole;
}

/** Reserve pairs worth testing: tiny, equal, very unequal (18 vs 6 decimals), huge. */
export const RESERVE_GRID: readonly (readonly [bigint, bigint])[] = [
  [2n, 3n],
  [1_000n, 1_000n],
  [100n * 10n ** 18n, 300_000n * 10n ** 6n],
  [300_000n * 10n ** 6n, 100n * 10n ** 18n],
  [10n ** 30n, 7n * 10n ** 29n],
];

/** Input sizes from one wei to far more than the reserve. */
export function amountsInFor(reserveIn: bigint): bigint[] {
  return unique([1n, 2n, 997n, 10n ** 6n, reserveIn / 1000n, reserveIn - 1n, reserveIn, reserveIn * 10n]);
}

/** Output sizes from one wei to one wei short of the whole reserve. */
export function amountsOutFor(reserveOut: bigint): bigint[] {
  return unique([1n, 2n, reserveOut / 1000n, reserveOut / 2n, reserveOut - 2n, reserveOut - 1n]).filter(
    (amount) => amount < reserveOut,
  );
}

function unique(amounts: bigint[]): bigint[] {
  return [...new Set(amounts)].filter((amount) => amount > 0n).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
