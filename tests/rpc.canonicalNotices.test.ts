/**
 * Outside watchers of blocks and logs see only the chain: the builder mines blocks inside snapshots
 * to simulate (eth_callBundle), and neither those blocks nor their logs (a private bundle's) reach a
 * `newHeads` or `logs` subscription, a block filter or a log filter. viem's block watcher, which
 * fetches each announced block, sees every real block and no error.
 */
import { Wallet } from "ethers";
import hre from "hardhat";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { BASE_FEE_PER_GAS } from "../server/chain/chain";
import type { Sandbox } from "../server/sandbox";
import { FIRST_LEARNER_ACCOUNT, hardhatAccount } from "../server/world/actors";
import { startTestSandbox, waitFor } from "./helpers/http";
import { rpcCall } from "./helpers/rpc";
import { createPublicClient, hardhat, webSocket } from "./helpers/viem";

const learner = new Wallet(hardhatAccount(FIRST_LEARNER_ACCOUNT).privateKey);

interface Notice {
  subscription: string;
  result: { hash?: string; number?: string; blockHash?: string; transactionHash?: string };
}

describe("block and log watchers see only blocks on the chain, never a simulation's", () => {
  let sandbox: Sandbox;
  let socket: WebSocket;

  beforeAll(async () => {
    sandbox = await startTestSandbox(hre);
  });

  afterAll(async () => {
    socket?.close();
    await sandbox?.close();
  });

  async function send(method: string, params: unknown[]): Promise<unknown> {
    const reply = await rpcCall(sandbox.rpc.url, method, params);
    if (reply.error) throw new Error(`${method}: ${reply.error.message}`);
    return reply.result;
  }

  /** A WETH deposit by the learner (it logs a Deposit), with its next nonce. */
  async function deposit(value: bigint): Promise<string> {
    const provider = sandbox.chain.provider;
    return learner.signTransaction({
      type: 2,
      chainId: 31337,
      nonce: await provider.getTransactionCount(learner.address, "latest"),
      to: sandbox.world.tokens.WETH.address,
      value,
      gasLimit: 100_000n,
      maxFeePerGas: 2n * BASE_FEE_PER_GAS + 10n ** 9n,
      maxPriorityFeePerGas: 10n ** 9n,
    });
  }

  /** Subscribes on the raw socket; resolves with the subscription id. */
  function subscribe(id: number, params: unknown[]): Promise<string> {
    return new Promise((resolve) => {
      const onReply = (data: Buffer) => {
        const message = JSON.parse(String(data)) as { id?: number; result?: string };
        if (message.id !== id) return;
        socket.off("message", onReply);
        resolve(message.result!);
      };
      socket.on("message", onReply);
      socket.send(JSON.stringify({ jsonrpc: "2.0", id, method: "eth_subscribe", params }));
    });
  }

  it("reports each mined block and its logs once, and nothing of three simulated bundles", async () => {
    const wsUrl = sandbox.rpc.url.replace(/^http/, "ws");
    socket = new WebSocket(wsUrl);
    await new Promise((resolve) => socket.on("open", resolve));
    const notices: Notice[] = [];
    socket.on("message", (data) => {
      const message = JSON.parse(String(data)) as { method?: string; params?: Notice };
      if (message.method === "eth_subscription") notices.push(message.params!);
    });
    const heads = await subscribe(1, ["newHeads"]);
    const logs = await subscribe(2, ["logs", {}]);
    const blockFilter = (await send("eth_newBlockFilter", [])) as string;
    const logFilter = (await send("eth_newFilter", [{}])) as string;
    const viem = createPublicClient({ chain: hardhat, transport: webSocket(wsUrl) });
    const viemBlocks: bigint[] = [];
    const viemErrors: unknown[] = [];
    const stopViem = viem.watchBlocks({
      onBlock: (block) => (block ? viemBlocks.push(block.number) : viemErrors.push("no block")),
      onError: (error) => viemErrors.push(error),
    });
    await new Promise((resolve) => setTimeout(resolve, 300));

    const latest = (await sandbox.chain.provider.getBlock("latest"))!;
    const before = latest.number;
    const simulated = await deposit(2n * 10n ** 15n);
    for (let i = 0; i < 3; i++) {
      const result = (await send("eth_callBundle", [
        { txs: [simulated], blockNumber: `0x${(before + 1).toString(16)}`, stateBlockNumber: "latest" },
      ])) as { results: { txHash: string }[] };
      expect(result.results).toHaveLength(1);
    }
    const real = await deposit(10n ** 15n);
    const realHash = (await send("eth_sendRawTransaction", [real])) as string;
    await send("evm_mine", []);
    const mined = (await sandbox.chain.provider.getBlock(before + 1))!;
    expect(mined.transactions).toContain(realHash);

    await waitFor(
      () => (viemBlocks.length > 0 && notices.some((n) => n.subscription === logs) ? true : undefined),
      10_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    stopViem();

    const headHashes = notices.filter((n) => n.subscription === heads).map((n) => n.result.hash);
    expect(headHashes).toEqual([mined.hash]);
    const logNotices = notices.filter((n) => n.subscription === logs).map((n) => n.result);
    expect(logNotices.length).toBeGreaterThan(0);
    for (const log of logNotices) {
      expect(log.blockHash).toBe(mined.hash);
      expect(log.transactionHash).toBe(realHash);
    }
    // Hardhat's block filter also reports the block that was latest when it was made.
    expect(await send("eth_getFilterChanges", [blockFilter])).toEqual([latest, mined].map((b) => b.hash));
    // Likewise the log filter, the latest block's logs; then the mined block's, the same as the subscription's.
    const filtered = (await send("eth_getFilterChanges", [logFilter])) as Notice["result"][];
    const ofMined = filtered.filter((log) => log.blockHash !== latest.hash);
    expect(ofMined).toEqual(logNotices);
    expect(viemBlocks).toEqual([BigInt(before + 1)]);
    expect(viemErrors).toEqual([]);
  });
});
