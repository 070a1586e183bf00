import hre from "hardhat";
import { beforeAll, describe, expect, it } from "vitest";
import { hardhatChain } from "../server/chain/hardhat";
import { CleanWorld } from "../server/engine/cleanWorld";
import type { AuctionBid, BlockBuilt, SandboxEvent } from "../server/events";
import { COINBASE_ADDRESS } from "../server/world/actors";
import type { World } from "../server/world/types";
import { balanceAt, blocks, classified, found, lastBlock, play } from "./helpers/runs";

function bidsOf(events: readonly SandboxEvent[]): AuctionBid[] {
  return events.filter((e): e is AuctionBid => e.type === "auction:bid");
}

describe("liquidator bot, bundle path (liquidation scenario --bundle)", () => {
  let runner: CleanWorld;
  let world: World;

  beforeAll(async () => {
    runner = await CleanWorld.create(hardhatChain(hre));
    world = runner.world;
  });

  /** Plays the scenario in bundle mode and checks what every bundle run shares; returns what the tests compare. */
  async function bundled(params: Record<string, unknown>, id?: string) {
    const run = await play(runner, "liquidation", { bundle: true, ...params }, id);
    const [decision] = found(run);
    expect(decision).toMatchObject({ bot: "liquidator", kind: "liquidation" });
    const block = blocks(run).at(-1)!;
    const bundle = block.txs[0]!.bundle!;
    // [liquidation, payment], both from the liquidator, both in its one bundle, no tip.
    expect(block.txs.map((tx) => [tx.from.label, tx.status, tx.source, tx.bundle, tx.tip])).toEqual([
      ["liquidator", "success", "bundle", bundle, "0"],
      ["liquidator", "success", "bundle", bundle, "0"],
    ]);
    expect(block.txs.map((tx) => tx.hash)).toEqual(decision!.txs);
    const [bid] = bidsOf(run.events);
    expect(bid).toMatchObject({ auction: "sealed", bot: "liquidator", round: 1, carrier: bundle });
    expect(bid!.opportunity).toBe(decision!.id);
    const built = run.events.find(
      (e): e is BlockBuilt => e.type === "block:built" && e.block === block.block,
    );
    expect(built!.bundles.map((b) => [b.bundle, b.outcome])).toEqual([[bundle, "included"]]);
    const payment = await world.chain.provider.getTransaction(block.txs[1]!.hash);
    expect(payment!.to).toBe(COINBASE_ADDRESS);
    expect(payment!.value.toString()).toBe(bid!.bid.amount);
    expect(bid!.bid.amount).toBe(decision!.inputs["bid (wei)"]);
    // Bid = half of the value it announced (the profit after gas, in ETH at the oracle price), rounded down.
    expect(BigInt(bid!.bid.amount)).toBeLessThanOrEqual(BigInt(bid!.value.amount) / 2n);
    expect(BigInt(bid!.bid.amount)).toBeGreaterThanOrEqual(BigInt(bid!.value.amount) / 2n - 1n);
    // The inspector still reads the liquidation from the logs.
    expect(classified(run).some((l) => l.block === block.block && l.kind === "liquidation")).toBe(true);

    const n = lastBlock(run);
    const liquidator = world.actors.liquidator.address;
    const receipts = await Promise.all(
      block.txs.map((tx) => world.chain.provider.getTransactionReceipt(tx.hash)),
    );
    const gasPaid = receipts.reduce((sum, r) => sum + r!.gasUsed * r!.gasPrice, 0n);
    const ethSpent =
      (await balanceAt(world, "ETH", liquidator, n - 1)) - (await balanceAt(world, "ETH", liquidator, n));
    const builderDelta =
      (await balanceAt(world, "ETH", COINBASE_ADDRESS, n)) -
      (await balanceAt(world, "ETH", COINBASE_ADDRESS, n - 1));
    return { run, decision: decision!, n, gasPaid, ethSpent, builderDelta, payment: payment!.value };
  }

  it("own capital: [liquidationCall, payment]; the builder gets exactly the payment, the liquidator pays gas + payment", async () => {
    const { decision, n, gasPaid, ethSpent, builderDelta, payment } = await bundled({});
    expect(payment).toBeGreaterThan(0n);
    expect(builderDelta).toBe(payment); // no tips in the block: both transactions pay the base fee only
    expect(ethSpent).toBe(gasPaid + payment);
    // It repaid the debt it planned and got the collateral it planned (WETH, bonus included).
    const liquidator = world.actors.liquidator.address;
    const usdcPaid =
      (await balanceAt(world, "USDC", liquidator, n - 1)) - (await balanceAt(world, "USDC", liquidator, n));
    expect(usdcPaid.toString()).toBe(decision.size.amount);
  });

  it("flash loan: the liquidator's USDC gain is its expected profit, and it covers the gas and the payment", async () => {
    const { decision, n, gasPaid, ethSpent, builderDelta, payment } = await bundled({ flash: true });
    expect(builderDelta).toBe(payment);
    expect(ethSpent).toBe(gasPaid + payment);
    const liquidator = world.actors.liquidator.address;
    const usdcGain =
      (await balanceAt(world, "USDC", liquidator, n)) - (await balanceAt(world, "USDC", liquidator, n - 1));
    expect(usdcGain.toString()).toBe(decision.expectedProfit.amount);
  });

  it("a bandit bid is refused with a clear error", async () => {
    const { createLiquidator } = await import("../server/bots/liquidator");
    expect(() =>
      createLiquidator({ flash: false, path: "bundle", bid: { kind: "bandit", levels: [5000] } }),
    ).toThrow(/fixed or random/);
  });

  it("plays byte for byte the same twice", async () => {
    const first = JSON.stringify((await bundled({}, "same")).run.events);
    const second = JSON.stringify((await bundled({}, "same")).run.events);
    expect(second).toBe(first);
  });
});

