/**
 * Optimal input size for a cyclic arbitrage through constant-product pools (Uniswap V2 style).
 *
 * All amounts are bigint base units. The continuous (real-number) formulas give the shape of the
 * profit curve and a closed-form optimum; every amount returned is recomputed with `getAmountsOut`
 * from `amm.ts`, i.e. with the contracts' exact rounding, so a bot can send it as is.
 */

import { AmmMathError, BPS, getAmountIn, getAmountOut, getAmountsOut, type HopReserves } from "./amm";
import { divFloor, divUp, max, min, sqrt } from "./bigint";

// ─── Types ──────────────────────────────────────────────────────────────────────────────────────

/** The chosen input of an arbitrage and what it yields, with the contracts' rounding. */
export interface ArbitrageSize {
  /** Amount of the start token sent into the first pool (0n when no trade is profitable). */
  amountIn: bigint;
  /** Amount of the start token received from the last pool (0n when no trade). */
  amountOut: bigint;
  /** `amountOut − amountIn`, in the start token; > 0n whenever `amountIn > 0n`. */
  profit: bigint;
  /** `getAmountsOut(amountIn, hops)`: the amount before each hop and after the last; [] when no trade. */
  amounts: bigint[];
  /**
   * True when it is proven that no input up to the cap gives more profit with exact rounding (see
   * {@link refineArbitrageSize}). When false the result is a local optimum; without a cap it falls short
   * of the best by at most `maxProfitBound(virtualPool(hops)) − profit` (in the tests, a few wei).
   */
  provenOptimal: boolean;
}

/** Two pools on the same pair, each oriented in the direction of the trade. */
export interface TwoPoolArbitrageParameters {
  /** Pool A, where the start token X buys the intermediate token Y: `reserveIn` is X, `reserveOut` is Y. */
  poolA: HopReserves;
  /** Pool B, where Y is sold back for X: `reserveIn` is Y, `reserveOut` is X. */
  poolB: HopReserves;
  /** Largest input the trader can spend (its capital), in X; no limit when omitted. */
  maxAmountIn?: bigint;
}

/**
 * A chain of pools seen as one curve: `out(x) = a·x / (b + c·x)` before rounding.
 *
 * One pool with fee γ = g/10000 gives `out(x) = γ·x·Rout / (Rin + γ·x)`; scaled by 10,000 that is
 * `a = g·Rout, b = 10000·Rin, c = g`. Feeding that output into a second curve (a₂, b₂, c₂):
 *
 *   out₂(out₁(x)) = a₁a₂·x / (b₁b₂ + (c₁b₂ + a₁c₂)·x)
 *
 * has the same form again, so any chain of constant-product pools behaves like a single "virtual
 * pool" (here with reserves b/c in and a/c out, and no fee). Integers all the way, so exact.
 */
export interface VirtualPool {
  a: bigint;
  b: bigint;
  c: bigint;
}

// ─── Closed forms ───────────────────────────────────────────────────────────────────────────────

/**
 * Composes the hops of a path into one {@link VirtualPool} (exact, no rounding).
 *
 * @example
 * const curve = virtualPool([
 *   { reserveIn: 1_000n, reserveOut: 2_000n, feeBps: 30n },
 *   { reserveIn: 1_800n, reserveOut: 1_000n, feeBps: 30n },
 * ]);
 * curve.a > curve.b; // true: the marginal rate at x = 0 is a/b > 1, the cycle is profitable
 */
export function virtualPool(hops: readonly HopReserves[]): VirtualPool {
  if (hops.length === 0) throw new AmmMathError("a path needs at least one hop");
  let curve: VirtualPool = { a: 1n, b: 1n, c: 0n }; // the identity: out(x) = x
  for (const hop of hops) {
    assertHop(hop);
    const g = BPS - hop.feeBps;
    const [a2, b2, c2] = [g * hop.reserveOut, BPS * hop.reserveIn, g];
    curve = { a: curve.a * a2, b: curve.b * b2, c: curve.c * b2 + curve.a * c2 };
  }
  return curve;
}

/**
 * Returns the real-valued optimum of `a·x/(b + c·x) − x`, rounded down, or 0n when not profitable.
 *
 * The derivative `a·b/(b + c·x)² − 1` vanishes at `(b + c·x)² = a·b`, i.e. `x* = (√(a·b) − b) / c`;
 * it is positive only when `a > b` (the marginal rate of the whole cycle, a/b, exceeds 1).
 */
