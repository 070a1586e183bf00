import { describe, expect, it } from "vitest";
import { BPS, getAmountsOut, type HopReserves } from "../../server/math/amm";
import {
  LOCAL_SEARCH_STEPS,
  maxProfitBound,
  minimalAmountIn,
  optimalCycleAmountIn,
  optimalTwoPoolArbitrage,
  roundedProfit,
  twoPoolClosedForm,
  virtualPool,
  virtualPoolOptimum,
} from "../../server/math/arbitrage";
import { sqrt } from "../../server/math/bigint";
import { createRandom, type Random } from "../../server/math/random";
import { bruteForceBest, outputThrough } from "../helpers/bruteForce";

const E18 = 10n ** 18n;
const FEES = [0n, 5n, 30n, 100n];

/** Two pools on one pair, the second quoting Y dearer by a random factor of up to ±15%. */
function randomPoolPair(random: Random, reserveX: [bigint, bigint], reserveY: [bigint, bigint]) {
  const ain = random.bigint(...reserveX);
  const aout = random.bigint(...reserveY);
  const bout = random.bigint(...reserveX);
  const tiltPpm = random.bigint(850_000n, 1_150_000n);
  const bin = (bout * aout * tiltPpm) / (ain * 1_000_000n); // Y per X on B = Y per X on A × tilt
  const poolA: HopReserves = { reserveIn: ain, reserveOut: aout, feeBps: FEES[random.int(0, 3)]! };
  const poolB: HopReserves = { reserveIn: bin, reserveOut: bout, feeBps: FEES[random.int(0, 3)]! };
  return { poolA, poolB };
}

describe("sqrt", () => {
  it("is the floor of the square root", () => {
    for (let n = 0n; n < 2_000n; n++) {
      const root = sqrt(n);
      expect(root * root <= n && (root + 1n) * (root + 1n) > n).toBe(true);
    }
    const random = createRandom("sqrt");
    for (let i = 0; i < 200; i++) {
      const r = random.bigint(1n, 10n ** 40n);
      expect([sqrt(r * r - 1n), sqrt(r * r), sqrt(r * r + 2n * r)]).toEqual([r - 1n, r, r]);
    }
  });
});

describe("virtualPool", () => {
  it("composes hops exactly: a·x/(b + c·x) equals the nested real-number outputs", () => {
    const random = createRandom("virtual-pool");
    for (let i = 0; i < 50; i++) {
      const hops = Array.from({ length: random.int(1, 4) }, () => ({
        reserveIn: random.bigint(1n, 10n ** 24n),
        reserveOut: random.bigint(1n, 10n ** 24n),
        feeBps: FEES[random.int(0, 3)]!,
      }));
      const x = random.bigint(1n, 10n ** 22n);
      // Nested fractions num/den: one hop maps n/d to g·Rout·n / (10000·Rin·d + g·n).
      let [num, den] = [x, 1n];
      for (const hop of hops) {
        const g = BPS - hop.feeBps;
        [num, den] = [g * hop.reserveOut * num, BPS * hop.reserveIn * den + g * num];
      }
      const { a, b, c } = virtualPool(hops);
      expect(a * x * den).toBe(num * (b + c * x));
      // The pools round each hop down, so the real output is an upper bound.
      expect(outputThrough(x, hops) * den <= num).toBe(true);
    }
  });
});

describe("minimalAmountIn", () => {
  it("is the smallest input reaching an output through the hops", () => {
    const random = createRandom("minimal-amount-in");
    for (let i = 0; i < 300; i++) {
      const hops = Array.from({ length: random.int(1, 3) }, () => ({
        reserveIn: random.bigint(1_000n, 10n ** 12n),
        reserveOut: random.bigint(1_000n, 10n ** 12n),
        feeBps: FEES[random.int(0, 3)]!,
      }));
      const target = random.bigint(1n, hops.at(-1)!.reserveOut / 2n);
      const x = minimalAmountIn(target, hops);
      if (x === undefined) continue; // an earlier hop cannot output enough
      expect(outputThrough(x, hops)).toBeGreaterThanOrEqual(target);
      expect(outputThrough(x - 1n, hops)).toBeLessThan(target);
    }
    const hop = { reserveIn: 1_000n, reserveOut: 1_000n, feeBps: 30n };
    expect(minimalAmountIn(1_000n, [hop])).toBeUndefined();
  });
});

