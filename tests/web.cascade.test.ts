/**
 * The cascade as the page draws it (web/src/charts/cascadeData.ts), from the default run's golden
 * trace: one health-factor line per borrower, each falling below 1 the block before its liquidation
 * and back above 1 after it, and the oracle's price falling with the liquidator's sales.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type MevClassified, parseJsonLines, type SandboxEvent } from "../server/events";
import { healthSteps, isCascade, oracleSteps, stepSeries } from "../web/src/charts/cascadeData";
import { replay } from "../web/src/model/reducer";

const events: SandboxEvent[] = parseJsonLines(
  readFileSync(join(__dirname, "golden", "cascade.jsonl"), "utf8"),
  "cascade.jsonl",
);

describe("the cascade chart, from the default run", () => {
  const state = replay(events);
  const health = stepSeries(healthSteps(state.positions));
  const at = (borrower: string, block: number) =>
    health.values[state.positions.findIndex((p) => p.user.label === borrower)]![
      health.blocks.filter((b) => b <= block).length - 1
    ];

  it("draws one line per borrower, on the blocks the reports came from", () => {
    expect(isCascade(state.positions)).toBe(true);
    expect(state.positions.map((p) => p.user.label)).toEqual(["borrower 1", "borrower 2", "borrower 3"]);
    expect(health.values.every((line) => line.length === health.blocks.length)).toBe(true);
  });

  it("shows each liquidated borrower below 1 the block before its liquidation, and above 1 after it", () => {
    const liquidations = events.filter(
      (e): e is MevClassified => e.type === "mev:classified" && e.kind === "liquidation",
    );
    expect(liquidations.length).toBeGreaterThanOrEqual(3);
    for (const liquidation of liquidations) {
      const borrower = liquidation.explanation.match(/liquidated (borrower \d)/)![1]!;
      expect(at(borrower, liquidation.block - 1), `${borrower} before #${liquidation.block}`).toBeLessThan(1);
      expect(at(borrower, liquidation.block), `${borrower} after #${liquidation.block}`).toBeGreaterThan(1);
    }
  });

  it("draws the oracle's WETH price falling with the sales", () => {
    const oracle = state.oracles.find((o) => o.symbol === "WETH")!;
    const prices = stepSeries([oracleSteps("WETH", oracle.history, oracle.decimals)]).values[0]!;
    expect(prices[0]).toBe(2000);
    expect(prices.at(-1)!).toBeLessThan(1800);
  });
});
