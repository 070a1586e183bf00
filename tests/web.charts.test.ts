/**
 * The answer-key curves (web/src/charts/*Data.ts) from decision events as the bots publish them
 * (taken from the default scenario runs): the curves peak where the bots' own math says, the bots'
 * sizes sit on them, and the walls and limits are where the contracts put them.
 */
import { describe, expect, it } from "vitest";
import type { OpportunityFound, OpportunitySkipped } from "../server/events";
import { optimalCycleAmountIn, twoPoolClosedForm } from "../server/math/arbitrage";
import { largestFrontrun } from "../server/math/sandwich";
import { arbitrageCurve, arbitrageInputs } from "../web/src/charts/arbitrageData";
import { decimalToUnits, percentToBps, sampleSizes } from "../web/src/charts/decisionInputs";
import { healthSeries, liquidationInputs, seizedCurve } from "../web/src/charts/liquidationData";
import { priceSeries } from "../web/src/charts/priceData";
import { sandwichInputs, sandwichMoves, sandwichProfitCurve } from "../web/src/charts/sandwichData";

const base = { runId: "r", step: 2, block: 30, id: "0x1", bot: "bot", formulas: [], txs: [], summary: "" };
const amount = (value: string, symbol: string, decimals: number) => ({ amount: value, symbol, decimals });

function found(
  kind: OpportunityFound["kind"],
  inputs: Record<string, string>,
  size: string,
  symbol: string,
  decimals: number,
  profit: string,
): OpportunityFound {
  return {
    ...base,
    type: "opportunity:found",
    kind,
    inputs,
    size: amount(size, symbol, decimals),
    expectedProfit: amount(profit, symbol, decimals),
    gasCost: amount("0", symbol, decimals),
  };
}

const SANDWICH_INPUTS = {
  victim: "alice",
  pool: "DEX A WETH/USDC",
  "reserveIn (WETH)": "1000000000000000000000",
  "reserveOut (USDC)": "2000000000000",
  feeBps: "30",
  "victimAmountIn (WETH)": "10000000000000000000",
  "amountOutMin (USDC)": "19348297473",
  "capital used (WETH)": "1000000000000000000000",
  "gas cost (WETH)": "8205000000000000",
};
const SANDWICH = found("sandwich", SANDWICH_INPUTS, "10218308079455310920", "WETH", 18, "140159659716978737");

const TWO_POOL = found(
  "arbitrage",
  {
    "hop 1": "USDC → WETH on DEX A WETH/USDC",
    "hop 1 reserveIn (USDC)": "1818677821224",
    "hop 1 reserveOut (WETH)": "1100000000000000000000",
    "hop 1 fee (bps)": "30",
    "hop 2": "WETH → USDC on DEX B WETH/USDC",
    "hop 2 reserveIn (WETH)": "500000000000000000000",
    "hop 2 reserveOut (USDC)": "1000000000000",
    "hop 2 fee (bps)": "25",
    "executor balance (USDC)": "400000000000",
  },
  "55289323710",
  "USDC",
  6,
  "5353478105",
);

const TRIANGLE = found(
  "arbitrage",
  {
    "hop 1": "USDC → WBTC on DEX B WBTC/USDC",
    "hop 1 reserveIn (USDC)": "500000000000",
    "hop 1 reserveOut (WBTC)": "833333333",
    "hop 1 fee (bps)": "25",
    "hop 2": "WBTC → WETH on DEX A WBTC/WETH",
    "hop 2 reserveIn (WBTC)": "1623503130",
    "hop 2 reserveOut (WETH)": "513333333333333333333",
    "hop 2 fee (bps)": "30",
    "hop 3": "WETH → USDC on DEX B WETH/USDC",
    "hop 3 reserveIn (WETH)": "500000000000000000000",
    "hop 3 reserveOut (USDC)": "1000000000000",
    "hop 3 fee (bps)": "25",
    "executor balance (USDC)": "400000000000",
  },
  "5545039358",
  "USDC",
  6,
  "124899386",
);

