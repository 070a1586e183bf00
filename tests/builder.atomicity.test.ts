import { concat, keccak256, parseEther } from "ethers";
import { describe, expect, it } from "vitest";
import { COINBASE_ADDRESS } from "../server/world/actors";
import { toBaseUnits } from "../server/world/config";
import { alice, bob, hashOf, pay, useBundleClient } from "./helpers/bundleClient";

describe("a bundle is all or nothing (eth_sendBundle)", () => {
  const client = useBundleClient();

  /** Alice pays Bob 1 ETH, swaps 1 WETH asking twice its price (reverts), then pays the builder 0.01 ETH. */
  async function signRevertingBundle(): Promise<string[]> {
    const quote = await client.quoteWethToUsdc(toBaseUnits(1n, 18));
    return client.signMany(alice, [
      { to: bob.address, value: parseEther("1") },
      client.swap(alice.address, toBaseUnits(1n, 18), quote * 2n),
      pay(parseEther("0.01")),
    ]);
  }

  it("drops a bundle whose transaction reverts: none of it lands, balances and nonces unchanged", async () => {
    const { provider, world } = client;
    const txs = await signRevertingBundle();
    const { hex } = await client.nextBlock();
    const { bundleHash } = await provider.send("eth_sendBundle", [{ txs, blockNumber: hex }]);
    expect(bundleHash).toBe(keccak256(concat(txs.map(hashOf))));
    const before = {
      nonce: await client.nonceOf(alice.address),
      alice: await provider.getBalance(alice.address),
      bob: await provider.getBalance(bob.address),
      builder: await provider.getBalance(COINBASE_ADDRESS),
      weth: await world.tokens.WETH.contract.balanceOf(alice.address),
    };

    const block = await client.mine();

    expect(block.txs).toEqual([]);
    expect(await client.receipts(txs)).toEqual([null, null, null]);
    expect(await client.nonceOf(alice.address)).toBe(before.nonce);
    expect(await provider.getBalance(alice.address)).toBe(before.alice);
    expect(await provider.getBalance(bob.address)).toBe(before.bob);
    expect(await provider.getBalance(COINBASE_ADDRESS)).toBe(before.builder);
    expect(await world.tokens.WETH.contract.balanceOf(alice.address)).toBe(before.weth);
    expect(block.bundles).toHaveLength(1);
    expect(block.bundles[0]).toMatchObject({ bundle: bundleHash, outcome: "dropped", reason: "reverted" });
    expect(block.bundles[0]!.explanation).toContain("revertingTxHashes");
  });

  it("lands the same bundle when the reverting transaction is listed in revertingTxHashes", async () => {
    const { provider } = client;
    const txs = await signRevertingBundle();
    const bobBefore = await provider.getBalance(bob.address);
    const builderBefore = await provider.getBalance(COINBASE_ADDRESS);
    const { hex } = await client.nextBlock();
    await provider.send("eth_sendBundle", [{ txs, blockNumber: hex, revertingTxHashes: [hashOf(txs[1]!)] }]);

    const block = await client.mine();

    expect(block.txs).toEqual(txs.map(hashOf));
    expect((await client.receipts(txs)).map((r) => r?.status)).toEqual([1, 0, 1]);
    expect((await provider.getBalance(bob.address)) - bobBefore).toBe(parseEther("1"));
    // No tips: the builder earns exactly the 0.01 ETH payment.
    expect((await provider.getBalance(COINBASE_ADDRESS)) - builderBefore).toBe(parseEther("0.01"));
    expect(block.bundles[0]).toMatchObject({ outcome: "included", reason: null, position: 0 });
  });
});
