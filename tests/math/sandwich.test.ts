import { describe, expect, it } from "vitest";
import { getAmountOut } from "../../server/math/amm";
import { createRandom } from "../../server/math/random";
import {
  largestFrontrun,
  largestFrontrunEstimate,
  planSandwich,
  type SandwichParameters,
  sandwichProfit,
  victimOutputAfterFrontrun,
} from "../../server/math/sandwich";

const E18 = 10n ** 18n;
const E6 = 10n ** 6n;

import { GWEI } from "../../server/format";

/** Gas of a frontrun plus a backrun, each a router swap of ~120,000 gas. */
const SANDWICH_GAS = 2n * 120_000n;

/** The victim's wallet quotes the pool and accepts `slippageBps` less, as a swap UI does. */
function victimSwap(reserveIn: bigint, reserveOut: bigint, victimAmountIn: bigint, slippageBps: bigint) {
  const quote = getAmountOut(victimAmountIn, reserveIn, reserveOut, 30n);
  return {
    victimAmountIn,
    amountOutMin: (quote * (10_000n - slippageBps)) / 10_000n,
    reserveIn,
    reserveOut,
    feeBps: 30n,
  };
}

/** WETH/USDC with 1,000 WETH and 2,000,000 USDC; the victim sells 50 WETH; the attacker has 1,000 WETH. */
function wethUsdc(slippageBps: bigint, gasCost = 0n): SandwichParameters {
  return {
    ...victimSwap(1_000n * E18, 2_000_000n * E6, 50n * E18, slippageBps),
    attackerCapital: 1_000n * E18,
    gasCost,
  };
}

function randomParams(seed: string): SandwichParameters {
  const random = createRandom(seed);
  const reserveIn = random.bigint(10n ** 20n, 10n ** 24n);
  const reserveOut = random.bigint(10n ** 8n, 10n ** 24n);
  const victimAmountIn = (reserveIn * random.bigint(1n, 1_000n)) / 10_000n; // 0.01% … 10% of the pool
  return {
    ...victimSwap(reserveIn, reserveOut, victimAmountIn, random.bigint(0n, 500n)),
    attackerCapital: random.bigint(1n, reserveIn),
  };
}

describe("sandwich legs", () => {
  it("replays frontrun, victim and backrun on the pool with getAmountOut", () => {
    const params = wethUsdc(200n);
    const f = 3n * E18;
    const outcome = sandwichProfit(f, params);
    const { reserveIn: x, reserveOut: y, feeBps, victimAmountIn: v } = params;
    const bought = getAmountOut(f, x, y, feeBps);
    const victimOut = getAmountOut(v, x + f, y - bought, feeBps);
    const sold = getAmountOut(bought, y - bought - victimOut, x + f + v, feeBps);
    expect(outcome.frontrun).toEqual({ amountIn: f, amountOut: bought });
    expect(outcome.victim).toEqual({ amountIn: v, amountOut: victimOut, reverted: false });
    expect(outcome.backrun).toEqual({ amountIn: bought, amountOut: sold });
    expect(outcome.grossProfit).toBe(sold - f);
    expect(outcome.victimLoss).toBe(getAmountOut(v, x, y, feeBps) - victimOut);
    expect(outcome.reservesAfter).toEqual({ reserveIn: x + f + v - sold, reserveOut: y - victimOut });
    expect(victimOutputAfterFrontrun(f, params)).toBe(victimOut);
  });

  it("lets the victim revert when the frontrun pushes it below its minimum", () => {
    const params = wethUsdc(10n);
    const tooMuch = largestFrontrun(params).amountIn + 1n;
    const outcome = sandwichProfit(tooMuch, params);
    expect(outcome.victim).toEqual({ amountIn: params.victimAmountIn, amountOut: 0n, reverted: true });
    expect(outcome.grossProfit).toBeLessThan(0n); // a round trip without the victim only pays fees
  });

  it("gives the victim less the larger the frontrun", () => {
    const params = wethUsdc(200n);
    let previous = victimOutputAfterFrontrun(0n, params);
    for (let f = E18 / 10n; f <= 100n * E18; f += E18 * 3n) {
      const out = victimOutputAfterFrontrun(f, params);
      expect(out).toBeLessThanOrEqual(previous);
      previous = out;
    }
  });
});

describe("largestFrontrun", () => {
  it("is exact to the wei: the victim gets its minimum at f and less at f + 1", () => {
    let bySlippage = 0;
    for (let i = 0; i < 60; i++) {
      const params = randomParams(`largest-frontrun-${i}`);
      const { amountIn: f, limitedBy } = largestFrontrun(params);
      expect(victimOutputAfterFrontrun(f, params)).toBeGreaterThanOrEqual(params.amountOutMin);
      if (limitedBy === "slippage") {
        bySlippage++;
        expect(victimOutputAfterFrontrun(f + 1n, params)).toBeLessThan(params.amountOutMin);
      } else {
        expect(limitedBy).toBe("capital");
        expect(f).toBe(params.attackerCapital);
      }
    }
    expect(bySlippage).toBeGreaterThan(20);
  });

  it("is capped by the attacker's capital", () => {
    const params = wethUsdc(200n);
    const free = largestFrontrun(params);
    const capital = free.amountIn / 2n;
    expect(largestFrontrun({ ...params, attackerCapital: capital })).toEqual({
      amountIn: capital,
      limitedBy: "capital",
    });
  });

  it("is 0 when the victim would revert anyway", () => {
    const params = wethUsdc(0n);
    const stricter = { ...params, amountOutMin: params.amountOutMin + 1n };
    expect(largestFrontrun(stricter)).toEqual({ amountIn: 0n, limitedBy: "victim-would-revert" });
  });

  it("agrees with the closed-form quadratic to a millionth", () => {
    for (let i = 0; i < 60; i++) {
      const params = { ...randomParams(`estimate-${i}`), attackerCapital: 10n ** 30n };
      const { amountIn: f } = largestFrontrun(params);
      const estimate = largestFrontrunEstimate(params);
      const difference = f > estimate ? f - estimate : estimate - f;
      expect(difference).toBeLessThanOrEqual(f / 1_000_000n + 1n);
    }
  });
});

