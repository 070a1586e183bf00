/**
 * Flashbots clients' edges (issue 15, first part): eth_callBundle for the latest block's number (what
 * `simulate(bundle, "latest")` sends) and for a block further ahead, equal to the next block's
 * figures; a block before the latest refused; eth_sendBundle's minTimestamp/maxTimestamp of 0 read as
 * "no bound", and its `builders` list accepted and ignored.
 */
import { parseEther, toQuantity } from "ethers";
import { describe, expect, it } from "vitest";
import { MAX_BLOCKS_AHEAD } from "../server/builder/call-bundle";
import { hashOf, pay, rpcError, searcher, useBundleClient } from "./helpers/bundleClient";

describe("Flashbots clients' edges", () => {
  const client = useBundleClient();

  async function callBundle(txs: string[], blockNumber: number) {
    return client.provider.send("eth_callBundle", [
      { txs, blockNumber: toQuantity(blockNumber), stateBlockNumber: "latest" },
    ]);
  }

  it("simulates for the latest block's number and for a block further ahead, as for the next block", async () => {
    const txs = await client.signMany(searcher, [pay(parseEther("0.01"))]);
    const { number: next } = await client.nextBlock();
    const before = await client.chain.latestBlock();
    const asNext = await callBundle(txs, next);
    const asLatest = await callBundle(txs, next - 1);
    const ahead = await callBundle(txs, next + 3);
    for (const result of [asLatest, ahead]) {
      expect(result.coinbaseDiff).toBe(asNext.coinbaseDiff);
      expect(result.totalGasUsed).toBe(asNext.totalGasUsed);
      expect(result.results.map((r: { txHash: string }) => r.txHash)).toEqual(txs.map(hashOf));
    }
    // Nothing was kept: the empty blocks mined to reach the target were inside the snapshot.
    expect((await client.chain.latestBlock()).hash).toBe(before.hash);
    const older = await rpcError(callBundle(txs, next - 2));
    expect(older.message).toContain(`blockNumber must be from the latest block, ${next - 1}`);
    const tooFar = await rpcError(callBundle(txs, next + MAX_BLOCKS_AHEAD));
    expect(tooFar.message).toContain(`to ${MAX_BLOCKS_AHEAD} blocks after it`);
  });

  it("reads minTimestamp and maxTimestamp of 0 as no bound, and accepts a builders list", async () => {
    const txs = await client.signMany(searcher, [pay(parseEther("0.01"))]);
    const { hex } = await client.nextBlock();
    await client.provider.send("eth_sendBundle", [
      { txs, blockNumber: hex, minTimestamp: 0, maxTimestamp: 0, builders: ["flashbots", "titan"] },
    ]);
    const block = await client.mine();
    expect(block.txs).toEqual(txs.map(hashOf));
    expect(block.bundles[0]).toMatchObject({ outcome: "included", reason: null, position: 0 });
  });
});
