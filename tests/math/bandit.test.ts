import { describe, expect, it } from "vitest";
import {
  BanditError,
  banditStats,
  betaSample,
  bidOf,
  chooseArm,
  createBandit,
  gamma,
  updateBandit,
} from "../../server/math/bandit";
import { createRandom } from "../../server/math/random";

const VALUE = 10n ** 18n;

/**
 * A stationary auction: the chance each bid level wins, fixed. Expected profit p · (1 − share):
 * 50% → 0.025, 60% → 0.04, 70% → 0.09, 80% → 0.14 (best), 90% → 0.08, 95% → 0.045.
 * The most-winning arm (95%) is not the most profitable one.
 */
const LEVELS = [5000, 6000, 7000, 8000, 9000, 9500];
const WIN_PROBABILITY = [0.05, 0.1, 0.3, 0.7, 0.8, 0.9];
const BEST = 3;

/** Plays `rounds` rounds; returns the arms pulled in order and the final state. */
function play(seed: string, rounds: number) {
  const random = createRandom(`${seed}-bandit`);
  const world = createRandom(`${seed}-auction`);
  let state = createBandit(LEVELS);
  const pulled: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const { arm } = chooseArm(state, random);
    const won = world.nextUint32() / 2 ** 32 < WIN_PROBABILITY[arm]!;
    const profit = won ? VALUE - bidOf(VALUE, LEVELS[arm]!) : 0n;
    state = updateBandit(state, arm, won, profit);
    pulled.push(arm);
  }
  return { pulled, state };
}

describe("Thompson-sampling bidding bandit", () => {
  it("picks the best-expected-profit arm (80% bid) in ≥ 80% of the last 100 of 500 pulls, for 5 seeds", () => {
    for (const seed of ["a", "b", "c", "d", "e"]) {
      const { pulled } = play(seed, 500);
      const best = pulled.slice(-100).filter((arm) => arm === BEST).length;
      expect(best, `seed ${seed}`).toBeGreaterThanOrEqual(80);
    }
  });

  it("is deterministic for a seed", () => {
    expect(play("same", 200)).toEqual(play("same", 200));
    expect(play("same", 200).pulled).not.toEqual(play("other", 200).pulled);
  });

  it("keeps Beta(1 + wins, 1 + losses) posteriors, pulls, win rate and mean profit per arm", () => {
    let state = createBandit([5000, 9000]);
    state = updateBandit(state, 1, true, 100n);
    state = updateBandit(state, 1, false, 0n);
    state = updateBandit(state, 1, true, 50n);
    const [low, high] = banditStats(state);
    expect(low).toEqual({ bidBps: 5000, alpha: 1, beta: 1, pulls: 0, wins: 0, winRate: 0, meanProfit: 0n });
    expect(high).toEqual({
      bidBps: 9000,
      alpha: 3,
      beta: 2,
      pulls: 3,
      wins: 2,
      winRate: 2 / 3,
      meanProfit: 50n,
    });
  });

  it("samples Gamma and Beta with the right means (Marsaglia–Tsang)", () => {
    const random = createRandom("moments");
    const n = 20_000;
    const mean = (draw: () => number) => Array.from({ length: n }, draw).reduce((a, b) => a + b, 0) / n;
    expect(mean(() => gamma(random, 3))).toBeCloseTo(3, 1);
    expect(mean(() => gamma(random, 0.5))).toBeCloseTo(0.5, 1);
    expect(mean(() => betaSample(random, 2, 6))).toBeCloseTo(0.25, 2);
  });

  it("refuses bad bid levels and arms, naming them", () => {
    expect(() => createBandit([])).toThrow(BanditError);
    expect(() => createBandit([12_000])).toThrow(/bid level 12000 .* from 0 to 10000/);
    expect(() => createBandit([100, 100])).toThrow(/distinct/);
    expect(() => updateBandit(createBandit([100]), 3, true, 0n)).toThrow(/no arm 3/);
  });
});
