/**
 * Constant-product AMM math, mirrored from `contracts/dex/libraries/AmmLibrary.sol`.
 * Same names, same integer rounding: every output equals the contract's to the wei.
 * Pure functions over bigint base units; no I/O.
 *
 * The swap fee is in basis points (1 bp = 0.01%). With `feeBps = 30n` these are exactly
 * Uniswap V2's formulas: 9970/10000 is 997/1000 scaled by ten, and floor division agrees.
 */
import { SandboxError } from "../errors";

/** Basis points in one whole: fees and ratios are written as x / 10,000. */
export const BPS = 10_000n;

export class AmmMathError extends SandboxError {
  override name = "AmmMathError";
}

function assertReserves(reserveIn: bigint, reserveOut: bigint): void {
  if (reserveIn <= 0n || reserveOut <= 0n)
    throw new AmmMathError("InsufficientLiquidity: both reserves must be > 0");
}

/**
 * Given some amount of an asset and pair reserves, returns an equivalent amount of the other asset
 * (no fee, no price impact): `amountB = amountA · reserveB / reserveA`, rounded down.
 */
export function quote(amountA: bigint, reserveA: bigint, reserveB: bigint): bigint {
  if (amountA <= 0n) throw new AmmMathError("InsufficientAmount: amountA must be > 0");
  assertReserves(reserveA, reserveB);
  return (amountA * reserveB) / reserveA;
}

/**
 * Given an input amount of an asset and pair reserves, returns the maximum output amount of the other asset:
 * `out = in·(10000−fee)·Rout / (Rin·10000 + in·(10000−fee))`, rounded down.
 */
export function getAmountOut(
  amountIn: bigint,
  reserveIn: bigint,
  reserveOut: bigint,
  feeBps: bigint,
): bigint {
  if (amountIn <= 0n) throw new AmmMathError("InsufficientInputAmount: amountIn must be > 0");
  assertReserves(reserveIn, reserveOut);
  const amountInWithFee = amountIn * (BPS - feeBps);
  const numerator = amountInWithFee * reserveOut;
  const denominator = reserveIn * BPS + amountInWithFee;
  return numerator / denominator;
}

/**
 * Given an output amount of an asset and pair reserves, returns the required input amount of the other asset:
 * `in = Rin·out·10000 / ((Rout − out)·(10000−fee)) + 1` (rounded up by the +1, as Uniswap V2).
 */
export function getAmountIn(
  amountOut: bigint,
  reserveIn: bigint,
  reserveOut: bigint,
  feeBps: bigint,
): bigint {
  if (amountOut <= 0n) throw new AmmMathError("InsufficientOutputAmount: amountOut must be > 0");
  assertReserves(reserveIn, reserveOut);
  if (amountOut >= reserveOut)
    throw new AmmMathError("InsufficientLiquidity: amountOut must be < reserveOut");
  const numerator = reserveIn * amountOut * BPS;
  const denominator = (reserveOut - amountOut) * (BPS - feeBps);
  return numerator / denominator + 1n;
}

/**
 * The least a trader accepts for a quote with a slippage tolerance, as wallets set amountOutMin:
 * `amountOutMin = quote · (10000 − toleranceBps) / 10000`, rounded down.
 */
export function amountOutMinFor(quote: bigint, toleranceBps: bigint): bigint {
  return (quote * (BPS - toleranceBps)) / BPS;
}

/** Reserves of one hop, oriented in the direction of the trade. */
export interface HopReserves {
  reserveIn: bigint;
  reserveOut: bigint;
  feeBps: bigint;
}

/** Performs chained getAmountOut calculations along a path of hops: returns the amount after each hop. */
export function getAmountsOut(amountIn: bigint, hops: readonly HopReserves[]): bigint[] {
  const amounts = [amountIn];
  for (const hop of hops) {
    amounts.push(getAmountOut(amounts[amounts.length - 1]!, hop.reserveIn, hop.reserveOut, hop.feeBps));
  }
  return amounts;
}

/** Performs chained getAmountIn calculations backwards along a path of hops: returns the amount before each hop. */
export function getAmountsIn(amountOut: bigint, hops: readonly HopReserves[]): bigint[] {
  const amounts = [amountOut];
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    amounts.unshift(getAmountIn(amounts[0]!, hop.reserveIn, hop.reserveOut, hop.feeBps));
  }
  return amounts;
}