describe("optimalTwoPoolArbitrage", () => {
  it("equals an exhaustive search of the rounded profit on small reserves", () => {
    const random = createRandom("two-pool-exhaustive");
    let profitable = 0;
    for (let i = 0; i < 12; i++) {
      const { poolA, poolB } = randomPoolPair(random, [20_000n, 120_000n], [10_000n, 1_000_000n]);
      const best = bruteForceBest([poolA, poolB], poolB.reserveOut);
      const size = optimalTwoPoolArbitrage({ poolA, poolB });
      expect({ amountIn: size.amountIn, profit: size.profit }).toEqual(best);
      expect(size.provenOptimal).toBe(true);
      if (best.profit > 0n) profitable++;
    }
    expect(profitable).toBeGreaterThan(3); // the cases cover both outcomes
  });

  it("respects the trader's capital: the best input at most maxAmountIn", () => {
    const random = createRandom("two-pool-capital");
    for (let i = 0; i < 6; i++) {
      const { poolA, poolB } = randomPoolPair(random, [20_000n, 120_000n], [10_000n, 1_000_000n]);
      const free = optimalTwoPoolArbitrage({ poolA, poolB });
      if (free.amountIn < 2n) continue;
      const maxAmountIn = free.amountIn / 2n;
      const capped = optimalTwoPoolArbitrage({ poolA, poolB, maxAmountIn });
      const best = bruteForceBest([poolA, poolB], maxAmountIn);
      expect({ amountIn: capped.amountIn, profit: capped.profit }).toEqual(best);
    }
  });

  it("returns the real rounded amounts of getAmountsOut", () => {
    const poolA = { reserveIn: 1_000n * E18, reserveOut: 2_000n * E18, feeBps: 30n };
    const poolB = { reserveIn: 1_800n * E18, reserveOut: 1_000n * E18, feeBps: 30n };
    const size = optimalTwoPoolArbitrage({ poolA, poolB });
    expect(size.amounts).toEqual(getAmountsOut(size.amountIn, [poolA, poolB]));
    expect(size.amountOut).toBe(size.amounts[2]);
    expect(size.profit).toBe(size.amountOut - size.amountIn);
    expect(size.profit).toBeGreaterThan(0n);
  });

  it("is a local maximum, within rounding of the smooth bound, on 18-decimal reserves", () => {
    const random = createRandom("two-pool-large");
    for (let i = 0; i < 20; i++) {
      const { poolA, poolB } = randomPoolPair(random, [10n ** 20n, 10n ** 24n], [10n ** 20n, 10n ** 24n]);
      const hops = [poolA, poolB];
      const size = optimalTwoPoolArbitrage({ poolA, poolB });
      const bound = maxProfitBound(virtualPool(hops));
      if (bound === 0n) {
        expect(size.amountIn).toBe(0n);
        continue;
      }
      for (let d = 1n; d <= BigInt(LOCAL_SEARCH_STEPS); d++) {
        expect(roundedProfit(size.amountIn + d, hops)).toBeLessThanOrEqual(size.profit);
        expect(roundedProfit(size.amountIn - d, hops)).toBeLessThanOrEqual(size.profit);
      }
      // Rounding loses less than 1 wei on the last hop, and less than 1 wei of Y on the first, which
      // pool B turns into at most ⌈Bout/Bin⌉ wei of X; x itself is within 1 wei of the real optimum.
      const roundingLoss = 2n + (poolB.reserveOut + poolB.reserveIn - 1n) / poolB.reserveIn;
      expect(size.profit).toBeLessThanOrEqual(bound);
      expect(size.profit).toBeGreaterThanOrEqual(bound - roundingLoss);
    }
  });

  it("finds the top when the intermediate token has 6 decimals (WETH → USDC → WETH)", () => {
    const random = createRandom("two-pool-mixed-decimals");
    for (let i = 0; i < 20; i++) {
      const { poolA, poolB } = randomPoolPair(random, [10n ** 20n, 10n ** 23n], [10n ** 9n, 10n ** 12n]);
      const hops = [poolA, poolB];
      const bound = maxProfitBound(virtualPool(hops));
      // One unit of USDC lost to rounding is worth up to ⌈Bout/Bin⌉ wei of WETH.
      const roundingLoss = 2n + (poolB.reserveOut + poolB.reserveIn - 1n) / poolB.reserveIn;
      for (const size of [optimalTwoPoolArbitrage({ poolA, poolB }), optimalCycleAmountIn(hops)]) {
        expect(size.profit).toBeLessThanOrEqual(bound);
        expect(size.profit).toBeGreaterThanOrEqual(bound > 0n ? bound - roundingLoss : 0n);
        if (size.amountIn === 0n) continue;
        for (let d = 1n; d <= BigInt(LOCAL_SEARCH_STEPS); d++) {
          expect(roundedProfit(size.amountIn + d, hops)).toBeLessThanOrEqual(size.profit);
          expect(roundedProfit(size.amountIn - d, hops)).toBeLessThanOrEqual(size.profit);
        }
      }
    }
  });

  it("trades nothing when the pools agree on the price, or differ by less than the fees", () => {
    // Pool A sells USDC at 2,000 per WETH; pool B sells WETH for USDC at (2,000 × permille/1000) USDC.
    const poolA = { reserveIn: 1_000n * E18, reserveOut: 2_000_000n * 10n ** 6n, feeBps: 30n };
    const poolB = (permille: bigint) => ({
      reserveIn: (4_000_000n * 10n ** 6n * permille) / 1_000n,
      reserveOut: 2_000n * E18,
      feeBps: 30n,
    });
    const noTrade = { amountIn: 0n, amountOut: 0n, profit: 0n, amounts: [], provenOptimal: true };
    expect(optimalTwoPoolArbitrage({ poolA, poolB: poolB(1_000n) })).toEqual(noTrade);
    // WETH 0.5% cheaper on B: less than the two 0.3% fees.
    expect(optimalTwoPoolArbitrage({ poolA, poolB: poolB(995n) })).toEqual(noTrade);
    // 0.7% cheaper: more than the fees, so a trade pays; but not without capital.
    expect(optimalTwoPoolArbitrage({ poolA, poolB: poolB(993n) }).profit).toBeGreaterThan(0n);
    expect(optimalTwoPoolArbitrage({ poolA, poolB: poolB(993n), maxAmountIn: 0n })).toEqual(noTrade);
  });
});

