/**
 * Small helpers for exact integer math on bigint: square root, min/max, rounding-up division.
 * Pure functions; no I/O.
 */
import { SandboxError } from "../errors";

export class BigintMathError extends SandboxError {
  override name = "BigintMathError";
}

/**
 * Returns ⌊√n⌋, the integer square root, by Newton's method.
 *
 * Starting above the root, the iteration `x ← (x + n/x) / 2` decreases strictly until it reaches ⌊√n⌋,
 * so the loop stops as soon as it would stop decreasing.
 *
 * @example
 * sqrt(10n ** 36n); // 10n ** 18n
 * sqrt(99n); // 9n
 */
export function sqrt(n: bigint): bigint {
  if (n < 0n) throw new BigintMathError("sqrt of a negative number");
  if (n < 2n) return n;
  // 2^⌈bits/2⌉ is above √n: a start close to the root keeps the loop short (about log2(bits) steps).
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / 2));
  for (;;) {
    const next = (x + n / x) >> 1n;
    if (next >= x) return x;
    x = next;
  }
}

/** Returns the smaller of two bigints. */
export function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

/** Returns the larger of two bigints. */
export function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

/** Returns `n / d` rounded up, for `n ≥ 0` and `d > 0`. */
export function divUp(n: bigint, d: bigint): bigint {
  return (n + d - 1n) / d;
}

/** Returns `n / d` rounded towards −∞ (bigint `/` rounds towards zero), for `d > 0`. */
export function divFloor(n: bigint, d: bigint): bigint {
  const q = n / d;
  return n < 0n && q * d !== n ? q - 1n : q;
}
