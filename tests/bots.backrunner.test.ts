import hre from "hardhat";
import { beforeAll, describe, expect, it } from "vitest";
import { hardhatChain } from "../server/chain/hardhat";
import { CleanWorld } from "../server/engine/cleanWorld";
import type { BlockBuilt, TxPending } from "../server/events";
import type { World } from "../server/world/types";
import { balanceAt, blocks, classified, found, lastBlock, play, runEvents, skipped } from "./helpers/runs";

describe("back-runner bot (backrun scenario)", () => {
  let runner: CleanWorld;
  let world: World;

  beforeAll(async () => {
    runner = await CleanWorld.create(hardhatChain(hre));
    world = runner.world;
  });

  it("lands its cycle right after bob's swap, in one bundle, and gains exactly what it expected", async () => {
    const run = await play(runner, "backrun");
    const [decision] = found(run);
    expect(decision!.kind).toBe("backrun");
    const block = blocks(run).at(-1)!;
    const [target, backrun, payment] = decision!.txs;
    const index = (hash: string) => block.txs.find((tx) => tx.hash === hash)!.index;
    expect(block.txs.find((tx) => tx.hash === target)!.from.label).toBe("bob");
    expect(index(backrun!)).toBe(index(target!) + 1);
    expect(index(payment!)).toBe(index(target!) + 2);
    const inBundle = block.txs.filter((tx) => decision!.txs.includes(tx.hash));
    expect(inBundle.every((tx) => tx.status === "success" && tx.source === "bundle")).toBe(true);
    expect(new Set(inBundle.map((tx) => tx.bundle)).size).toBe(1);
    expect(inBundle[0]!.bundle).toBe(decision!.inputs.bundle);
    // bob's transaction was public: the bot read it in the mempool, the builder skipped the public copy.
    const pending = run.events.filter((e): e is TxPending => e.type === "tx:pending").map((e) => e.hash);
    expect(pending).toContain(target);
    expect(block.txs.filter((tx) => tx.hash === target)).toHaveLength(1);

    // Profit on chain: the executor's WETH over the block equals the bot's expected profit.
    const executor = await world.arbitrageExecutor.getAddress();
    const n = lastBlock(run);
    const gained =
      (await balanceAt(world, "WETH", executor, n)) - (await balanceAt(world, "WETH", executor, n - 1));
    expect(decision!.expectedProfit.symbol).toBe("WETH");
    expect(gained).toBe(BigInt(decision!.expectedProfit.amount));
    expect(gained).toBeGreaterThan(0n);

    // The builder was paid the bid by the bundle's last transaction.
    const paid = block.txs.find((tx) => tx.hash === payment)!;
    expect(paid.coinbasePayment).toBe(decision!.inputs["bid (wei)"]);
    const built = run.events.find(
      (e): e is BlockBuilt => e.type === "block:built" && e.block === block.block,
    );
    expect(built!.bundles.map((b) => [b.origin, b.outcome])).toEqual([["backrunner", "included"]]);

    // The inspector labels the cycle an arbitrage from its logs, with the profit the executor made,
    // and the pair [bob's swap, the cycle right after it, back through his pool] a back-run.
    const labels = classified(run);
    expect(labels.map((c) => c.kind)).toEqual(["backrun", "arbitrage"]);
    const [backrunLabel, arbitrage] = labels;
    expect(arbitrage!.txs).toEqual([backrun]);
    expect(arbitrage!.profits[0]!.profit.amount).toBe(gained.toString());
    expect(backrunLabel!.txs).toEqual([target, backrun]);
    expect(backrunLabel!.profits).toEqual(arbitrage!.profits);
    expect(backrunLabel!.victim!.tx).toBe(target);
    expect(backrunLabel!.victim!.loss.amount).toBe("0");
  });

  it("declines when the target opens no gap wider than the fees, and says why", async () => {
    const run = await play(runner, "backrun", { tradeSize: "1" });
    expect(found(run)).toEqual([]);
    const [skip] = skipped(run);
    // 1 WETH moves DEX A's price by about 0.2%, less than the two pools' fees (0.30% + 0.25%).
    expect(skip!.reason).toBe("no-cycle");
    expect(skip!.explanation).toContain("after bob's swap no cycle of up to 3 pools");
    expect(
      blocks(run)
        .at(-1)!
        .txs.map((tx) => tx.from.label),
    ).toEqual(["bob"]);
  });

  it("plays byte for byte the same twice, finding the backrun both times", async () => {
    const first = await runEvents(runner, "backrun");
    const second = await runEvents(runner, "backrun");
    // Both runs must really contain the MEV: two empty runs would also be equal.
    for (const events of [first, second]) {
      expect(events.filter((e) => e.type === "mev:classified" && e.kind === "backrun")).toHaveLength(1);
    }
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });
});