export function virtualPoolOptimum(curve: VirtualPool): bigint {
  if (curve.a <= curve.b) return 0n;
  return (sqrt(curve.a * curve.b) - curve.b) / curve.c;
}

/**
 * Returns an upper bound on the rounded profit of the path at any integer input: the largest
 * `⌊a·x/(b + c·x) − x⌋` over integers x. Rounding every hop down can only lower the output.
 */
export function maxProfitBound(curve: VirtualPool): bigint {
  if (curve.a <= curve.b) return 0n;
  // The smooth profit is concave with its real maximum in [x, x + 1], x = ⌊x*⌋: check both.
  const x = virtualPoolOptimum(curve);
  let best = 0n;
  for (const candidate of [x, x + 1n]) {
    const profit = divFloor(
      curve.a * candidate - candidate * (curve.b + curve.c * candidate),
      curve.b + curve.c * candidate,
    );
    best = max(best, profit);
  }
  return best;
}

/**
 * Two-pool arbitrage in closed form: buy Y with X on pool A, sell that Y for X on pool B.
 *
 * Variables (all reserves in base units, oriented along the trade):
 * - pool A: `Ain` = its reserve of X (the start token), `Aout` = its reserve of Y;
 * - pool B: `Bin` = its reserve of Y, `Bout` = its reserve of X;
 * - γA = (10000 − feeA)/10000 and γB = (10000 − feeB)/10000, the shares of the input kept after fees.
 *
 * Derivation (real numbers, no rounding):
 * 1. Pool A turns x into `y = γA·x·Aout / (Ain + γA·x)`, pool B turns y into `z = γB·y·Bout / (Bin + γB·y)`.
 * 2. Substituting and multiplying through by (Ain + γA·x):
 *    `z = γA·γB·Aout·Bout·x / (Ain·Bin + γA·(Bin + γB·Aout)·x)`.
 * 3. The profit `z − x` has derivative `γA·γB·Aout·Bout·Ain·Bin / (Ain·Bin + γA·(Bin + γB·Aout)·x)² − 1`.
 *    Setting it to zero: `Ain·Bin + γA·(Bin + γB·Aout)·x = √(γA·γB·Ain·Aout·Bin·Bout)`, so
 *
 *      x* = (√(γA·γB·Ain·Aout·Bin·Bout) − Ain·Bin) / (γA·(Bin + γB·Aout))
 *
 *    With one fee γ this is the usual `(γ·√(Ain·Aout·Bin·Bout) − Ain·Bin) / (γ·(Bin + γ·Aout))`.
 * 4. The profit is concave (step 2 is an increasing concave function of x), so x* is the maximum.
 *    It is positive only when `γA·γB·Aout·Bout > Ain·Bin`: buying on A then selling on B must beat
 *    both fees at the margin. Otherwise the best trade is no trade.
 *
 * In integers, γ = g/10000 with g = 10000 − fee; multiplying numerator and denominator by 10000²:
 * `x* = (√(10000²·gA·gB·Ain·Aout·Bin·Bout) − 10000²·Ain·Bin) / (gA·(10000·Bin + gB·Aout))`.
 *
 * Rounding: the pools round every output down, so the real profit curve is a staircase just below
 * the smooth one, and its best integer input can sit a few wei (small reserves) or very many wei (the
 * flat top of 18-decimal reserves) away from ⌊x*⌋. {@link refineArbitrageSize} then searches around
 * ⌊x*⌋ with the exact rounding.
 *
 * @example
 * // X/Y is 1:2 on pool A and 1:1.8 on pool B: buy Y on A, sell it on B.
 * const size = optimalTwoPoolArbitrage({
 *   poolA: { reserveIn: 1_000n * 10n ** 18n, reserveOut: 2_000n * 10n ** 18n, feeBps: 30n },
 *   poolB: { reserveIn: 1_800n * 10n ** 18n, reserveOut: 1_000n * 10n ** 18n, feeBps: 30n },
 * });
 * size.profit > 0n; // true; size.amountOut === getAmountsOut(size.amountIn, [poolA, poolB])[2]
 */
