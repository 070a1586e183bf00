import { parseEther } from "ethers";
import { describe, expect, it } from "vitest";
import { GWEI } from "../server/format";
import { alice, bob, hashOf, pay, rpcError, searcher, useBundleClient } from "./helpers/bundleClient";

describe("mining from outside (evm_mine, hardhat_mine)", () => {
  const client = useBundleClient();

  it("evm_mine builds the block with the builder: the bundle on top, then public transactions by tip", async () => {
    const { provider } = client;
    const low = await client.sign(alice, { to: bob.address, value: 1n, tip: 1n * GWEI });
    const high = await client.sign(bob, { to: alice.address, value: 1n, tip: 5n * GWEI });
    await provider.send("eth_sendRawTransaction", [low]); // arrives first, pays less
    await provider.send("eth_sendRawTransaction", [high]);
    const bundle = await client.signMany(searcher, [pay(parseEther("0.01"))]);
    const { number, hex } = await client.nextBlock();
    await provider.send("eth_sendBundle", [{ txs: bundle, blockNumber: hex }]);

    expect(await provider.send("evm_mine", [])).toBe("0x0");

    const block = await provider.getBlock(number);
    expect(block?.transactions).toEqual([bundle[0]!, high, low].map(hashOf));
    expect(client.builder.reportFor(number)?.bundles[0]).toMatchObject({ outcome: "included", position: 0 });
  });

  it("hardhat_mine mines the blocks asked for; a timestamp or interval is refused with why", async () => {
    const { provider } = client;
    const before = await provider.getBlockNumber();
    expect(await provider.send("hardhat_mine", ["0x2"])).toBe(true);
    expect(await provider.getBlockNumber()).toBe(before + 2);
    const blocks = await Promise.all([before + 1, before + 2].map((n) => provider.getBlock(n)));
    expect(blocks[1]!.timestamp - blocks[0]!.timestamp).toBe(client.chain.blockTimeSeconds);

    const cases: [string, unknown[], string][] = [
      ["evm_mine", [2_000_000_000], "evm_mine takes no parameters here"],
      ["hardhat_mine", ["0x2", "0x1"], "hardhat_mine takes a block count only"],
      ["hardhat_mine", ["0x1000"], "the block count must be from 1 to 100"],
      ["hardhat_mine", ["ten"], "the block count must be from 1 to 100"],
    ];
    for (const [method, params, message] of cases) {
      const error = await rpcError(provider.send(method, params));
      expect(error.code, `${method} ${JSON.stringify(params)}`).toBe(-32602);
      expect(error.message).toContain(message);
    }
    expect(await provider.getBlockNumber()).toBe(before + 2);
  });
});