describe("twoPoolClosedForm", () => {
  it("equals the optimum of the two pools composed into one virtual pool (a second derivation)", () => {
    const random = createRandom("two-pool-closed-form");
    let profitable = 0;
    for (let i = 0; i < 40; i++) {
      const { poolA, poolB } = randomPoolPair(random, [10n ** 20n, 10n ** 24n], [10n ** 9n, 10n ** 13n]);
      const curve = virtualPool([poolA, poolB]);
      if (curve.a > curve.b) {
        profitable++;
        expect(twoPoolClosedForm(poolA, poolB)).toBe(virtualPoolOptimum(curve));
      } else {
        // No trade beats the fees: the formula's numerator is not positive.
        expect(twoPoolClosedForm(poolA, poolB)).toBeLessThanOrEqual(0n);
      }
    }
    expect(profitable).toBeGreaterThan(5);
  });

  it("is where the smooth profit peaks: a step either side earns less", () => {
    const poolA = { reserveIn: 1_000n * E18, reserveOut: 2_000_000n * 10n ** 6n, feeBps: 30n };
    const poolB = { reserveIn: 1_900_000n * 10n ** 6n, reserveOut: 1_000n * E18, feeBps: 25n };
    const x = twoPoolClosedForm(poolA, poolB);
    const curve = virtualPool([poolA, poolB]);
    // Smooth profit a·x/(b + c·x) − x, scaled by (b + c·x) and compared as fractions.
    const smooth = (v: bigint) => [curve.a * v - v * (curve.b + curve.c * v), curve.b + curve.c * v] as const;
    const step = E18 / 10n;
    for (const other of [x - step, x + step]) {
      const [n1, d1] = smooth(x);
      const [n2, d2] = smooth(other);
      expect(n1 * d2).toBeGreaterThan(n2 * d1);
    }
  });
});

