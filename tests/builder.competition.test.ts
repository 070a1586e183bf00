import { parseEther } from "ethers";
import { describe, expect, it } from "vitest";
import { toBaseUnits } from "../server/world/config";
import { alice, bob, hashOf, pay, useBundleClient } from "./helpers/bundleClient";

describe("competing bundles", () => {
  const client = useBundleClient();

  it("two swaps needing the same price: the better-paying one lands, the other is dropped as a conflict", async () => {
    const { provider, world } = client;
    const amountIn = toBaseUnits(20n, 18);
    const quote = await client.quoteWethToUsdc(amountIn);
    // Both ask for the full quote: whichever runs second gets a worse price and reverts.
    const low = await client.signMany(alice, [
      client.swap(alice.address, amountIn, quote),
      pay(parseEther("0.01")),
    ]);
    const high = await client.signMany(bob, [
      client.swap(bob.address, amountIn, quote),
      pay(parseEther("0.02")),
    ]);
    const { hex } = await client.nextBlock();
    const lowHash = (await provider.send("eth_sendBundle", [{ txs: low, blockNumber: hex }])).bundleHash;
    const highHash = (await provider.send("eth_sendBundle", [{ txs: high, blockNumber: hex }])).bundleHash;
    const { USDC, WETH } = world.tokens;
    const alice0 = {
      nonce: await client.nonceOf(alice.address),
      eth: await provider.getBalance(alice.address),
      weth: await WETH.contract.balanceOf(alice.address),
      usdc: await USDC.contract.balanceOf(alice.address),
    };
    const bobUsdc = await USDC.contract.balanceOf(bob.address);

    const block = await client.mine();

    expect(block.txs).toEqual(high.map(hashOf));
    expect((await USDC.contract.balanceOf(bob.address)) - bobUsdc).toBe(quote);
    expect(await client.receipts(low)).toEqual([null, null]);
    expect(await client.nonceOf(alice.address)).toBe(alice0.nonce);
    expect(await provider.getBalance(alice.address)).toBe(alice0.eth);
    expect(await WETH.contract.balanceOf(alice.address)).toBe(alice0.weth);
    expect(await USDC.contract.balanceOf(alice.address)).toBe(alice0.usdc);
    const byHash = new Map(block.bundles.map((b) => [b.bundle, b]));
    expect(byHash.get(highHash)).toMatchObject({ outcome: "included" });
    expect(byHash.get(lowHash)).toMatchObject({ outcome: "dropped", reason: "conflict" });
    expect(byHash.get(lowHash)!.explanation).toContain("compete for the same state");
  });

  it("the ordering setting decides: gas price puts the dense bundle first, profit the bigger payer", async () => {
    const { builder, provider } = client;
    // Alice: 0.01 ETH in 21,000 gas (~476 gwei per gas). Bob: 0.015 ETH in 63,000 gas (~238 gwei).
    const orders: Record<string, string[]> = {};
    try {
      for (const ordering of ["gas-price", "profit"] as const) {
        builder.setOrdering(ordering);
        const dense = await client.signMany(alice, [pay(parseEther("0.01"))]);
        const big = await client.signMany(bob, [
          { to: alice.address, value: 1n },
          { to: alice.address, value: 2n },
          pay(parseEther("0.015")),
        ]);
        const { hex } = await client.nextBlock();
        await provider.send("eth_sendBundle", [{ txs: big, blockNumber: hex }]);
        await provider.send("eth_sendBundle", [{ txs: dense, blockNumber: hex }]);
        const block = await client.mine();
        expect(block.bundles.every((b) => b.outcome === "included")).toBe(true);
        expect(builder.reportFor(block.number)?.ordering).toBe(ordering);
        orders[ordering] = [...block.txs];
        const expected = ordering === "gas-price" ? [...dense, ...big] : [...big, ...dense];
        expect(block.txs).toEqual(expected.map(hashOf));
      }
    } finally {
      builder.setOrdering("gas-price");
    }
    expect(orders["gas-price"]).not.toEqual(orders.profit);
  });
});
