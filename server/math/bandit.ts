/**
 * A Thompson-sampling bandit that learns how much to bid. Each arm is a bid level, a share of the
 * opportunity's value in basis points; each keeps a Beta(1 + wins, 1 + losses) posterior over its
 * chance of winning. To choose, it draws one win probability from every arm's posterior and pulls
 * the arm whose draw maximises the expected profit p · (value − bid): it maximises what it keeps,
 * not how often it wins. Pure and deterministic: all randomness comes from a seeded {@link Random}.
 * The Gamma draws use Math.sqrt (exact in IEEE 754) and Math.log (V8's fdlibm port, the same on every
 * machine running the same Node), so a seed gives the same pulls everywhere the project runs.
 */
import { InvalidInputError } from "../errors";
import { BPS } from "./amm";
import type { Random } from "./random";

/** One arm's record. */
export interface ArmState {
  /** Share of the value bid, in basis points (0 … 10,000). */
  bidBps: number;
  pulls: number;
  wins: number;
  /** Sum of the profit of every pull (after the bid), in wei; negative when it lost money. */
  profitSum: bigint;
}

export interface BanditState {
  arms: readonly ArmState[];
}

/** What an arm's posterior says, for events and the API. */
export interface ArmStats {
  bidBps: number;
  alpha: number;
  beta: number;
  pulls: number;
  wins: number;
  /** wins / pulls (0 before the first pull). */
  winRate: number;
  /** profitSum / pulls, rounded toward zero, in wei (0 before the first pull). */
  meanProfit: bigint;
}

export class BanditError extends InvalidInputError {
  override name = "BanditError";
}

/** A bandit with no experience over the given bid levels (distinct, each from 0 to 10,000 bps). */
export function createBandit(bidLevels: readonly number[]): BanditState {
  if (bidLevels.length === 0) throw new BanditError("a bandit needs at least one bid level");
  for (const bps of bidLevels) {
    if (!Number.isInteger(bps) || bps < 0 || bps > Number(BPS)) {
      throw new BanditError(`bid level ${bps} is not a whole number of basis points from 0 to ${BPS}`);
    }
  }
  if (new Set(bidLevels).size !== bidLevels.length) throw new BanditError("bid levels must be distinct");
  return { arms: bidLevels.map((bidBps) => ({ bidBps, pulls: 0, wins: 0, profitSum: 0n })) };
}

/** A uniform draw in (0, 1), never exactly 0 or 1 (logs stay finite). */
export function uniform(random: Random): number {
  return (random.nextUint32() + 0.5) / 2 ** 32;
}

/** A standard normal draw (Marsaglia's polar method: only sqrt and log, no trigonometry). */
export function normal(random: Random): number {
  for (;;) {
    const u = 2 * uniform(random) - 1;
    const v = 2 * uniform(random) - 1;
    const s = u * u + v * v;
    if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s);
  }
}

/**
 * A Gamma(shape, 1) draw by Marsaglia and Tsang's method (2000): for shape ≥ 1, d = shape − 1/3,
 * c = 1/√(9d); draw x normal, v = (1 + c·x)³, accept d·v when log u < x²/2 + d − d·v + d·log v.
 * For shape < 1: Gamma(shape + 1) · u^(1/shape).
 */
export function gamma(random: Random, shape: number): number {
  if (!(shape > 0)) throw new BanditError(`gamma shape must be positive, got ${shape}`);
  if (shape < 1) return gamma(random, shape + 1) * uniform(random) ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = normal(random);
    const t = 1 + c * x;
    if (t <= 0) continue;
    const v = t * t * t;
    const u = uniform(random);
    // The cheap squeeze first; the exact test only when it fails.
    if (u < 1 - 0.0331 * x ** 4) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** A Beta(alpha, beta) draw: X / (X + Y) with X ~ Gamma(alpha), Y ~ Gamma(beta). */
export function betaSample(random: Random, alpha: number, beta: number): number {
  const x = gamma(random, alpha);
  const y = gamma(random, beta);
  return x / (x + y);
}

/** The arm to pull, and each arm's sampled win probability and score p · (10,000 − bidBps). */
export function chooseArm(state: BanditState, random: Random): { arm: number; samples: number[] } {
  const samples = state.arms.map((arm) => betaSample(random, 1 + arm.wins, 1 + arm.pulls - arm.wins));
  // (value − bid) = value · (10,000 − bidBps) / 10,000: the value is common to every arm, so it drops out.
  let best = 0;
  let bestScore = Number.NEGATIVE_INFINITY;
  samples.forEach((p, i) => {
    const score = p * (Number(BPS) - state.arms[i]!.bidBps);
    if (score > bestScore) [best, bestScore] = [i, score];
  });
  return { arm: best, samples };
}

/** The state after pulling `arm`: won or lost, with what the pull earned after its bid (wei). */
export function updateBandit(state: BanditState, arm: number, won: boolean, profit: bigint): BanditState {
  if (!state.arms[arm]) throw new BanditError(`no arm ${arm} (arms 0 to ${state.arms.length - 1})`);
  return {
    arms: state.arms.map((a, i) =>
      i === arm
        ? { ...a, pulls: a.pulls + 1, wins: a.wins + (won ? 1 : 0), profitSum: a.profitSum + profit }
        : a,
    ),
  };
}

/** Each arm's posterior and record. */
export function banditStats(state: BanditState): ArmStats[] {
  return state.arms.map((arm) => ({
    bidBps: arm.bidBps,
    alpha: 1 + arm.wins,
    beta: 1 + arm.pulls - arm.wins,
    pulls: arm.pulls,
    wins: arm.wins,
    winRate: arm.pulls === 0 ? 0 : arm.wins / arm.pulls,
    meanProfit: arm.pulls === 0 ? 0n : arm.profitSum / BigInt(arm.pulls),
  }));
}

/** A bid of `bidBps` of `value`, rounded down (never above the value). */
export function bidOf(value: bigint, bidBps: number): bigint {
  return (value * BigInt(bidBps)) / BPS;
}