const LIQUIDATION = found(
  "liquidation",
  {
    user: "borrower (0x976EA74026E726554dB657fA54763abd0C3a0aa9)",
    healthFactor: "0.955263157894736842",
    debtAsset: "USDC",
    collateralAsset: "WETH",
    closeFactor: "50%",
    liquidationBonus: "105%",
    debtToCover: "7,600 USDC",
    collateralSeized: "4.53409090909090909 WETH",
    "debt (USDC)": "15200000000",
    "collateral (WETH)": "10000000000000000000",
    "debtPrice (USD, 8 decimals)": "100000000",
    "collateralPrice (USD, 8 decimals)": "176000000000",
    collateralDecimals: "18",
  },
  "7600000000",
  "USDC",
  6,
  "0",
);

describe("the sandwich's answer key", () => {
  const input = sandwichInputs(SANDWICH)!;
  const curve = sandwichProfitCurve(input);

  it("reads the bot's parameters from its decision event", () => {
    expect(input.params.reserveIn).toBe(10n ** 21n);
    expect(input.params.amountOutMin).toBe(19_348_297_473n);
    expect(input.params.gasCost).toBe(8_205_000_000_000_000n);
    expect([input.tokenIn, input.tokenOut, input.chosen]).toEqual([
      "WETH",
      "USDC",
      10_218_308_079_455_310_920n,
    ]);
  });

  it("peaks at the bot's chosen size, which earns the profit it expected, just inside the wall", () => {
    const best = curve.points.reduce((a, b) => (b.profit > a.profit ? b : a));
    expect(best.size).toBe(input.chosen);
    expect(curve.chosen!.profit.toString()).toBe(SANDWICH.expectedProfit.amount);
    expect(curve.wall).toEqual(largestFrontrun(input.params));
    expect(curve.wall.limitedBy).toBe("slippage");
    expect(input.chosen!).toBeLessThanOrEqual(curve.wall.amountIn);
  });

  it("has the victim's swap revert past the wall, and only there", () => {
    for (const p of curve.points) expect(p.victimReverts).toBe(p.size > curve.wall.amountIn);
    expect(curve.points.some((p) => p.size === curve.wall.amountIn + 1n && p.victimReverts)).toBe(true);
  });

  it("draws the three swaps as moves along x·y = k from the pool's reserves", () => {
    const { states, curve: xyk } = sandwichMoves(input.params, input.chosen!);
    const [start, front, victim, back] = states;
    expect(start).toEqual({ x: 10n ** 21n, y: 2_000_000_000_000n });
    expect(front.x).toBe(start.x + input.chosen!);
    expect(victim.x).toBe(front.x + input.params.victimAmountIn);
    expect(back.x).toBeLessThan(victim.x);
    // The fees stay in the pool: every state is on or above the starting curve.
    for (const s of states) expect(s.x * s.y).toBeGreaterThanOrEqual(start.x * start.y);
    expect(xyk[0]!.x).toBeLessThanOrEqual(start.x);
    expect(xyk.at(-1)!.x).toBeGreaterThanOrEqual(victim.x);
  });

  it("draws a declined sandwich without a choice", () => {
    const skipped: OpportunitySkipped = {
      ...base,
      type: "opportunity:skipped",
      kind: "sandwich",
      inputs: { ...SANDWICH_INPUTS, "amountOutMin (USDC)": "19723417526" },
      reason: "unprofitable-after-gas",
      explanation: "",
    };
    const curve = sandwichProfitCurve(sandwichInputs(skipped)!);
    expect(curve.chosen).toBeNull();
    // Unprofitable after gas: no frontrun makes more than the gas costs.
    expect(curve.points.every((p) => p.profit <= 8_205_000_000_000_000n)).toBe(true);
  });
});

