import { keccak256, parseEther } from "ethers";
import { describe, expect, it } from "vitest";
import { BASE_FEE_PER_GAS } from "../server/chain/chain";
import { GWEI } from "../server/format";
import { ACTORS, COINBASE_ADDRESS, hardhatAccount } from "../server/world/actors";
import { toBaseUnits } from "../server/world/config";
import { bob, hashOf, pay, searcher, useBundleClient } from "./helpers/bundleClient";
import { createPublicClient, type Hex, hardhat, http, privateKeyToAccount, rpcSchema } from "./helpers/viem";

// viem types JSON-RPC methods: Flashbots' are declared as a custom schema (as in the README).
type BundleRpc = [
  {
    Method: "eth_callBundle";
    Parameters: [{ txs: Hex[]; blockNumber: Hex; stateBlockNumber: "latest" }];
    ReturnType: { coinbaseDiff: string; totalGasUsed: number; bundleGasPrice: string };
  },
  {
    Method: "eth_sendBundle";
    Parameters: [{ txs: Hex[]; blockNumber: Hex }];
    ReturnType: { bundleHash: Hex };
  },
];

describe("eth_callBundle", () => {
  const client = useBundleClient();

  it("reports what the mined bundle then does: coinbaseDiff, gas, payment and bundle gas price", async () => {
    const { provider } = client;
    const tip = 2n * GWEI;
    const payment = parseEther("0.015");
    const txs = await client.signMany(searcher, [
      { ...client.swap(searcher.address, toBaseUnits(2n, 18), 0n), tip },
      pay(payment),
    ]);
    const { hex } = await client.nextBlock();
    const simulated = await provider.send("eth_callBundle", [
      { txs, blockNumber: hex, stateBlockNumber: "latest" },
    ]);
    expect(simulated.results.map((r: { txHash: string }) => r.txHash)).toEqual(txs.map(hashOf));
    expect(simulated.results.every((r: { error?: string }) => r.error === undefined)).toBe(true);
    const builderBefore = await provider.getBalance(COINBASE_ADDRESS);

    await provider.send("eth_sendBundle", [{ txs, blockNumber: hex }]);
    const block = await client.mine();

    expect(block.txs).toEqual(txs.map(hashOf)); // the bundle is alone in its block
    const mined = await client.receipts(txs);
    const builderGain = (await provider.getBalance(COINBASE_ADDRESS)) - builderBefore;
    expect(BigInt(simulated.coinbaseDiff)).toBe(builderGain);
    expect(simulated.results.map((r: { gasUsed: number }) => BigInt(r.gasUsed))).toEqual(
      mined.map((r) => r!.gasUsed),
    );
    const totalGas = mined[0]!.gasUsed + mined[1]!.gasUsed;
    expect(BigInt(simulated.totalGasUsed)).toBe(totalGas);
    expect(BigInt(simulated.ethSentToCoinbase)).toBe(payment);
    expect(BigInt(simulated.results[1].ethSentToCoinbase)).toBe(payment);
    expect(BigInt(simulated.results[0].gasFees)).toBe(mined[0]!.gasUsed * tip);
    expect(BigInt(simulated.gasFees)).toBe(mined[0]!.gasUsed * tip);
    expect(BigInt(simulated.bundleGasPrice)).toBe(builderGain / totalGas);
    expect(block.bundles[0]!.coinbaseDiff).toBe(simulated.coinbaseDiff);
  });

  it("works from viem with a viem-signed transaction, and keeps nothing", async () => {
    const { provider } = client;
    const account = privateKeyToAccount(hardhatAccount(ACTORS.bob.index).privateKey as Hex);
    const viemClient = createPublicClient({
      chain: hardhat,
      transport: http(client.rpc.url),
      rpcSchema: rpcSchema<BundleRpc>(),
    });
    const payment = parseEther("0.003");
    const raw = await account.signTransaction({
      type: "eip1559",
      chainId: 31337,
      nonce: await client.nonceOf(bob.address),
      to: COINBASE_ADDRESS as Hex,
      value: payment,
      gas: 21_000n,
      maxFeePerGas: 2n * BASE_FEE_PER_GAS,
      maxPriorityFeePerGas: 0n,
    });
    const { hex } = await client.nextBlock();
    const balance = await provider.getBalance(bob.address);
    const blockNumber = hex as Hex;
    const simulated = await viemClient.request({
      method: "eth_callBundle",
      params: [{ txs: [raw], blockNumber, stateBlockNumber: "latest" }],
    });
    expect(BigInt(simulated.coinbaseDiff)).toBe(payment);
    expect(simulated.totalGasUsed).toBe(21_000);
    expect(BigInt(simulated.bundleGasPrice)).toBe(payment / 21_000n);
    expect(await provider.getBalance(bob.address)).toBe(balance); // a simulation keeps nothing

    const sent = await viemClient.request({
      method: "eth_sendBundle",
      params: [{ txs: [raw], blockNumber }],
    });
    expect(sent.bundleHash).toBe(keccak256(hashOf(raw)));
    const builderBefore = await provider.getBalance(COINBASE_ADDRESS);
    const block = await client.mine();
    expect(block.txs).toEqual([hashOf(raw)]);
    expect((await provider.getBalance(COINBASE_ADDRESS)) - builderBefore).toBe(payment);
  });
});
