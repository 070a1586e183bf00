/**
 * A run watches the mempool through a pending-transaction filter, and leaves none behind: the node
 * keeps a filter (and every hash sent after it) until it is uninstalled, even through the snapshot
 * revert that starts the next run, so a class of many runs would otherwise pile them up.
 */
import hre from "hardhat";
import { beforeAll, describe, expect, it } from "vitest";
import { hardhatChain } from "../server/chain/hardhat";
import { CleanWorld } from "../server/engine/cleanWorld";
import { createRun } from "../server/runs/create";

describe("the mempool filters of runs", () => {
  const chain = hardhatChain(hre);
  let clean: CleanWorld;

  beforeAll(async () => {
    clean = await CleanWorld.create(chain);
  });

  /** A fresh filter's id, uninstalled at once: the node numbers filters 0x1, 0x2 … */
  async function nextFilterId(): Promise<number> {
    const id = await chain.rpc<string>("eth_newPendingTransactionFilter");
    await chain.rpc("eth_uninstallFilter", [id]);
    return Number(id);
  }

  /** Ids between `from` and `to` (excluded) of filters the node still keeps. */
  async function installedBetween(from: number, to: number): Promise<number[]> {
    const kept: number[] = [];
    for (let id = from + 1; id < to; id++) {
      const changes = await chain
        .rpc<string[] | null>("eth_getFilterChanges", [`0x${id.toString(16)}`])
        .catch(() => null);
      if (changes !== null) kept.push(id);
    }
    return kept;
  }

  it("uninstalls each run's filter when it finishes, fails or is reset", async () => {
    const from = await nextFilterId();
    for (let i = 1; i <= 3; i++) {
      const run = createRun(clean, "sandwich", {}, `run-${i}`);
      await run.play();
      run.dispose();
    }
    const reset = createRun(clean, "sandwich", {}, "run-reset");
    await reset.step();
    reset.dispose();
    const to = await nextFilterId();

    expect(to - from).toBeGreaterThan(4); // each run made at least one filter
    // At most the builder's own, which lasts as long as the chain.
    expect((await installedBetween(from, to)).length).toBeLessThanOrEqual(1);
  });
});