export function optimalTwoPoolArbitrage(params: TwoPoolArbitrageParameters): ArbitrageSize {
  const { poolA, poolB, maxAmountIn } = params;
  const hops = [poolA, poolB];
  const curve = virtualPool(hops);
  if (curve.a <= curve.b) return noTrade();
  const cap = maxAmountIn ?? (curve.a - curve.b) / curve.c; // beyond (a − b)/c even the smooth profit is < 0
  if (cap <= 0n) return noTrade();
  return refineArbitrageSize(hops, clamp(twoPoolClosedForm(poolA, poolB), 1n, cap), cap, curve);
}

/**
 * Returns the closed-form optimum of {@link optimalTwoPoolArbitrage} before any rounding search, rounded
 * down (negative when buying on A and selling on B does not beat the fees):
 * `x* = (√(10000²·gA·gB·Ain·Aout·Bin·Bout) − 10000²·Ain·Bin) / (gA·(10000·Bin + gB·Aout))`.
 *
 * @example
 * twoPoolClosedForm(poolA, poolB); // the x* a learner can check by hand; the bot then refines it
 */
export function twoPoolClosedForm(poolA: HopReserves, poolB: HopReserves): bigint {
  const gA = BPS - poolA.feeBps;
  const gB = BPS - poolB.feeBps;
  const root = sqrt(
    BPS * BPS * gA * gB * poolA.reserveIn * poolA.reserveOut * poolB.reserveIn * poolB.reserveOut,
  );
  return (
    (root - BPS * BPS * poolA.reserveIn * poolB.reserveIn) /
    (gA * (BPS * poolB.reserveIn + gB * poolA.reserveOut))
  );
}

// ─── Numerical search for any cycle ─────────────────────────────────────────────────────────────

/**
 * Returns the input that maximises `getAmountsOut(x, hops).at(-1) − x` for a cycle of any length
 * (the last hop's output token is the first hop's input token).
 *
 * Method: the smooth profit is concave on [1, x₀], where x₀ = (a − b)/c is where the smooth profit
 * of the {@link virtualPool} falls back to zero (no input beyond it can be profitable). A ternary
 * search over bigint on that interval, evaluating the exact rounded profit (at the first input of each
 * probe's output step, see below), lands on the flat top; {@link refineArbitrageSize} then settles
 * the last wei. The closed form of the virtual pool is not
 * used to pick the input, so this doubles as an independent check of {@link optimalTwoPoolArbitrage}.
 *
 * @param maxAmountIn largest input the trader can spend; no limit when omitted.
 * @example
 * const size = optimalCycleAmountIn([
 *   { reserveIn: 1_000_000n, reserveOut: 2_000_000n, feeBps: 30n }, // X → Y
 *   { reserveIn: 3_000_000n, reserveOut: 1_000_000n, feeBps: 30n }, // Y → Z
 *   { reserveIn: 600_000n, reserveOut: 1_000_000n, feeBps: 30n }, //   Z → X
 * ]);
 * size.amountOut - size.amountIn === size.profit; // true, and size.profit > 0n
 */
export function optimalCycleAmountIn(hops: readonly HopReserves[], maxAmountIn?: bigint): ArbitrageSize {
  const curve = virtualPool(hops);
  if (curve.a <= curve.b) return noTrade();
  const zeroProfitInput = (curve.a - curve.b) / curve.c;
  const cap = maxAmountIn ?? zeroProfitInput;
  if (cap <= 0n) return noTrade();
  // Compare profits at the first input of each probe's step (see refineArbitrageSize): a hop into a
  // 6-decimal token makes the raw profit a sawtooth with 10⁹-wei teeth, enough to mislead the search.
  const profitOfStep = (x: bigint) => roundedProfit(firstInputOfStep(hops, x), hops);
  let lo = 1n;
  let hi = max(1n, min(cap, zeroProfitInput));
  while (hi - lo > 2n) {
    const third = (hi - lo) / 3n;
    const [m1, m2] = [lo + third, hi - third];
    // Concave: if the left probe is lower, the top is right of it; otherwise it is left of m2.
    if (profitOfStep(m1) < profitOfStep(m2)) lo = m1 + 1n;
    else hi = m2;
  }
  let best = lo;
  for (let x = lo + 1n; x <= hi; x++) if (profitOfStep(x) > profitOfStep(best)) best = x;
  return refineArbitrageSize(hops, best, cap, curve);
}