describe("liquidator bot, back-running the oracle update (liquidation scenario --backrun)", () => {
  let runner: CleanWorld;
  let world: World;

  beforeAll(async () => {
    runner = await CleanWorld.create(hardhatChain(hre));
    world = runner.world;
  });

  it("lands [the admin's update, liquidation, payment] in the update's block, at the price the update sets", async () => {
    // The public liquidator decides after the update is mined, on the pool's own numbers: the back-run,
    // deciding before, must see the same position (its price override reproduces the pool's).
    const afterwards = found(await play(runner, "liquidation", {}, "public-first"))[0]!;
    const run = await play(runner, "liquidation", { backrun: true });
    const [decision] = found(run);
    expect(found(run)).toHaveLength(1);
    const update = blocks(run).find((b) =>
      b.txs.some((tx) => tx.from.label === "admin" && tx.hash === decision!.txs[0]),
    )!;
    const bundle = update.txs[0]!.bundle!;
    expect(update.txs.map((tx) => [tx.from.label, tx.status, tx.source, tx.bundle])).toEqual([
      ["admin", "success", "bundle", bundle],
      ["liquidator", "success", "bundle", bundle],
      ["liquidator", "success", "bundle", bundle],
    ]);
    expect(update.txs.map((tx) => tx.hash)).toEqual(decision!.txs);
    expect(bidsOf(run.events)[0]).toMatchObject({ auction: "sealed", carrier: bundle });
    // It decided a block earlier, before the update was mined, and saw what the pool sees after it.
    expect(decision!.block).toBe(update.block - 1);
    expect(afterwards.block).toBe(update.block);
    for (const key of ["healthFactor", "WETH price", "debtToCover", "collateralSeized"])
      expect(decision!.inputs[key], key).toBe(afterwards.inputs[key]);
    const n = update.block;
    const builderDelta =
      (await balanceAt(world, "ETH", COINBASE_ADDRESS, n)) -
      (await balanceAt(world, "ETH", COINBASE_ADDRESS, n - 1));
    const tips = BigInt(update.txs[0]!.gasUsed) * BigInt(update.txs[0]!.tip);
    expect(builderDelta).toBe(BigInt(bidsOf(run.events)[0]!.bid.amount) + tips);
    expect(classified(run).some((l) => l.block === n && l.kind === "liquidation")).toBe(true);
    // Nothing is left for the next block.
    expect(blocks(run).at(-1)!.txs).toHaveLength(0);
  });

  it("a back-run without the bundle path is refused", async () => {
    const { createLiquidator } = await import("../server/bots/liquidator");
    expect(() => createLiquidator({ flash: false, backrunOracle: true })).toThrow(
      /backrunOracle needs path "bundle"/,
    );
  });
});
