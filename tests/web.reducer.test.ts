/**
 * The visualizer's reducer (web/src/model/reducer.ts and its slices), fed with the events of real
 * runs on a real chain. What it shows is checked against the chain itself, not the events it was fed.
 */
import hre from "hardhat";
import { beforeAll, describe, expect, it } from "vitest";
import { hardhatChain } from "../server/chain/hardhat";
import type { CleanWorld as Runner } from "../server/engine/cleanWorld";
import { CleanWorld } from "../server/engine/cleanWorld";
import type { MevClassified, SandboxEvent } from "../server/events";
import { priceInQuoteUnits } from "../server/format";
import { findScenario } from "../server/scenarios";
import type { World } from "../server/world/types";
import { blockToShow, rolesOf, sandwiches } from "../web/src/model/blocks";
import { isLiquidatable } from "../web/src/model/lending";
import { priceGapBps } from "../web/src/model/pools";
import { EMPTY_STATE, reduce, replay } from "../web/src/model/reducer";
import { stepToShow } from "../web/src/model/run";
import { poolNamed } from "./helpers/blocks";
import { play } from "./helpers/runs";

/** A pool's price "1 base = price quote" in quote base units, read from the chain at `blockTag`. */
async function chainPrice(world: World, name: string, blockTag: number): Promise<bigint> {
  const pool = poolNamed(world, name);
  const [reserve0, reserve1] = await pool.pair.getReserves({ blockTag });
  const [base, quote] = pool.base === pool.token0 ? [reserve0, reserve1] : [reserve1, reserve0];
  return priceInQuoteUnits(base, world.tokens[pool.base].decimals, quote);
}

