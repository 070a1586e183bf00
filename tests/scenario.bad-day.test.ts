/**
 * The bad-day scenario on the chain: the arbitrageur's trades revert as its rival takes each gap
 * first; its balance falls by exactly the gas its reverted trades paid (read from their receipts); the
 * throttle pauses it after three failures in a row; the drawdown stop halts it at the first block its
 * drawdown (from balances read from the chain) is past the limit, and not before. Each other limit
 * stops it at its own moment when the parameters make it the first to apply. Deterministic.
 */
import hre from "hardhat";
import { beforeAll, describe, expect, it } from "vitest";
import { valueInWei } from "../server/bots/kit/equity";
import { hardhatChain } from "../server/chain/hardhat";
import { CleanWorld } from "../server/engine/cleanWorld";
import { type RiskLimitHit, toJsonLines } from "../server/events";
import type { Run } from "../server/runs/run";
import type { TokenSymbol } from "../server/world/config";
import type { World } from "../server/world/types";
import {
  balanceAt,
  blocks,
  found,
  lastBlock,
  play,
  runEvents,
  skipped,
  startBlock,
  txsFrom,
} from "./helpers/runs";

const SEARCHER = "arbitrageur";
const hitsOf = (run: Run) => run.events.filter((e): e is RiskLimitHit => e.type === "risk:limit-hit");
const ofSearcher = <T extends { bot: string }>(items: T[]) => items.filter((d) => d.bot === SEARCHER);

