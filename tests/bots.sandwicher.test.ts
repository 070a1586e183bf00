import hre from "hardhat";
import { beforeAll, describe, expect, it } from "vitest";
import { BACKRUN_GAS, FRONTRUN_GAS } from "../server/bots/sandwicher";
import { hardhatChain } from "../server/chain/hardhat";
import { CleanWorld } from "../server/engine/cleanWorld";
import { getAmountOut } from "../server/math/amm";
import { largestFrontrun, type SandwichParameters, victimOutputAfterFrontrun } from "../server/math/sandwich";
import { reservesFor } from "../server/world/market";
import type { World } from "../server/world/types";
import { poolNamed } from "./helpers/blocks";
import {
  balanceAt,
  blockOf,
  blocks,
  classified,
  found,
  lastBlock,
  play,
  skipped,
  startBlock,
  txsFrom,
} from "./helpers/runs";

describe("sandwicher bot (sandwich scenario)", () => {
  let runner: CleanWorld;
  let world: World;

  beforeAll(async () => {
    runner = await CleanWorld.create(hardhatChain(hre));
    world = runner.world;
  });

  /** DEX A WETH/USDC's reserves (WETH in, USDC out) at the end of block `blockTag`. */
  async function reservesAt(blockTag: number) {
    return reservesFor(poolNamed(world, "DEX A WETH/USDC"), "WETH", blockTag);
  }

  /** What alice sold (WETH) and received (USDC) in block `block`, from her balances. */
  async function aliceTrade(block: number) {
    const alice = world.actors.alice.address;
    const sold =
      (await balanceAt(world, "WETH", alice, block - 1)) - (await balanceAt(world, "WETH", alice, block));
    const received =
      (await balanceAt(world, "USDC", alice, block)) - (await balanceAt(world, "USDC", alice, block - 1));
    return { sold, received };
  }

  it("sandwiches alice at the defaults: its expected profit is exactly its WETH gain, its gas estimate covers the gas paid", async () => {
    const run = await play(runner, "sandwich");
    const [decision] = found(run);
    expect(decision).toBeDefined();
    expect(decision!.kind).toBe("sandwich");
    expect(decision!.txs).toHaveLength(2);
    const searcher = world.actors.searcher.address;
    const [from, to] = [startBlock(run), lastBlock(run)];

    const wethGain =
      (await balanceAt(world, "WETH", searcher, to)) - (await balanceAt(world, "WETH", searcher, from));
    expect(decision!.expectedProfit.symbol).toBe("WETH");
    expect(BigInt(decision!.expectedProfit.amount)).toBe(wethGain);
    expect(wethGain).toBeGreaterThan(0n);
    // It sells back exactly the USDC it bought: no USDC left over.
    expect(await balanceAt(world, "USDC", searcher, to)).toBe(await balanceAt(world, "USDC", searcher, from));

    // Gas: paid = Σ gasUsed·(baseFee + tip); estimated = Σ constant·(baseFee + tip) with the same tips
    // and base fee, and each constant is at least the gas the swap used, so estimate ≥ paid.
    const receipts = await Promise.all(
      decision!.txs.map((h) => world.chain.provider.getTransactionReceipt(h)),
    );
    const paid = receipts.reduce((sum, r) => sum + r!.gasUsed * r!.gasPrice, 0n);
    const ethSpent =
      (await balanceAt(world, "ETH", searcher, from)) - (await balanceAt(world, "ETH", searcher, to));
    expect(ethSpent).toBe(paid);
    expect(receipts[0]!.gasUsed).toBeLessThanOrEqual(FRONTRUN_GAS);
    expect(receipts[1]!.gasUsed).toBeLessThanOrEqual(BACKRUN_GAS);
    expect(BigInt(decision!.gasCost.amount)).toBeGreaterThanOrEqual(paid);
    expect(BigInt(decision!.inputs["gas cost (wei)"]!)).toBe(
      FRONTRUN_GAS * receipts[0]!.gasPrice + BACKRUN_GAS * receipts[1]!.gasPrice,
    );
  });

  it("lands frontrun, victim, backrun in that order; alice still gets her amountOutMin, and no more than the bisection leaves her", async () => {
    const run = await play(runner, "sandwich");
    const decision = found(run)[0]!;
    const [front, back] = decision.txs as [string, string];
    const victimTx = decision.inputs.victimTx!;
    const block = await blockOf(world, front);
    const mined = blocks(run).find((b) => b.block === block)!;
    expect(mined.txs.map((tx) => tx.hash)).toEqual([front, victimTx, back]);
    expect(mined.txs.every((tx) => tx.status === "success")).toBe(true);

    // Alice's trade, from her balances and the pool before the block.
    const { reserveIn, reserveOut, feeBps } = await reservesAt(block - 1);
    const { sold, received } = await aliceTrade(block);
    const amountOutMin = BigInt(decision.inputs["amountOutMin (USDC)"]!);
    const params: SandwichParameters = {
      victimAmountIn: sold,
      amountOutMin,
      reserveIn,
      reserveOut,
      feeBps,
      attackerCapital: BigInt(decision.inputs["capital used (WETH)"]!),
    };
    const size = BigInt(decision.size.amount);
    expect(received).toBeGreaterThanOrEqual(amountOutMin);
    expect(received).toBe(victimOutputAfterFrontrun(size, params));
    // The largest frontrun is tight: one wei more and alice's swap would revert.
    const largest = largestFrontrun(params);
    expect(largest.limitedBy).toBe("slippage");
    expect(victimOutputAfterFrontrun(largest.amountIn + 1n, params)).toBeLessThan(amountOutMin);
    // The bot's frontrun is the cheapest input buying as much USDC as the largest one, so alice's
    // output is what the largest leaves her; here the bisection's bound is met to the unit.
    expect(size).toBeLessThanOrEqual(largest.amountIn);
    expect(getAmountOut(size, reserveIn, reserveOut, feeBps)).toBe(
      getAmountOut(largest.amountIn, reserveIn, reserveOut, feeBps),
    );
    expect(received).toBe(amountOutMin);
  });

  it("the inspector's victim loss is alice's counterfactual output on the pre-attack reserves minus what she got", async () => {
    const run = await play(runner, "sandwich");
    const decision = found(run)[0]!;
    const block = await blockOf(world, decision.txs[0]!);
    const label = classified(run).find((e) => e.block === block && e.kind === "sandwich");
    expect(label?.victim).toBeDefined();
    const { reserveIn, reserveOut, feeBps } = await reservesAt(block - 1);
    const { sold, received } = await aliceTrade(block);
    const counterfactual = getAmountOut(sold, reserveIn, reserveOut, feeBps);
    expect(BigInt(label!.victim!.counterfactualOut.amount)).toBe(counterfactual);
    expect(BigInt(label!.victim!.actualOut.amount)).toBe(received);
    expect(BigInt(label!.victim!.loss.amount)).toBe(counterfactual - received);
    // And the inspector credits the searcher with the profit the bot expected.
    const searcherProfit = label!.profits.find((p) => p.actor.label === "searcher");
    expect(searcherProfit?.profit.amount).toBe(decision.expectedProfit.amount);
  });

  it("with 0.1% slippage it declines, says why with numbers, and sends nothing", async () => {
    const run = await play(runner, "sandwich", { slippage: 0.1 });
    expect(found(run)).toHaveLength(0);
    const [skip] = skipped(run);
    expect(skip?.reason).toMatch(/^(slippage-too-tight|unprofitable-after-gas)$/);
    expect(skip!.explanation).toMatch(/WETH/);
    expect(txsFrom(run, "searcher")).toHaveLength(0);
    const searcher = world.actors.searcher.address;
    for (const symbol of ["ETH", "WETH", "USDC"] as const)
      expect(await balanceAt(world, symbol, searcher, lastBlock(run))).toBe(
        await balanceAt(world, symbol, searcher, startBlock(run)),
      );
  });

  it("with no capital it declines for lack of capital", async () => {
    const run = await play(runner, "sandwich", { botCapital: "0" });
    expect(found(run)).toHaveLength(0);
    expect(skipped(run).map((s) => s.reason)).toEqual(["capital-too-small"]);
    expect(txsFrom(run, "searcher")).toHaveLength(0);
  });

  it("plays byte for byte the same twice", async () => {
    const first = JSON.stringify((await play(runner, "sandwich", {}, "same")).events);
    const second = JSON.stringify((await play(runner, "sandwich", {}, "same")).events);
    expect(second).toBe(first);
  });

  it("reads the reserves it reports", async () => {
    const run = await play(runner, "sandwich");
    const decision = found(run)[0]!;
    const { reserveIn, reserveOut } = await reservesAt((await blockOf(world, decision.txs[0]!)) - 1);
    expect(decision.inputs["reserveIn (WETH)"]).toBe(reserveIn.toString());
    expect(decision.inputs["reserveOut (USDC)"]).toBe(reserveOut.toString());
  });
});
