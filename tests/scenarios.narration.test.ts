/**
 * Every scenario's narration, as a learner reads it: sentences end before the next begins, no CLI
 * flag in the text the page shows, and the defects of issue 12 stay fixed (declined paths, bundle
 * wording, slippage decoded where a transaction runs, empty blocks, the arbitrage's end state, the
 * inspector's figures reconciled with the actors' P&L at oracle and DEX prices).
 */
import hre from "hardhat";
import { beforeAll, describe, expect, it } from "vitest";
import { hardhatChain } from "../server/chain/hardhat";
import { CleanWorld } from "../server/engine/cleanWorld";
import type { BlockMined, RunFinished, SandboxEvent, StepFinished } from "../server/events";
import { endSentence, sentences } from "../server/scenarios/text";
import { play } from "./helpers/runs";

/** A capitalised word that starts a sentence, after a character that cannot end one: a missing full stop. */
const RUN_ON = /(?<=[^.:;!?\n(\s—"]) ([A-Z][a-z]+)\b/g;
/** Capitalised words that are names, not sentence starts. */
const NAMES = new Set(["Beta", "Uniswap", "Bellman", "Thompson", "Flashbots"]);

function runOns(text: string): string[] {
  return [...text.matchAll(RUN_ON)]
    .filter((m) => !NAMES.has(m[1]!) && !/^(DEXes)$/.test(m[1]!))
    .map((m) => text.slice(Math.max(0, m.index! - 40), m.index! + 20));
}

const steps = (events: readonly SandboxEvent[]) =>
  events.filter((e): e is StepFinished => e.type === "step:finished");
const summary = (events: readonly SandboxEvent[]) =>
  events.find((e): e is RunFinished => e.type === "run:finished")!.summary;

describe("narration sentences", () => {
  it("ends each part with a full stop unless it already has one, and leaves out empty parts", () => {
    expect(endSentence("searcher made 0.14016 WETH")).toBe("searcher made 0.14016 WETH.");
    expect(endSentence("done.")).toBe("done.");
    expect(endSentence("bundle 0x2af4e5af…")).toBe("bundle 0x2af4e5af…");
    expect(sentences("made 5,353.478105 USDC", "", false, "The inspector labels it")).toBe(
      "made 5,353.478105 USDC. The inspector labels it.",
    );
  });

  it("tells a run-on sentence from names", () => {
    expect(runOns("made 5,353.478105 USDC The inspector")).toHaveLength(1);
    expect(runOns("made $380.00 at oracle prices The borrower's")).toHaveLength(1);
    expect(runOns("on DEX A WETH/USDC. The inspector; Beta(1, 2) and two DEXes")).toHaveLength(0);
  });
});

// One chain for all runs, in an order where no run repeats a transaction an earlier one bundled.
describe("every scenario's narration", () => {
  const runs = new Map<string, SandboxEvent[]>();
  const variants: [string, string, Record<string, unknown>][] = [
    ["sandwich", "sandwich", {}],
    ["declined", "sandwich", { slippage: 0.1 }],
    ["arbitrage", "arbitrage", {}],
    ["liquidation", "liquidation", {}],
    ["flash", "liquidation", { flash: true }],
    ["liquidation-backrun", "liquidation", { backrun: true }],
    ["triangular", "triangular", {}],
    ["gas-auction", "gas-auction", {}],
    ["sealed-bid", "sealed-bid", {}],
    ["protected-swap", "protected-swap", {}],
    ["jit", "jit-liquidity", {}],
    ["backrun", "backrun", {}],
    ["sandwich-bundle", "sandwich", { bundle: true, bidShare: 30 }],
  ];

  beforeAll(async () => {
    const runner = await CleanWorld.create(hardhatChain(hre));
    for (const [key, name, params] of variants) {
      const run = await play(runner, name, params, `narration-${key}`);
      runs.set(key, [...run.events]);
      run.dispose();
    }
  }, 600_000);

  const text = (key: string) => steps(runs.get(key)!).map((s) => s.narration);
  const last = (key: string) => steps(runs.get(key)!).at(-1)!;
  /** The last block's transactions as decoded (the block panel and the log show them; the narration names the block). */
  const lastBlockTxs = (key: string) =>
    runs
      .get(key)!
      .filter((e): e is BlockMined => e.type === "block:mined")
      .at(-1)!
      .txs.map((tx) => tx.action.sentence)
      .join("\n");

  it("never runs one sentence into the next", () => {
    for (const [key] of variants)
      for (const narration of text(key)) expect(runOns(narration), `${key}: ${narration}`).toEqual([]);
  });

  it("names no CLI flag: the page shows the same text", () => {
    for (const [key] of variants)
      for (const step of steps(runs.get(key)!))
        expect(`${step.title} ${step.narration}`).not.toMatch(/--[a-z]/i);
    expect(last("sealed-bid").narration).toBe("One round only: set rounds above 1 to repeat the auction.");
  });

  it("says which path a sandwich uses only when the searcher attacks", () => {
    expect(text("sandwich").join("\n")).toContain("It uses the public path");
    const declined = text("declined").join("\n");
    expect(declined).toContain("sandwicher declines");
    expect(declined).not.toMatch(/path/);
  });

  it("a bundled sandwich that lands is not said to revert, and its backrun reads 0.89% under what it gets there", () => {
    const all = text("sandwich-bundle").join("\n");
    expect(all).not.toContain("so the bundle reverts, and is dropped whole");
    expect(all).toContain("should it get less, the backrun would revert");
    expect(lastBlockTxs("sandwich-bundle")).toContain("for ≥ 10.266152 WETH on DEX A (slippage 0.89%)");
    // alice's own transaction, inside the bundle, still reads against the chain she signed it on
    expect(lastBlockTxs("sandwich-bundle")).toContain(
      "alice swaps 10 WETH for ≥ 19,348.297473 USDC on DEX A (slippage 2.00%)",
    );
  });

  it("a public backrun whose minimum is above the current quote says so, instead of 0.00%", () => {
    expect(lastBlockTxs("sandwich")).toContain(
      "for ≥ 10.358468 WETH on DEX A (asks 4.05% more than it would get now: it counts on transactions before it)",
    );
  });

  it("does not call the empty block after a back-run liquidation 'the liquidation is mined'", () => {
    const step = last("liquidation-backrun");
    expect(step.title).toBe("The next block is mined: the liquidation already landed with the update");
    expect(step.narration).toMatch(/^The block #\d+ is empty\./);
    expect(last("liquidation").title).toBe("The liquidation is mined");
  });

  it("explains the arbitrage's end state as it is: the next cycle pending, the widest gap left", () => {
    const end = last("arbitrage").narration;
    expect(end).toContain(
      "The scenario stops after 3 blocks with the arbitrageur's next cycle still pending",
    );
    expect(end).toMatch(/expecting [\d,.]+ [A-Z]+\):/);
    expect(end).toMatch(/The largest price gap left between the DEXes is [\d.]+%, on [A-Z]+\/[A-Z]+\./);
  });

  it("values the P&L at the oracle's and DEX A's prices, and says where they disagree", () => {
    const { pnl, valuation } = summary(runs.get("flash")!);
    expect(valuation.dex).toBe("DEX A");
    const weth = valuation.prices.find((p) => p.symbol === "WETH")!;
    expect(weth).toMatchObject({ oracleUsd: "176000000000", differs: true });
    expect(BigInt(weth.dexUsd)).toBeGreaterThan(BigInt(weth.oracleUsd));
    const usdc = valuation.prices.find((p) => p.symbol === "USDC")!;
    expect(usdc).toMatchObject({ oracleUsd: "100000000", dexUsd: "100000000", differs: false });
    const liquidator = pnl.find((p) => p.actor === "liquidator")!;
    expect(liquidator.valueUsd).not.toBe(liquidator.valueUsdDex);
  });

  it("reconciles the inspector's figures with the actors' P&L in one sentence each", () => {
    expect(last("flash").narration).toContain(
      "liquidator's P&L is +$1,373.35 at oracle prices and +$1,370.81 at DEX A's prices where the inspector counts $380.00: " +
        "that figure is the collateral's bonus valued at the oracle's prices, before gas",
    );
    expect(last("flash").narration).toContain("WETH at $1,760.00 by the oracle and $1,982.01 on DEX A.");
    expect(last("sandwich").narration).toContain(
      "alice's P&L is −$660.97 at oracle prices and −$273.92 at DEX A's prices where the inspector counts a loss of 394.863214 USDC",
    );
    expect(last("sandwich").narration).toContain(
      "the P&L also counts gas, the pool's fee and the trade's own price impact",
    );
    expect(last("jit").narration).toMatch(
      /searcher's P&L is \+\$1,275\.34 at oracle prices and .* at DEX A's prices where the inspector counts 0\.681147 WETH/,
    );
    expect(last("jit").narration).toContain("(its fee share is 0.075 WETH)");
  });
});