describe("the arbitrage's answer key", () => {
  for (const [name, decision] of [
    ["two pools", TWO_POOL],
    ["triangular", TRIANGLE],
  ] as const) {
    it(`${name}: the optimum is server/math/arbitrage.ts's and the bot's size, the curve's top`, () => {
      const input = arbitrageInputs(decision)!;
      const curve = arbitrageCurve(input);
      expect(input.hops).toHaveLength(name === "two pools" ? 2 : 3);
      expect(curve.optimum).toEqual(optimalCycleAmountIn(input.hops, input.balance));
      expect(curve.optimum.amountIn.toString()).toBe(decision.size.amount);
      expect(curve.chosen!.size).toBe(curve.optimum.amountIn);
      expect(curve.chosen!.profit.toString()).toBe(decision.expectedProfit.amount);
      for (const p of curve.points) expect(p.profit).toBeLessThanOrEqual(curve.optimum.profit);
      expect(curve.points.at(-1)!.size).toBe(2n * curve.optimum.amountIn);
    });
  }

  it("two pools: the closed form lands within a hair of the optimum", () => {
    const [a, b] = arbitrageInputs(TWO_POOL)!.hops;
    const closed = twoPoolClosedForm(a!, b!);
    const optimum = BigInt(TWO_POOL.size.amount);
    expect(closed > optimum ? closed - optimum : optimum - closed).toBeLessThan(optimum / 10_000n);
  });
});

describe("the liquidation's answer key", () => {
  const input = liquidationInputs(LIQUIDATION)!;
  const curve = seizedCurve(input);

  it("reads the figures the liquidator decided with", () => {
    expect(input).toMatchObject({
      bonusBps: 10_500n,
      closeFactorBps: 5_000n,
      debtDecimals: 6n,
      repaid: 7_600_000_000n,
    });
  });

  it("seizes at the bot's repayment exactly what its plan said, the bonus above the oracle value", () => {
    expect(curve.closeFactorDebt).toBe(7_600_000_000n);
    expect(curve.chosen!.seized).toBe(4_534_090_909_090_909_090n);
    expect(curve.chosen!.seized).toBe((curve.chosen!.atPrice * 10_500n) / 10_000n);
    // Never more than the collateral, whatever is repaid.
    for (const p of curve.points) expect(p.seized).toBeLessThanOrEqual(input.collateral);
    // Repaying the whole debt seizes 15,200 × 1.05 / 1,760 WETH: within the 10 WETH.
    expect(curve.points.at(-1)!.seized).toBe(9_068_181_818_181_818_181n);
  });

  it("the health factor over blocks: none where there is no debt", () => {
    const series = healthSeries([
      { block: 3, healthFactor: "max" },
      { block: 5, healthFactor: "955263157894736842" },
    ]);
    expect(series).toEqual({ blocks: [3, 5], healthFactors: [null, 955_263_157_894_736_842n] });
  });
});

describe("chart helpers", () => {
  it("reads percentages and decimals exactly", () => {
    expect(percentToBps("105%")).toBe(10_500n);
    expect(percentToBps("2.5%")).toBe(250n);
    expect(percentToBps("lots")).toBeUndefined();
    expect(decimalToUnits("0.955263157894736842", 18)).toBe(955_263_157_894_736_842n);
    expect(decimalToUnits("1,760.5", 2)).toBe(176_050n);
  });

  it("samples evenly, with the marks, sorted and without repeats", () => {
    expect(sampleSizes(10n, 3, [7n, 5n])).toEqual([0n, 5n, 7n, 10n]);
  });

  it("a price line holds until it moves and runs on to the latest block; one block is one point", () => {
    const price = (v: string) => ({ amount: v, symbol: "USDC", decimals: 6 });
    const lines = [
      { label: "A", price: price("2000000000"), history: [{ block: 4, price: price("1900000000") }] },
      { label: "B", price: price("2000000000"), history: [] },
    ];
    expect(priceSeries(lines, [2, 4, 6])).toEqual({
      blocks: [2, 4, 6],
      prices: [
        [null, 1900, 1900],
        [2000, 2000, 2000],
      ],
    });
    expect(priceSeries(lines.slice(1), [7]).blocks).toEqual([7]);
  });
});