/** Inputs scanned at most when proving an optimum; beyond that, the search climbs the staircase locally. */
export const EXACT_SEARCH_LIMIT = 4_096n;
/** Steps of the output staircase compared on each side of the best input when climbing. */
export const LOCAL_SEARCH_STEPS = 16;

/**
 * Settles the last wei around a good starting input `start` of a cycle, with exact rounding.
 *
 * Proof by bounding: the rounded profit never exceeds the smooth one, so only inputs where the smooth
 * profit reaches the best rounded profit found so far can tie or beat it. That set is an interval
 * (the smooth profit is concave): solve `a·x/(b + c·x) − x ≥ T` ⇔ `c·x² + (b + c·T − a)·x + T·b ≤ 0`.
 * If it holds at most {@link EXACT_SEARCH_LIMIT} integers they are all scanned, which proves the
 * result optimal (ties go to the smallest input: less capital, less price impact).
 *
 * Otherwise (18-decimal reserves, where the top is flat over ~10¹² wei) it climbs the staircase: the
 * rounded output is a non-decreasing step function of the input, so within one step the smallest input
 * is the most profitable. The search moves to the first input of the current step, compares the first
 * inputs of the {@link LOCAL_SEARCH_STEPS} steps on each side (with {@link minimalAmountIn}, so a step
 * 10⁹ wei wide, as when a hop outputs a 6-decimal token, costs no more than a step of 1 wei), and
 * repeats while that gains. No input within `LOCAL_SEARCH_STEPS` wei does better. Then, if few inputs
 * remain whose smooth profit could beat the result by a wei (often none: the climb reaches the bound),
 * they are scanned and the result is proven optimal again (the smallest input among ties is then not
 * guaranteed).
 *
 * @example
 * const hops = [poolA, poolB];
 * refineArbitrageSize(hops, 12_345n, 10n ** 30n, virtualPool(hops)).amountIn; // best input near 12,345
 */
export function refineArbitrageSize(
  hops: readonly HopReserves[],
  start: bigint,
  cap: bigint,
  curve: VirtualPool = virtualPool(hops),
): ArbitrageSize {
  if (cap < 1n || curve.a <= curve.b) return noTrade();
  let best = clamp(start, 1n, cap);
  let bestProfit = roundedProfit(best, hops);
  let [lo, hi] = profitAtLeastInterval(curve, bestProfit, cap);
  if (hi - lo + 1n > EXACT_SEARCH_LIMIT) {
    best = climbStaircase(hops, best, cap);
    bestProfit = roundedProfit(best, hops);
    // Only inputs whose smooth profit reaches bestProfit + 1 could still do better.
    [lo, hi] = profitAtLeastInterval(curve, bestProfit + 1n, cap);
  }
  const provenOptimal = hi - lo + 1n <= EXACT_SEARCH_LIMIT;
  if (provenOptimal) {
    for (let x = lo; x <= hi; x++) {
      const profit = roundedProfit(x, hops);
      if (profit > bestProfit || (profit === bestProfit && x < best)) [best, bestProfit] = [x, profit];
    }
  }
  if (bestProfit <= 0n) return noTrade(provenOptimal);
  return sizeOf(best, hops, provenOptimal);
}

/** Local search over the first inputs of the output's steps (see {@link refineArbitrageSize}). */
function climbStaircase(hops: readonly HopReserves[], start: bigint, cap: bigint): bigint {
  let best = firstInputOfStep(hops, start);
  let bestProfit = roundedProfit(best, hops);
  for (let improved = true; improved; ) {
    improved = false;
    const center = best;
    for (let j = 0, x: bigint | undefined = center; j < LOCAL_SEARCH_STEPS; j++) {
      x = nextStepInput(hops, x, cap);
      if (x === undefined) break;
      const profit = roundedProfit(x, hops);
      if (profit > bestProfit) [best, bestProfit, improved] = [x, profit, true];
    }
    for (let j = 0, x = center; j < LOCAL_SEARCH_STEPS && x > 1n; j++) {
      x = firstInputOfStep(hops, x - 1n);
      const profit = roundedProfit(x, hops);
      if (profit > bestProfit) improved = true;
      if (profit >= bestProfit) [best, bestProfit] = [x, profit]; // left of best: ties go to it
    }
  }
  return best;
}