describe("the page's reducer, from real runs", () => {
  let runner: Runner;
  let world: World;

  beforeAll(async () => {
    runner = await CleanWorld.create(hardhatChain(hre));
    world = runner.world;
  });

  describe("sandwich", () => {
    let events: SandboxEvent[];

    beforeAll(async () => {
      events = (await play(runner, "sandwich", {}, "web-sandwich")).events;
    });

    it("tells every step with its narration, in order", () => {
      const state = replay(events);
      const titles = findScenario("sandwich").steps.map((s) => s.title);
      expect(state.run?.status).toBe("finished");
      expect(state.steps.map((s) => s.title)).toEqual(titles);
      expect(state.steps.every((s) => s.status === "done" && (s.narration ?? "").length > 0)).toBe(true);
      expect(state.currentStep).toBe(-1);
      expect(stepToShow(state, null)?.index).toBe(titles.length - 1);
    });

    it("shows the last block's transactions in the chain's order, the sandwich tied: frontrun, victim, backrun", async () => {
      const state = replay(events);
      const block = blockToShow(state, null)!;
      const onChain = await world.chain.provider.getBlock(block.number);
      expect(block.txs.map((tx) => tx.hash)).toEqual(onChain!.transactions);

      const [sandwich] = sandwiches(state);
      expect(sandwich?.block).toBe(block.number);
      const tied = block.txs.filter((tx) => tx.labels.some((l) => l.kind === "sandwich"));
      expect(tied.map((tx) => tx.labels[0]!.role)).toEqual(["frontrun", "victim", "backrun"]);
      expect(tied.map((tx) => tx.from.label)).toEqual(["searcher", "alice", "searcher"]);
      expect(new Set(tied.map((tx) => tx.labels[0]!.group)).size).toBe(1);
      expect(tied[1]!.hash).toBe(sandwich!.victim!.tx);
    });

    it("empties the mempool as blocks include what was pending", () => {
      const state = replay(events);
      const pendingThenMined = events.filter((e) => e.type === "tx:pending").length;
      expect(pendingThenMined).toBeGreaterThan(0);
      expect(state.mempool).toEqual([]);
      // Midway, after alice's swap was sent and before the block, her swap waits in the mempool.
      const beforeBlock = events.findIndex((e) => e.type === "step:started" && e.index === 3);
      const midway = replay(events.slice(0, beforeBlock));
      expect(midway.mempool.map((tx) => tx.from.label)).toContain("alice");
    });

    it("holds the reserves and balances the chain holds at the end", async () => {
      const state = replay(events);
      const latest = state.blocks[state.blocks.length - 1]!.number;
      const pool = state.pools.find((p) => p.label === "DEX A WETH/USDC")!;
      expect(BigInt(pool.price.amount)).toBe(await chainPrice(world, "DEX A WETH/USDC", latest));
      const alice = state.actors.find((a) => a.actor === "alice")!;
      const usdc = alice.balances.find((b) => b.symbol === "USDC")!;
      expect(BigInt(usdc.amount)).toBe(
        await world.tokens.USDC.contract.balanceOf(world.actors.alice.address, { blockTag: latest }),
      );
    });

    it("keeps the inspector's victim loss and searcher profit as they were published", () => {
      const [published] = events.filter((e): e is MevClassified => e.type === "mev:classified");
      const [shown] = sandwiches(replay(events));
      expect(shown?.victim?.loss).toEqual(published!.victim!.loss);
      expect(BigInt(shown!.victim!.loss.amount)).toBeGreaterThan(0n);
      expect(shown?.profits).toEqual(published!.profits);
    });

    it("starts afresh when the run starts again (a reset)", () => {
      const once = replay(events);
      const firstStep = events.findIndex((e) => e.type === "step:started");
      const again = replay([...events, ...events.slice(0, firstStep + 1)]);
      expect(once.blocks.length).toBeGreaterThan(0);
      expect(again.blocks).toEqual([]);
      expect(again.steps.map((s) => s.index)).toEqual([0]);
    });

    it("shows a past step's own block when it is selected", () => {
      const state = replay(events);
      const first = state.steps[0]!;
      expect(first.blocks.length).toBeGreaterThan(0);
      expect(blockToShow(state, 0)?.number).toBe(first.blocks[first.blocks.length - 1]);
      expect(blockToShow(state, 0)?.number).not.toBe(blockToShow(state, null)?.number);
    });
  });

  it("arbitrage: the price gap between the DEXes opens with bob's sale and closes with the arbitrage", async () => {
    const { events } = await play(runner, "arbitrage", {}, "web-arbitrage");
    const state = replay(events);
    const dexA = state.pools.find((p) => p.label === "DEX A WETH/USDC")!;
    const dexB = state.pools.find((p) => p.label === "DEX B WETH/USDC")!;
    // The run opens with every pool's state, so both lines start before the sale.
    const [start, sale, arbitrage] = dexA.history;
    expect(start && sale && arbitrage).toBeTruthy();
    expect(dexB.history[0]!.block).toBe(start!.block);
    expect(dexB.history[1]!.block).toBe(arbitrage!.block);
    // DEX B has not moved at the sale's block: its price there is still the opening one, as on chain.
    expect(BigInt(dexB.history[0]!.price.amount)).toBe(
      await chainPrice(world, "DEX B WETH/USDC", sale!.block),
    );
    const before = priceGapBps([start!.price, dexB.history[0]!.price])!;
    const opened = priceGapBps([sale!.price, dexB.history[0]!.price])!;
    const closed = priceGapBps([arbitrage!.price, dexB.history[1]!.price])!;
    expect(before).toBeLessThan(opened);
    expect(closed).toBeLessThan(opened);
    expect(BigInt(dexB.price.amount)).toBe(await chainPrice(world, "DEX B WETH/USDC", dexB.block));
    const arbitrageBlock = state.blocks.find((b) => b.number === arbitrage!.block)!;
    expect(arbitrageBlock.txs[0]?.labels.map((l) => l.role)).toEqual(["arbitrage"]);
  });

  it("liquidation: the health factor falls below 1 with the oracle, and is back above 1 after the liquidation", async () => {
    const { events } = await play(runner, "liquidation", {}, "web-liquidation");
    const state = replay(events);
    const borrower = state.positions.find((p) => p.user.label === "borrower")!;
    const factors = borrower.history.map((p) => p.healthFactor);
    const below = factors.findIndex(isLiquidatable);
    expect(below).toBeGreaterThan(-1);
    expect(isLiquidatable(factors[factors.length - 1]!)).toBe(false);
    const data = await world.lendingPool.getUserAccountData(world.actors.borrower.address);
    expect(BigInt(borrower.healthFactor)).toBe(data.healthFactor);
    const oracle = state.oracles.find((o) => o.symbol === "WETH")!;
    expect(BigInt(oracle.price)).toBe((await world.feeds.WETH.latestRoundData())[1]);
    const liquidation = blockToShow(state, null)!.txs.find((tx) => tx.labels.length > 0);
    expect(liquidation?.labels[0]?.role).toBe("liquidation");
  });

  it("names the roles of a sandwich's transactions by position, whatever the number of victims", () => {
    expect(rolesOf({ kind: "sandwich", txs: ["f", "v1", "v2", "b"] })).toEqual([
      "frontrun",
      "victim",
      "victim",
      "backrun",
    ]);
    expect(rolesOf({ kind: "liquidation", txs: ["l"] })).toEqual(["liquidation"]);
    expect(
      reduce(EMPTY_STATE, {
        type: "run:failed",
        runId: "r",
        step: -1,
        scenario: "x",
        error: { name: "E", message: "m" },
      }).run,
    ).toBeNull();
  });
});