describe("optimalCycleAmountIn", () => {
  it("agrees with the two-pool closed form on 2-hop cycles", () => {
    const random = createRandom("cycle-vs-closed-form");
    for (let i = 0; i < 30; i++) {
      const small = i % 2 === 0;
      const range: [bigint, bigint] = small ? [20_000n, 120_000n] : [10n ** 20n, 10n ** 24n];
      const { poolA, poolB } = randomPoolPair(random, range, range);
      const closedForm = optimalTwoPoolArbitrage({ poolA, poolB });
      const numeric = optimalCycleAmountIn([poolA, poolB]);
      if (closedForm.provenOptimal && numeric.provenOptimal) {
        // Both proved that nothing beats them; on a flat top they may pick different inputs.
        expect(numeric.profit).toBe(closedForm.profit);
        if (small) expect(numeric).toEqual(closedForm); // scanned exhaustively: ties go to the smallest
      } else {
        // Both sit on the flat top of the profit curve, a few wei apart at most.
        const roundingLoss = 2n + (poolB.reserveOut + poolB.reserveIn - 1n) / poolB.reserveIn;
        expect(numeric.profit - closedForm.profit).toBeLessThanOrEqual(roundingLoss);
        expect(closedForm.profit - numeric.profit).toBeLessThanOrEqual(roundingLoss);
      }
    }
  });

  it("equals an exhaustive search on 3-hop cycles", () => {
    const random = createRandom("cycle-3-hop");
    let profitable = 0;
    for (let i = 0; i < 10; i++) {
      // Prices of X, Y, Z in a common unit; each pool is off by up to ±10%.
      const price = [1n, random.bigint(1n, 5n), random.bigint(1n, 5n)];
      const hops = [0, 1, 2].map((k) => {
        const [from, to] = [k, (k + 1) % 3];
        const depth = random.bigint(30_000n, 100_000n);
        const reserveIn = depth * price[to]!;
        const reserveOut = (depth * price[from]! * random.bigint(900n, 1_100n)) / 1_000n;
        return { reserveIn, reserveOut, feeBps: FEES[random.int(0, 3)]! };
      });
      const best = bruteForceBest(hops, hops[2]!.reserveOut);
      const size = optimalCycleAmountIn(hops);
      expect({ amountIn: size.amountIn, profit: size.profit }).toEqual(best);
      if (best.profit > 0n) {
        profitable++;
        expect(size.amounts).toEqual(getAmountsOut(size.amountIn, hops));
      }
    }
    expect(profitable).toBeGreaterThan(2);
  });

  it("caps the input at maxAmountIn", () => {
    const hops = [
      { reserveIn: 1_000_000n, reserveOut: 2_000_000n, feeBps: 30n },
      { reserveIn: 3_000_000n, reserveOut: 1_000_000n, feeBps: 30n },
      { reserveIn: 600_000n, reserveOut: 1_000_000n, feeBps: 30n },
    ];
    const free = optimalCycleAmountIn(hops);
    const maxAmountIn = free.amountIn / 3n;
    const capped = optimalCycleAmountIn(hops, maxAmountIn);
    expect({ amountIn: capped.amountIn, profit: capped.profit }).toEqual(bruteForceBest(hops, maxAmountIn));
  });
});
