import hre from "hardhat";
import { beforeAll, describe, expect, it } from "vitest";
import { BiddingError } from "../server/bots/kit/bidding";
import { PAYMENT_GAS } from "../server/bots/kit/fees";
import { BACKRUN_GAS, createSandwicher, FRONTRUN_GAS } from "../server/bots/sandwicher";
import { hardhatChain } from "../server/chain/hardhat";
import { CleanWorld } from "../server/engine/cleanWorld";
import { nextNonce, signAll } from "../server/engine/signing";
import type { AuctionBid, BlockBuilt, SandboxEvent } from "../server/events";
import { createRun } from "../server/runs/create";
import { COINBASE_ADDRESS } from "../server/world/actors";
import type { World } from "../server/world/types";
import { AmmRouter__factory } from "../typechain-types";
import {
  balanceAt,
  blocks,
  classified,
  found,
  lastBlock,
  play,
  skipped,
  startBlock,
  txsFrom,
} from "./helpers/runs";
import { runScript } from "./helpers/script";

const routerInterface = AmmRouter__factory.createInterface();

function bidsOf(events: readonly SandboxEvent[]): AuctionBid[] {
  return events.filter((e): e is AuctionBid => e.type === "auction:bid");
}

// Each run trades a different size: the builder remembers across runs which transactions came in a
// bundle, so a run repeating an earlier run's bundled alice transaction would not see it pending.
describe("sandwicher bot, bundle path (sandwich scenario --bundle)", () => {
  let runner: CleanWorld;
  let world: World;

  beforeAll(async () => {
    runner = await CleanWorld.create(hardhatChain(hre));
    world = runner.world;
  });

  it("lands one bundle [frontrun, alice's swap, backrun, payment] in that order, and bids for it sealed", async () => {
    const run = await play(runner, "sandwich", { bundle: true });
    const [decision] = found(run);
    expect(decision!.kind).toBe("sandwich");
    const block = blocks(run).at(-1)!;
    expect(block.txs.map((tx) => [tx.index, tx.from.label, tx.status, tx.source])).toEqual([
      [0, "searcher", "success", "bundle"],
      [1, "alice", "success", "bundle"],
      [2, "searcher", "success", "bundle"],
      [3, "searcher", "success", "bundle"],
    ]);
    expect(block.txs.map((tx) => tx.hash)).toEqual(decision!.txs);
    expect(block.txs[1]!.hash).toBe(decision!.inputs.victimTx);
    // The same bundle on every transaction, the one the bot announced and bid with.
    const bundle = decision!.inputs.bundle!;
    expect(block.txs.map((tx) => tx.bundle)).toEqual([bundle, bundle, bundle, bundle]);
    const [bid] = bidsOf(run.events);
    expect(bid).toMatchObject({
      auction: "sealed",
      bot: "sandwicher",
      round: 1,
      tipPerGas: "0",
      carrier: bundle,
    });
    expect(bid!.opportunity).toBe(decision!.id);
    const built = run.events.find(
      (e): e is BlockBuilt => e.type === "block:built" && e.block === block.block,
    );
    expect(built!.bundles.map((b) => [b.bundle, b.outcome, b.position])).toEqual([[bundle, "included", 0]]);
    // The last transaction pays the bid to the builder; the searcher's swaps pay no tip.
    const payment = await world.chain.provider.getTransaction(block.txs[3]!.hash);
    expect(payment!.to).toBe(COINBASE_ADDRESS);
    expect(payment!.value.toString()).toBe(bid!.bid.amount);
    expect(bid!.bid.amount).toBe(decision!.inputs["bid (wei)"]);
    expect([block.txs[0]!.tip, block.txs[2]!.tip, block.txs[3]!.tip]).toEqual(["0", "0", "0"]);
    // The inspector reads the same three swaps in the same order from the logs.
    const label = classified(run).find((l) => l.block === block.block && l.kind === "sandwich");
    expect(label?.victim?.tx).toBe(decision!.inputs.victimTx);
    expect(label!.profits.find((p) => p.actor.label === "searcher")?.profit.amount).toBe(
      decision!.expectedProfit.amount,
    );
  });

  it("the builder's balance grows by the payment plus the block's tips", async () => {
    const run = await play(runner, "sandwich", { bundle: true, victimSize: "11" });
    const n = lastBlock(run);
    const block = blocks(run).at(-1)!;
    const delta =
      (await balanceAt(world, "ETH", COINBASE_ADDRESS, n)) -
      (await balanceAt(world, "ETH", COINBASE_ADDRESS, n - 1));
    const baseFee = BigInt(block.baseFeePerGas);
    let tips = 0n;
    for (const tx of block.txs) {
      const receipt = await world.chain.provider.getTransactionReceipt(tx.hash);
      tips += receipt!.gasUsed * (receipt!.gasPrice - baseFee);
    }
    const payment = BigInt(bidsOf(run.events)[0]!.bid.amount);
    expect(payment).toBeGreaterThan(0n);
    expect(delta).toBe(payment + tips);
    // Only alice tipped (2 gwei): the searcher's three transactions pay the base fee only.
    expect(tips).toBe(BigInt(block.txs[1]!.gasUsed) * BigInt(block.txs[1]!.tip));
  });

  it("on chain: WETH gain = expected profit; ETH spent = gas paid + payment; so the profit after paying the builder = expected − payment − gas", async () => {
    const run = await play(runner, "sandwich", { bundle: true, victimSize: "12" });
    const decision = found(run)[0]!;
    const searcher = world.actors.searcher.address;
    const [from, to] = [startBlock(run), lastBlock(run)];
    const wethGain =
      (await balanceAt(world, "WETH", searcher, to)) - (await balanceAt(world, "WETH", searcher, from));
    const ethSpent =
      (await balanceAt(world, "ETH", searcher, from)) - (await balanceAt(world, "ETH", searcher, to));
    const own = [decision.txs[0]!, decision.txs[2]!, decision.txs[3]!];
    const receipts = await Promise.all(own.map((h) => world.chain.provider.getTransactionReceipt(h)));
    const gasPaid = receipts.reduce((sum, r) => sum + r!.gasUsed * r!.gasPrice, 0n);
    const payment = BigInt(decision.inputs["bid (wei)"]!);
    const expected = BigInt(decision.expectedProfit.amount);

    expect(wethGain).toBe(expected);
    expect(ethSpent).toBe(gasPaid + payment);
    expect(wethGain - ethSpent).toBe(expected - payment - gasPaid);
    // It bid half of what the swaps earn after its gas estimate, and its estimate covers the gas paid.
    const gasEstimate = BigInt(decision.gasCost.amount);
    expect(gasEstimate).toBe((FRONTRUN_GAS + BACKRUN_GAS + PAYMENT_GAS) * receipts[0]!.gasPrice);
    expect(gasEstimate).toBeGreaterThanOrEqual(gasPaid);
    expect(payment).toBe((expected - gasEstimate) / 2n);
    expect(wethGain - ethSpent).toBeGreaterThan(0n);
  });

  it("its backrun asks for the frontrun + gas + payment back (at a 100% bid: all it expects to get)", async () => {
    const run = await play(runner, "sandwich", { bundle: true, bidShare: 100, victimSize: "13" });
    const decision = found(run)[0]!;
    const front = (await world.chain.provider.getTransaction(decision.txs[0]!))!;
    const back = (await world.chain.provider.getTransaction(decision.txs[2]!))!;
    const [frontIn] = routerInterface.decodeFunctionData("swapExactTokensForTokens", front.data);
    const [, backMin] = routerInterface.decodeFunctionData("swapExactTokensForTokens", back.data);
    const payment = BigInt(decision.inputs["bid (wei)"]!);
    expect(frontIn).toBe(BigInt(decision.size.amount));
    expect(backMin).toBe((frontIn as bigint) + BigInt(decision.gasCost.amount) + payment);
    // Bidding everything, the minimum is exactly what the backrun returns: it lands with nothing to spare but the gas estimate's margin.
    const searcher = world.actors.searcher.address;
    const n = lastBlock(run);
    const wethGain =
      (await balanceAt(world, "WETH", searcher, n)) - (await balanceAt(world, "WETH", searcher, n - 1));
    expect(wethGain + (frontIn as bigint)).toBe(backMin);
  });

  it("when the price moves before it so the sandwich would lose money, its backrun reverts and the builder drops the bundle whole", async () => {
    const run = createRun(runner, "sandwich", { bundle: true, victimSize: "16" }, "moved");
    for (let i = 0; i < 3; i += 1) await run.step(); // alice's swap is pending; the searcher sent its bundle
    const decision = found({ events: run.events } as never)[0]!;
    // bob sells 200,000 USDC on the same pool first, in a bundle that pays the builder far more per gas:
    // USDC gets cheaper, the frontrun and alice still get their minimums, the backrun gets less WETH.
    const { chain } = world;
    const bob = world.actors.bob.address;
    const router = await world.dexes.dexA.router.getAddress();
    const [usdc, weth] = [world.tokens.USDC.address, world.tokens.WETH.address];
    const amount = 200_000n * 10n ** 6n;
    const raws = await signAll(
      chain,
      bob,
      [
        {
          to: usdc,
          data: world.tokens.USDC.contract.interface.encodeFunctionData("approve", [router, amount]),
          gasLimit: 100_000n,
        },
        {
          to: router,
          data: routerInterface.encodeFunctionData("swapExactTokensForTokens", [
            amount,
            0n,
            [usdc, weth],
            bob,
            2n ** 40n,
          ]),
          gasLimit: 200_000n,
        },
        { to: COINBASE_ADDRESS, value: 10n ** 18n, gasLimit: PAYMENT_GAS },
      ],
      await nextNonce(chain, runner.builder, bob),
    );
    await runner.builder.sendBundle(
      { txs: raws, blockNumber: (await chain.latestBlock()).number + 1 },
      "test",
    );
    await run.step();

    const block = blocks({ events: run.events } as never).at(-1)!;
    const built = run.events.find(
      (e): e is BlockBuilt => e.type === "block:built" && e.block === block.block,
    )!;
    const sandwich = built.bundles.find((b) => b.bundle === decision.inputs.bundle)!;
    // "conflict": it would revert run after a bundle ranked above it.
    expect([sandwich.outcome, sandwich.reason]).toEqual(["dropped", "conflict"]);
    // The transaction that reverts is the backrun (#3: frontrun, alice, backrun, payment).
    expect(sandwich.explanation).toContain(
      `transaction ${decision.txs[2]!.slice(0, 10)}… (#3 of the bundle) reverts`,
    );
    // Nothing of it landed: alice's swap went through from the public mempool, without the searcher.
    expect(block.txs.map((tx) => [tx.from.label, tx.source])).toEqual([
      ["bob", "bundle"],
      ["bob", "bundle"],
      ["bob", "bundle"],
      ["alice", "public"],
    ]);
    const searcher = world.actors.searcher.address;
    for (const symbol of ["ETH", "WETH", "USDC"] as const)
      expect(await balanceAt(world, symbol, searcher, block.block)).toBe(
        await balanceAt(world, symbol, searcher, block.block - 1),
      );
  });

  it("with 0.1% slippage it declines with the public path's reasons and sends nothing, no bundle", async () => {
    const run = await play(runner, "sandwich", { bundle: true, slippage: 0.1 });
    expect(found(run)).toHaveLength(0);
    const [skip] = skipped(run);
    expect(skip?.reason).toMatch(/^(slippage-too-tight|unprofitable-after-gas)$/);
    expect(skip!.explanation).toMatch(/WETH/);
    expect(bidsOf(run.events)).toHaveLength(0);
    expect(run.events.filter((e) => e.type === "bundle:received")).toHaveLength(0);
    expect(txsFrom(run, "searcher")).toHaveLength(0);
    const searcher = world.actors.searcher.address;
    for (const symbol of ["ETH", "WETH", "USDC"] as const)
      expect(await balanceAt(world, symbol, searcher, lastBlock(run))).toBe(
        await balanceAt(world, symbol, searcher, startBlock(run)),
      );
  });

  it("refuses a path or a bid it does not know, naming it and what is accepted", () => {
    expect(() => createSandwicher({ capital: 1n, path: "private" as never })).toThrow(
      new BiddingError("path must be one of public, bundle, got private"),
    );
    expect(() =>
      createSandwicher({ capital: 1n, path: "bundle", bid: { kind: "fixed", bps: 12_000 } }),
    ).toThrow(/bid\.bps must be a whole number of basis points from 0 to 10000, got 12000/);
  });

  it("narrates the path and what the builder got", async () => {
    const run = await play(runner, "sandwich", { bundle: true, victimSize: "14" });
    const text = run.events
      .filter((e): e is Extract<SandboxEvent, { type: "step:finished" }> => e.type === "step:finished")
      .map((e) => e.narration)
      .join("\n");
    expect(text).toContain("bundle path");
    expect(text).toMatch(/The builder's balance grew by \d/);
  });

  // Two processes, not two runs in this one: the builder remembers that alice's transaction came in a
  // bundle across runs (Builder.reset keeps privateOrigins), so a second identical run here would not see it pending.
  it("plays byte for byte the same twice (two CLI runs)", async () => {
    const args = ["sandwich", "--bundle", "true", "--json"];
    const first = await runScript("scenario.ts", args);
    const second = await runScript("scenario.ts", args);
    expect(first.code, first.stderr).toBe(0);
    const types = first.stdout
      .trimEnd()
      .split("\n")
      .map((line) => (JSON.parse(line) as { type: string }).type);
    for (const type of [
      "opportunity:found",
      "auction:bid",
      "bundle:received",
      "block:built",
      "mev:classified",
    ])
      expect(types).toContain(type);
    expect(second.stdout).toBe(first.stdout);
  }, 120_000);
});
