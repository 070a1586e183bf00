/**
 * Seeded pseudo-random numbers and random pool sets, deterministic on every machine.
 * Integer arithmetic only (no `Math.random`, no `Math.log`), so a seed always gives the same pools.
 */

import type { Pool } from "./graph";

/** A fixed seed: scenarios and bots that need randomness draw it from here, so runs repeat exactly. */
export const DEFAULT_SEED = "mev-sandbox";

/** A deterministic source of random numbers. */
export interface Random {
  /** Returns a uniformly distributed 32-bit unsigned integer. */
  nextUint32(): number;
  /** Returns an integer in [lo, hi] (inclusive), uniformly distributed up to a negligible bias. */
  int(lo: number, hi: number): number;
  /** Returns a bigint in [lo, hi] (inclusive). */
  bigint(lo: bigint, hi: bigint): bigint;
}

/** Hashes a string seed into 32 bits (FNV-1a), so seeds can be names like "bellman-ford-3". */
export function hashSeed(seed: string | number): number {
  const text = String(seed);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * Returns a mulberry32 generator seeded with `seed` (a string or a number).
 *
 * @example
 * const random = createRandom("demo");
 * random.int(1, 6); // the same die roll on every run
 */
export function createRandom(seed: string | number): Random {
  let state = hashSeed(seed);
  const nextUint32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const bigint = (lo: bigint, hi: bigint): bigint => {
    const span = hi - lo + 1n;
    let bits = 0n;
    // 64 random bits more than the span needs make the modulo bias negligible.
    for (let width = 0n; 1n << width < span << 64n; width += 32n) bits = (bits << 32n) | BigInt(nextUint32());
    return lo + (bits % span);
  };
  const int = (lo: number, hi: number): number => Number(bigint(BigInt(lo), BigInt(hi)));
  return { nextUint32, int, bigint };
}

/** Options of {@link randomPools}. */
export interface RandomPoolsOptions {
  /**
   * How far each pool's price strays from the tokens' common reference prices, in parts per million
   * (default 20,000 = ±2%). With 0 every pool quotes the same prices, up to the rounding of reserves.
   */
  priceNoisePpm?: number;
  /** Fees to pick from for each pool, in basis points (default [30n]). */
  feeBps?: readonly bigint[];
}

/**
 * Returns `nPools` random pools between `nTokens` tokens (named T000, T001, …), deterministic in `seed`.
 *
 * Each token gets a reference price in dollars; each pool a depth in dollars and two reserves (18
 * decimals) worth that depth at the reference prices, each moved by up to ±`priceNoisePpm`. So prices
 * roughly agree across pools and cycles are profitable only where the noise beats the fees, as on a
 * real chain. Two pools can share a pair (like two DEXes listing the same tokens).
 *
 * @example
 * const pools = randomPools("bench", 200, 1_000); // 200 tokens, 1,000 pools, the same every time
 */
export function randomPools(
  seed: string | number,
  nTokens: number,
  nPools: number,
  options: RandomPoolsOptions = {},
): Pool[] {
  if (nTokens < 2) throw new RangeError("randomPools needs at least two tokens");
  const random = createRandom(seed);
  const noise = BigInt(options.priceNoisePpm ?? 20_000);
  const fees = options.feeBps ?? [30n];
  const width = String(nTokens - 1).length;
  const tokens = Array.from({ length: nTokens }, (_, i) => `T${String(i).padStart(Math.max(3, width), "0")}`);
  const pricesCents = tokens.map(() => random.bigint(1n, 1_000_000n)); // $0.01 … $10,000
  const reserveFor = (depthDollars: bigint, token: number): bigint => {
    const tilt = 1_000_000n + random.bigint(-noise, noise);
    return (depthDollars * 100n * 10n ** 18n * tilt) / (pricesCents[token]! * 1_000_000n);
  };
  return Array.from({ length: nPools }, (_, index) => {
    const i = random.int(0, nTokens - 1);
    const j = (i + random.int(1, nTokens - 1)) % nTokens; // any token but i
    const [t0, t1] = i < j ? [i, j] : [j, i];
    const depthDollars = random.bigint(10_000n, 10_000_000n);
    return {
      id: `P${String(index).padStart(String(nPools - 1).length, "0")}`,
      token0: tokens[t0]!,
      token1: tokens[t1]!,
      reserve0: reserveFor(depthDollars, t0),
      reserve1: reserveFor(depthDollars, t1),
      feeBps: fees[random.int(0, fees.length - 1)]!,
    };
  });
}