describe("planSandwich", () => {
  it("sandwiches a 50 WETH swap at 2% slippage, for far more than gas", () => {
    const gasCost = SANDWICH_GAS * 30n * GWEI;
    const params = wethUsdc(200n, gasCost);
    const decision = planSandwich(params);
    if (decision.kind !== "sandwich") throw new Error(`expected a sandwich, got ${decision.reason}`);
    const { outcome, maxFrontrun } = decision;
    expect(outcome.frontrun.amountIn).toBeLessThanOrEqual(maxFrontrun.amountIn);
    expect(outcome.victim.reverted).toBe(false);
    expect(outcome.victim.amountOut).toBeGreaterThanOrEqual(params.amountOutMin);
    expect(outcome.victimLoss).toBeGreaterThan(0n);
    expect(outcome.netProfit).toBe(outcome.grossProfit - gasCost);
    expect(outcome.netProfit).toBeGreaterThan(0n);
    // No allowed frontrun on a coarse grid does better (the grid does not hit the 6-decimal steps,
    // so allow one USDC unit's worth: ~2 × 10⁹ wei at this price).
    const usdcUnitInWei = params.reserveIn / params.reserveOut + 1n;
    for (let k = 1n; k <= 20n; k++) {
      const f = (maxFrontrun.amountIn * k) / 20n;
      expect(sandwichProfit(f, params).grossProfit).toBeLessThanOrEqual(outcome.grossProfit + usdcUnitInWei);
    }
  });

  it("skips the same swap at 0.1% slippage once gas costs more than the little it leaves", () => {
    // At 0.1% the frontrun may be only ~0.5 WETH: the sandwich grosses ~0.05 WETH.
    const gross = sandwichProfit(largestFrontrun(wethUsdc(10n)).amountIn, wethUsdc(10n)).grossProfit;
    const congestedGas = SANDWICH_GAS * 250n * GWEI; // 0.06 WETH at 250 gwei
    expect(congestedGas).toBeGreaterThan(gross);
    const decision = planSandwich(wethUsdc(10n, congestedGas));
    expect(decision).toMatchObject({ kind: "skip", reason: "unprofitable-after-gas" });
    if (decision.kind === "skip") expect(decision.best!.netProfit).toBeLessThanOrEqual(0n);
    // The same gas leaves most of the 2% sandwich.
    expect(planSandwich(wethUsdc(200n, congestedGas)).kind).toBe("sandwich");
  });

  it("says why it skips", () => {
    const strict = wethUsdc(0n);
    expect(planSandwich({ ...strict, amountOutMin: strict.amountOutMin + 1n })).toMatchObject({
      kind: "skip",
      reason: "victim-would-revert",
    });
    expect(planSandwich({ ...wethUsdc(200n), attackerCapital: 0n })).toMatchObject({
      kind: "skip",
      reason: "capital-too-small",
    });
    // Half a USDC unit's worth of WETH buys nothing to sell back.
    const dust = wethUsdc(200n).reserveIn / wethUsdc(200n).reserveOut / 2n;
    expect(planSandwich({ ...wethUsdc(200n), attackerCapital: dust })).toMatchObject({
      kind: "skip",
      reason: "capital-too-small",
      maxFrontrun: { amountIn: dust, limitedBy: "capital" },
    });
    // Zero slippage on an 18-decimal pair: one more wei of frontrun costs the victim a wei of output.
    const tight = { ...victimSwap(1_000n * E18, 2_000_000n * E18, 50n * E18, 0n), attackerCapital: E18 };
    expect(planSandwich(tight)).toMatchObject({ kind: "skip", reason: "slippage-too-tight" });
    expect(victimOutputAfterFrontrun(1n, tight)).toBeLessThan(tight.amountOutMin);
  });

  it("skips a swap too small to pay two fees, and no frontrun would have paid", () => {
    // 1 WETH moves a 1,000 WETH pool by ~0.2%: less than the 0.3% fee paid on each of two swaps.
    const params = {
      ...victimSwap(1_000n * E18, 2_000_000n * E18, E18, 500n),
      attackerCapital: 1_000n * E18,
    };
    expect(planSandwich(params)).toMatchObject({ kind: "skip", reason: "victim-trade-too-small" });
    const { amountIn: fMax } = largestFrontrun(params);
    for (let k = 1n; k <= 50n; k++) {
      expect(sandwichProfit((fMax * k) / 50n, params).grossProfit).toBeLessThanOrEqual(0n);
    }
  });
});
