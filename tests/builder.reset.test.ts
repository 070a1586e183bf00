import { parseEther } from "ethers";
import { describe, expect, it } from "vitest";
import { bob, pay, useBundleClient } from "./helpers/bundleClient";

describe("the builder after a reset to the clean world", () => {
  const client = useBundleClient();

  it("a block re-mined at the same height has no report from before the reset", async () => {
    const txs = await client.signMany(bob, [pay(parseEther("0.01"))]);
    const { hex } = await client.nextBlock();
    await client.provider.send("eth_sendBundle", [{ txs, blockNumber: hex }]);
    const built = await client.mine();
    expect(client.builder.reportFor(built.number)?.bundles).toHaveLength(1);

    await client.runner.resetChain();
    let block = await client.mine();
    while (block.number < built.number) block = await client.mine();

    expect(block.number).toBe(built.number);
    expect(block.txs).toEqual([]);
    expect(client.builder.reportFor(block.number)).toBeUndefined();
  });
});
