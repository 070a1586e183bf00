import hre from "hardhat";
import { beforeAll, describe, expect, it } from "vitest";
import { EXECUTE_BASE_GAS, EXECUTE_GAS_PER_HOP } from "../server/bots/kit/executor";
import { hardhatChain } from "../server/chain/hardhat";
import { CleanWorld } from "../server/engine/cleanWorld";
import type { OpportunityFound } from "../server/events";
import { BPS } from "../server/math/amm";
import type { Run } from "../server/runs/run";
import type { TokenSymbol } from "../server/world/config";
import { reservesFor } from "../server/world/market";
import type { World } from "../server/world/types";
import { poolNamed } from "./helpers/blocks";
import { balanceAt, blockOf, classified, found, lastBlock, play, startBlock, txsFrom } from "./helpers/runs";

/** Hops of a found cycle, from the inputs it reports ("hop 1", "hop 2", …). */
function hopCount(decision: OpportunityFound): number {
  return Object.keys(decision.inputs).filter((key) => /^hop \d+$/.test(key)).length;
}

describe("arbitrageur bot", () => {
  let runner: CleanWorld;
  let world: World;
  let executor: string;

  beforeAll(async () => {
    runner = await CleanWorld.create(hardhatChain(hre));
    world = runner.world;
    executor = await world.arbitrageExecutor.getAddress();
  });

  /** USDC per WETH on a pool at a block, as a fraction (reserveUSDC, reserveWETH). */
  async function wethPrice(pool: string, blockTag: number): Promise<{ usdc: bigint; weth: bigint }> {
    const { reserveIn: weth, reserveOut: usdc } = await reservesFor(poolNamed(world, pool), "WETH", blockTag);
    return { usdc, weth };
  }

  /** |ln(priceB / priceA)| compared exactly: returns the larger price ratio as a fraction ≥ 1. */
  async function gap(blockTag: number): Promise<[bigint, bigint]> {
    const a = await wethPrice("DEX A WETH/USDC", blockTag);
    const b = await wethPrice("DEX B WETH/USDC", blockTag);
    const [pa, pb] = [a.usdc * b.weth, b.usdc * a.weth]; // priceA·(wethA·wethB), priceB·(wethA·wethB)
    return pa > pb ? [pa, pb] : [pb, pa];
  }

  /** Each found trade's expected profit against the executor's balance change in the block it landed in. */
  async function expectProfitsMatchBalances(decisions: OpportunityFound[]): Promise<void> {
    for (const decision of decisions) {
      const block = await blockOf(world, decision.txs[0]!);
      const token = decision.expectedProfit.symbol as TokenSymbol;
      const change =
        (await balanceAt(world, token, executor, block)) -
        (await balanceAt(world, token, executor, block - 1));
      expect(change).toBe(BigInt(decision.expectedProfit.amount));
      expect(change).toBeGreaterThan(BigInt(decision.gasCost.amount));
    }
  }

  describe("arbitrage scenario (bob dumps WETH on DEX A)", () => {
    let run: Run;
    let first: OpportunityFound;
    let block: number;

    beforeAll(async () => {
      run = await play(runner, "arbitrage");
      first = found(run)[0]!;
      block = await blockOf(world, first.txs[0]!);
    });

    it("expects exactly the profit its executor then makes, in the start token", async () => {
      expect(first.kind).toBe("arbitrage");
      await expectProfitsMatchBalances([first]);
      // Its gas estimate covers what the transaction paid.
      const receipt = (await world.chain.provider.getTransactionReceipt(first.txs[0]!))!;
      expect(receipt.gasUsed).toBeLessThanOrEqual(
        EXECUTE_BASE_GAS + EXECUTE_GAS_PER_HOP * BigInt(hopCount(first)),
      );
    });

    it("brings the two DEXes' WETH/USDC prices closer, but not to equality", async () => {
      const [highBefore, lowBefore] = await gap(block - 1);
      const [highAfter, lowAfter] = await gap(block);
      // highAfter/lowAfter < highBefore/lowBefore, cross-multiplied
      expect(highAfter * lowBefore).toBeLessThan(highBefore * lowAfter);
      // Not equal: the trade stops where one more unit would earn less than the two swap fees, so a gap
      // of up to 1/((1 − feeA)(1 − feeB)) ≈ 0.55% remains (and the cycle it took may use other pools).
      expect(highAfter).toBeGreaterThan(lowAfter);
      const [feeA, feeB] = [world.dexes.dexA.feeBps, world.dexes.dexB.feeBps];
      expect(highAfter * (BPS - feeA) * (BPS - feeB)).toBeLessThanOrEqual(lowAfter * BPS * BPS);
    });

    it("is labelled arbitrage by the inspector, with the same profit", () => {
      const label = classified(run).find((e) => e.block === block && e.kind === "arbitrage");
      expect(label?.txs).toContain(first.txs[0]);
      const profit = label!.profits.find((p) => p.actor.label === "arbitrageur")!.profit;
      expect(profit).toEqual(first.expectedProfit);
    });

    it("shows the two-pool closed form with its numbers for a 2-hop cycle", () => {
      expect(hopCount(first)).toBe(2);
      const closedForm = first.formulas.find((f) => f.name.includes("closed form"));
      expect(closedForm?.inputs.Ain).toBe(first.inputs["hop 1 reserveIn (USDC)"]);
      expect(closedForm?.result).toMatch(/^y\* = \d+; sent \d+$/);
    });
  });

  describe("triangular scenario", () => {
    it("finds 3-hop cycles only, and each profit equals the executor's balance change", async () => {
      const run = await play(runner, "triangular");
      const decisions = found(run);
      expect(decisions.length).toBeGreaterThan(0);
      for (const decision of decisions) expect(hopCount(decision)).toBe(3);
      await expectProfitsMatchBalances(decisions);
      // Over the whole run, the executor gained exactly the sum of what the bot expected.
      const token = decisions[0]!.expectedProfit.symbol as TokenSymbol;
      const total = decisions
        .filter((d) => d.expectedProfit.symbol === token)
        .reduce((sum, d) => sum + BigInt(d.expectedProfit.amount), 0n);
      expect(
        (await balanceAt(world, token, executor, lastBlock(run))) -
          (await balanceAt(world, token, executor, startBlock(run))),
      ).toBe(total);
    });

    it("with maxHops 2 finds nothing that pays and executes no arbitrage", async () => {
      const run = await play(runner, "triangular", { maxHops: 2 });
      expect(found(run)).toHaveLength(0);
      expect(txsFrom(run, "arbitrageur")).toHaveLength(0);
      for (const symbol of Object.keys(world.tokens) as TokenSymbol[])
        expect(await balanceAt(world, symbol, executor, lastBlock(run))).toBe(
          await balanceAt(world, symbol, executor, startBlock(run)),
        );
    });
  });

  it.each(["arbitrage", "triangular"])("plays the %s scenario byte for byte the same twice", async (name) => {
    const first = JSON.stringify((await play(runner, name, {}, "same")).events);
    const second = JSON.stringify((await play(runner, name, {}, "same")).events);
    expect(second).toBe(first);
  });
});