describe("bad-day scenario", () => {
  let runner: CleanWorld;
  let world: World;

  beforeAll(async () => {
    runner = await CleanWorld.create(hardhatChain(hre));
    world = runner.world;
  });

  /** The arbitrageur's equity at a block, read from the chain: ETH, WETH, other tokens at the oracle's prices. */
  async function equityAt(block: number): Promise<bigint> {
    const holders = [world.actors.arbitrageur.address, ...(world.ownedContracts.arbitrageur ?? [])];
    const symbols = Object.keys(world.tokens) as TokenSymbol[];
    const prices = new Map<TokenSymbol, bigint>();
    for (const symbol of symbols)
      prices.set(symbol, (await world.feeds[symbol].latestRoundData({ blockTag: block }))[1]);
    let equity = await balanceAt(world, "ETH", holders[0]!, block);
    for (const symbol of symbols) {
      let held = 0n;
      for (const holder of holders) held += await balanceAt(world, symbol, holder, block);
      equity += valueInWei(world, prices, symbol, held);
    }
    return equity;
  }

  /** What each of the arbitrageur's mined transactions paid for gas, from its receipt. */
  async function gasPaidBy(run: Run): Promise<{ block: number; gas: bigint; success: boolean }[]> {
    return Promise.all(
      txsFrom(run, SEARCHER).map(async (hash) => {
        const receipt = (await world.chain.provider.getTransactionReceipt(hash))!;
        return {
          block: receipt.blockNumber,
          gas: receipt.gasUsed * receipt.gasPrice,
          success: receipt.status === 1,
        };
      }),
    );
  }

  describe("its default run", () => {
    let run: Run;
    beforeAll(async () => {
      run = await play(runner, "bad-day");
    });

    it("every trade of the arbitrageur reverts behind the rival's, and its balance falls by exactly their gas", async () => {
      const trades = await gasPaidBy(run);
      expect(trades.length).toBe(4);
      expect(trades.every((t) => !t.success)).toBe(true);
      for (const block of blocks(run).filter((b) => b.txs.some((tx) => tx.from.label === SEARCHER))) {
        expect(block.txs.map((tx) => [tx.from.label, tx.status])).toEqual([
          ["rival", "success"],
          [SEARCHER, "reverted"],
        ]);
      }
      const losses = trades.reduce((sum, t) => sum + t.gas, 0n);
      const { address } = world.actors.arbitrageur;
      const ethDrop =
        (await balanceAt(world, "ETH", address, startBlock(run))) -
        (await balanceAt(world, "ETH", address, lastBlock(run)));
      expect(ethDrop).toBe(losses);
      expect((await equityAt(startBlock(run))) - (await equityAt(lastBlock(run)))).toBe(losses);
    });

    it("the throttle pauses it after three failures in a row, for two blocks", async () => {
      const trades = await gasPaidBy(run);
      const third = trades[2]!.block;
      const throttle = ofSearcher(hitsOf(run)).find((h) => h.control === "throttle")!;
      expect(throttle).toMatchObject({ block: third, effect: "throttled", until: third + 2 });
      expect(throttle.figures.consecutiveFailures).toBe(3);
      const paused = ofSearcher(skipped(run)).filter((s) => s.reason === "risk-throttle");
      expect(paused.map((s) => s.block)).toEqual([third + 1]);
      expect(trades[3]!.block).toBeGreaterThan(third + 2);
    });

    it("the drawdown stop halts it at the first block its drawdown is past the limit, and not before", async () => {
      const limit = 15n * 10n ** 15n; // the scenario's default: 0.015 ETH
      const halt = ofSearcher(hitsOf(run)).find((h) => h.control === "drawdown")!;
      expect(halt).toMatchObject({
        effect: "halted",
        until: null,
        limits: { maxDrawdown: { amount: limit.toString() } },
      });
      // Its figures are the chain's: the peak is the equity the day started with, nothing went up since.
      const peak = await equityAt(startBlock(run) + 1);
      let high = 0n;
      for (let block = startBlock(run) + 1; block <= halt.block; block++) {
        const equity = await equityAt(block);
        high = equity > high ? equity : high;
        if (block < halt.block) expect(high - equity).toBeLessThanOrEqual(limit);
        else
          expect(halt.figures).toMatchObject({
            equity: { amount: equity.toString() },
            peak: { amount: peak.toString() },
            drawdown: { amount: (high - equity).toString() },
          });
      }
      expect(BigInt(halt.figures.drawdown.amount)).toBeGreaterThan(limit);
      // The trade that crossed it was mined in that block; every trade it sent, it sent before.
      const trades = await gasPaidBy(run);
      expect(trades.at(-1)!.block).toBe(halt.block);
      expect(ofSearcher(found(run)).every((f) => f.block < halt.block)).toBe(true);
      const after = ofSearcher(skipped(run)).filter((s) => s.block >= halt.block);
      expect(after.map((s) => s.reason)).toEqual(["risk-drawdown"]);
      expect(after[0]!.explanation).toContain("the drawdown stop holds it back");
      // The rival has the next gap to itself.
      expect(
        blocks(run)
          .at(-1)!
          .txs.map((tx) => [tx.from.label, tx.status]),
      ).toEqual([["rival", "success"]]);
    });

    it("narrates each round with the arbitrageur's loss, equity and drawdown", () => {
      const narrations = run.events.flatMap((e) => (e.type === "step:finished" ? [e.narration] : []));
      expect(narrations[0]).toContain("a drawdown stop at 0.015 ETH below its peak equity");
      expect(narrations[1]).toContain("reverted: it paid");
      expect(narrations[1]).toContain("below its peak of");
      expect(narrations.at(-1)).toContain("had 4 trades mined, 4 of them reverted");
    });
  });

  it("plays the same events twice", async () => {
    const first = toJsonLines(await runEvents(runner, "bad-day"));
    const second = toJsonLines(await runEvents(runner, "bad-day"));
    expect(second).toBe(first);
  });

  it("the position limit refuses a trade larger than the limit, before it is sent", async () => {
    const run = await play(runner, "bad-day", { maxPosition: "1" });
    expect(txsFrom(run, SEARCHER)).toEqual([]);
    const refused = ofSearcher(skipped(run));
    expect(refused.length).toBe(6);
    expect(refused.every((s) => s.reason === "risk-position")).toBe(true);
    const hit = ofSearcher(hitsOf(run))[0]!;
    expect(hit).toMatchObject({ control: "position", effect: "refused", block: refused[0]!.block });
    expect(BigInt(refused[0]!.inputs["trade size (wei)"]!)).toBeGreaterThan(10n ** 18n);
  });

  it("the minimum success rate halts it once its window is full of failures, not a trade before", async () => {
    const run = await play(runner, "bad-day", {
      maxDrawdown: "10",
      minSuccessRate: 50,
      successWindow: 3,
      throttleBlocks: 0,
    });
    const trades = await gasPaidBy(run);
    expect(trades.length).toBe(3);
    const halt = ofSearcher(hitsOf(run))[0]!;
    expect(halt).toMatchObject({ control: "success-rate", effect: "halted", block: trades[2]!.block });
    expect(halt.figures).toMatchObject({ attempts: 3, successes: 0, successRateBps: 0 });
    expect(ofSearcher(skipped(run)).every((s) => s.reason === "risk-success-rate")).toBe(true);
  });
});
