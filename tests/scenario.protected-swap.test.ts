import hre from "hardhat";
import { beforeAll, describe, expect, it } from "vitest";
import { hardhatChain } from "../server/chain/hardhat";
import { CleanWorld } from "../server/engine/cleanWorld";
import type { BlockBuilt, TxPending } from "../server/events";
import { getAmountOut } from "../server/math/amm";
import { reservesFor } from "../server/world/market";
import type { World } from "../server/world/types";
import { poolNamed } from "./helpers/blocks";
import { balanceAt, blocks, classified, found, lastBlock, play, skipped } from "./helpers/runs";

describe("protected-swap scenario", () => {
  let runner: CleanWorld;
  let world: World;

  beforeAll(async () => {
    runner = await CleanWorld.create(hardhatChain(hre));
    world = runner.world;
  });

  it("alice's swap never reaches the public mempool; the sandwicher does nothing; she gets the counterfactual output", async () => {
    const run = await play(runner, "protected-swap");
    const last = blocks(run).at(-1)!;
    const aliceTx = last.txs.find((tx) => tx.from.label === "alice")!;
    expect(aliceTx.status).toBe("success");
    expect(aliceTx.source).toBe("protected");
    const pending = run.events.filter((e): e is TxPending => e.type === "tx:pending");
    expect(pending.map((e) => e.hash)).not.toContain(aliceTx.hash);
    expect(found(run)).toEqual([]);
    expect(skipped(run)).toEqual([]);
    expect(classified(run)).toEqual([]);
    const built = run.events.find((e): e is BlockBuilt => e.type === "block:built" && e.block === last.block);
    expect(built!.protectedTxs).toEqual([aliceTx.hash]);

    // Her output, from her balances, equals getAmountOut on the reserves before her block.
    const block = lastBlock(run);
    const alice = world.actors.alice.address;
    const received =
      (await balanceAt(world, "USDC", alice, block)) - (await balanceAt(world, "USDC", alice, block - 1));
    const sold =
      (await balanceAt(world, "WETH", alice, block - 1)) - (await balanceAt(world, "WETH", alice, block));
    expect(sold).toBe(10n ** 19n);
    const pool = poolNamed(world, "DEX A WETH/USDC");
    const { reserveIn: reserveWeth, reserveOut: reserveUsdc } = await reservesFor(pool, "WETH", block - 1);
    expect(received).toBe(getAmountOut(sold, reserveWeth, reserveUsdc, pool.feeBps));
    // The searcher's balances did not move.
    const searcher = world.actors.searcher.address;
    for (const symbol of ["WETH", "USDC"] as const) {
      expect(await balanceAt(world, symbol, searcher, block)).toBe(
        await balanceAt(world, symbol, searcher, block - 2),
      );
    }
  });

  it("the same trade in public is sandwiched (the sandwich scenario), so the protection mattered", async () => {
    const run = await play(runner, "sandwich");
    expect(classified(run).map((c) => c.kind)).toEqual(["sandwich"]);
  });

  it("plays byte for byte the same twice", async () => {
    const first = JSON.stringify((await play(runner, "protected-swap", {}, "same")).events);
    const second = JSON.stringify((await play(runner, "protected-swap", {}, "same")).events);
    expect(second).toBe(first);
  });
});