/** The smallest input giving the same output as x. */
function firstInputOfStep(hops: readonly HopReserves[], x: bigint): bigint {
  const level = outputThrough(x, hops);
  return level === 0n ? 1n : minimalAmountIn(level, hops)!;
}

/** The smallest input above x giving more output than x, or undefined when it would exceed cap. */
function nextStepInput(hops: readonly HopReserves[], x: bigint, cap: bigint): bigint | undefined {
  const next = minimalAmountIn(outputThrough(x, hops) + 1n, hops);
  return next !== undefined && next <= cap ? next : undefined;
}

/**
 * Returns the smallest input whose output through the hops is at least `amountOut`, or undefined when
 * no input reaches it (`amountOut` ≥ a reserve on the way).
 *
 * Works backwards like `getAmountsIn`, whose `getAmountIn` adds 1 after rounding down: one wei too
 * many when the division is exact. Each hop is monotone, so the smallest input of the path is the
 * smallest input of the first hop reaching the smallest input of the second, and so on.
 *
 * @example
 * const x = minimalAmountIn(1_000n, hops)!;
 * getAmountsOut(x, hops).at(-1)! >= 1_000n && getAmountsOut(x - 1n, hops).at(-1)! < 1_000n; // true
 */
export function minimalAmountIn(amountOut: bigint, hops: readonly HopReserves[]): bigint | undefined {
  let amount = amountOut;
  for (let i = hops.length - 1; i >= 0 && amount > 0n; i--) {
    const { reserveIn, reserveOut, feeBps } = hops[i]!;
    if (amount >= reserveOut) return undefined;
    const input = getAmountIn(amount, reserveIn, reserveOut, feeBps);
    const oneLess = input - 1n;
    amount = oneLess > 0n && getAmountOut(oneLess, reserveIn, reserveOut, feeBps) >= amount ? oneLess : input;
  }
  return max(0n, amount);
}

// ─── Helpers ────────────────────────────────────────────────────────────────────────────────────

/**
 * Returns the rounded profit `out − x` of sending x through the hops, with `getAmountOut`'s rounding.
 * A hop whose input rounds to zero outputs zero (the router would revert; here the trade just loses x).
 */
export function roundedProfit(x: bigint, hops: readonly HopReserves[]): bigint {
  return outputThrough(x, hops) - x;
}

/** Output of sending x through the hops with `getAmountOut`; 0n once an amount rounds down to zero. */
function outputThrough(x: bigint, hops: readonly HopReserves[]): bigint {
  let amount = x;
  for (const hop of hops) {
    if (amount <= 0n) return 0n;
    amount = getAmountOut(amount, hop.reserveIn, hop.reserveOut, hop.feeBps);
  }
  return amount;
}

/** The integers x in [1, cap] where the smooth profit is at least `target` (a superset, widened by one). */
function profitAtLeastInterval(curve: VirtualPool, target: bigint, cap: bigint): [bigint, bigint] {
  const { a, b, c } = curve;
  const half = a - b - c * target; // c·x² − half·x + target·b ≤ 0
  const discriminant = half * half - 4n * c * target * b;
  if (discriminant < 0n) return [1n, 0n];
  const root = sqrt(discriminant); // ⌊√D⌋ ≤ √D < root + 1
  const lo = max(1n, divFloor(half - root - 1n, 2n * c));
  const hi = min(cap, divUp(max(0n, half + root + 1n), 2n * c));
  return [lo, hi];
}

function sizeOf(amountIn: bigint, hops: readonly HopReserves[], provenOptimal: boolean): ArbitrageSize {
  const amounts = getAmountsOut(amountIn, hops);
  const amountOut = amounts[amounts.length - 1]!;
  return { amountIn, amountOut, profit: amountOut - amountIn, amounts, provenOptimal };
}

function noTrade(provenOptimal = true): ArbitrageSize {
  return { amountIn: 0n, amountOut: 0n, profit: 0n, amounts: [], provenOptimal };
}

function clamp(x: bigint, lo: bigint, hi: bigint): bigint {
  return max(lo, min(hi, x));
}

function assertHop(hop: HopReserves): void {
  if (hop.reserveIn <= 0n || hop.reserveOut <= 0n)
    throw new AmmMathError("InsufficientLiquidity: both reserves must be > 0");
  if (hop.feeBps < 0n || hop.feeBps >= BPS) throw new AmmMathError("fee must be in [0, 10000) basis points");
}
