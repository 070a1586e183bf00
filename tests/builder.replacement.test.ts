import { concat, keccak256, parseEther } from "ethers";
import { describe, expect, it } from "vitest";
import { alice, bob, hashOf, pay, rpcError, useBundleClient } from "./helpers/bundleClient";

describe("replacing and cancelling a bundle (replacementUuid, eth_cancelBundle)", () => {
  const client = useBundleClient();

  it("a second bundle with the same replacementUuid replaces the first: only it lands", async () => {
    const { provider } = client;
    const nonce = await client.nonceOf(bob.address);
    const first = [
      await client.sign(bob, { to: alice.address, value: 1n }, nonce),
      await client.sign(bob, pay(parseEther("0.01")), nonce + 1),
    ];
    const second = [
      await client.sign(bob, { to: alice.address, value: 2n }, nonce),
      await client.sign(bob, pay(parseEther("0.02")), nonce + 1),
    ];
    const { hex } = await client.nextBlock();
    const replacementUuid = "9f1c2b6e-replace-me";
    await provider.send("eth_sendBundle", [{ txs: first, blockNumber: hex, replacementUuid }]);
    await provider.send("eth_sendBundle", [{ txs: second, blockNumber: hex, replacementUuid }]);
    expect(client.builder.pendingBundles()).toHaveLength(1);

    const block = await client.mine();

    expect(block.txs).toEqual(second.map(hashOf));
    expect(await client.receipts(first)).toEqual([null, null]);
    expect(block.bundles.map((b) => b.bundle)).toEqual([keccak256(concat(second.map(hashOf)))]);
  });

  it("eth_cancelBundle withdraws a pending bundle: nothing of it lands", async () => {
    const { provider } = client;
    const txs = await client.signMany(bob, [{ to: alice.address, value: 3n }, pay(parseEther("0.01"))]);
    const { hex } = await client.nextBlock();
    const { bundleHash } = await provider.send("eth_sendBundle", [
      { txs, blockNumber: hex, replacementUuid: "cancel-me" },
    ]);
    const cancelled = await provider.send("eth_cancelBundle", [{ replacementUuid: "cancel-me" }]);
    expect(cancelled).toEqual([bundleHash]); // the cancelled bundles' hashes, as Flashbots answers
    const nonce = await client.nonceOf(bob.address);

    const block = await client.mine();

    expect(block.txs).toEqual([]);
    expect(await client.receipts(txs)).toEqual([null, null]);
    expect(await client.nonceOf(bob.address)).toBe(nonce);
  });

  it("cancelling an unknown replacementUuid is an invalid-params error that says so", async () => {
    const error = await rpcError(
      client.provider.send("eth_cancelBundle", [{ replacementUuid: "never-sent" }]),
    );
    expect(error.code).toBe(-32602);
    expect(error.message).toContain('no pending bundle has replacementUuid "never-sent"');
  });
});
