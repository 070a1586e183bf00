/**
 * MEV-Share with Flashbots' own client (@flashbots/mev-share-client), pointed at a running sandbox:
 * `streamUrl` the sandbox's hint stream (GET /api/mev-share), `apiUrl` its JSON-RPC URL. alice sends
 * her swap with hints (sendTransaction → eth_sendPrivateTransaction), a searcher receives the hint
 * through on("transaction") and back-runs it by hash (sendBundle → mev_sendBundle); on chain, the
 * back-run lands right after alice's swap and the builder refunds her 90% of what it paid, to the wei.
 */
import MevShareClient, { type IPendingTransaction } from "@flashbots/mev-share-client";
import { MaxUint256, Wallet } from "ethers";
import hre from "hardhat";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BlockBuilt, RefundPaid, SandboxEvent } from "../server/events";
import type { Sandbox } from "../server/sandbox";
import { ACTORS, COINBASE_ADDRESS, FIRST_LEARNER_ACCOUNT, hardhatAccount } from "../server/world/actors";
import { AmmRouter__factory, TestToken__factory } from "../typechain-types";
import { startTestSandbox, waitFor } from "./helpers/http";
import { rpcCall } from "./helpers/rpc";

const alice = new Wallet(hardhatAccount(ACTORS.alice.index).privateKey);
const ada = new Wallet(hardhatAccount(FIRST_LEARNER_ACCOUNT).privateKey);
const eve = new Wallet(hardhatAccount(FIRST_LEARNER_ACCOUNT + 1).privateKey);
const GWEI = 1_000_000_000n;
const BASE_FEE = 30n * GWEI;

describe("MEV-Share with @flashbots/mev-share-client", () => {
  let sandbox: Sandbox;
  let client: MevShareClient;
  const events: SandboxEvent[] = [];

  beforeAll(async () => {
    sandbox = await startTestSandbox(hre);
    sandbox.clean.bus.on((event) => events.push(event));
    client = new MevShareClient(ada, {
      streamUrl: `${sandbox.http.url}/api/mev-share`,
      apiUrl: sandbox.rpc.url,
    });
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  async function sign(
    wallet: Wallet,
    fields: { to: string; data?: string; value?: bigint; gasLimit: bigint; tip: bigint },
  ) {
    const nonce = await sandbox.chain.provider.getTransactionCount(wallet.address, "latest");
    return wallet.signTransaction({
      type: 2,
      chainId: 31337,
      nonce,
      to: fields.to,
      data: fields.data ?? "0x",
      value: fields.value ?? 0n,
      gasLimit: fields.gasLimit,
      maxPriorityFeePerGas: fields.tip,
      maxFeePerGas: 2n * BASE_FEE + fields.tip,
    });
  }

  async function mine(): Promise<void> {
    const reply = await rpcCall(sandbox.rpc.url, "evm_mine");
    expect(reply.error).toBeUndefined();
  }

  async function aliceSwap(): Promise<string> {
    const { world } = sandbox;
    const router = await world.dexes.dexA.router.getAddress();
    const data = AmmRouter__factory.createInterface().encodeFunctionData("swapExactTokensForTokens", [
      10n ** 19n,
      0n,
      [world.tokens.WETH.address, world.tokens.USDC.address],
      alice.address,
      2n ** 40n,
    ]);
    return sign(alice, { to: router, data, gasLimit: 200_000n, tip: 2n * GWEI });
  }

  it("streams the hint of alice's transaction, takes the better back-run right after it, and refunds her 90% of its payment", async () => {
    const { world } = sandbox;
    const approve = TestToken__factory.createInterface().encodeFunctionData("approve", [
      await world.dexes.dexA.router.getAddress(),
      MaxUint256,
    ]);
    const approval = await sign(alice, {
      to: world.tokens.WETH.address,
      data: approve,
      gasLimit: 60_000n,
      tip: GWEI,
    });
    expect((await rpcCall(sandbox.rpc.url, "eth_sendRawTransaction", [approval])).error).toBeUndefined();
    await mine();

    const hints: IPendingTransaction[] = [];
    const stream = client.on("transaction", (tx) => hints.push(tx as IPendingTransaction));
    try {
      await waitFor(() => (sandbox.builder.mevShare.subscribers > 0 ? true : undefined), 5_000);
      const hash = await client.sendTransaction(await aliceSwap(), {
        hints: { logs: true, contractAddress: true, functionSelector: true },
      });
      const hint = await waitFor(() => hints.find((h) => h.hash === hash), 5_000);
      expect(hint.to?.toLowerCase()).toBe((await world.dexes.dexA.router.getAddress()).toLowerCase());
      expect(hint.functionSelector).toBe("0x38ed1739");
      expect(hint.callData).toBeUndefined();
      expect(
        hint.logs?.some((log) => log.address.toLowerCase() === world.pools[0]!.address.toLowerCase()),
      ).toBe(true);
      // Nothing public: the transaction itself is nowhere to be read.
      expect(await sandbox.chain.provider.getTransaction(hash)).toBeNull();
      // The stream's history, as the client reads it from <streamUrl>/api/v1/history.
      const latest = await sandbox.chain.provider.getBlockNumber();
      expect(await client.getEventHistoryInfo()).toMatchObject({
        count: 1,
        minBlock: latest,
        maxBlock: latest,
      });
      const history = await client.getEventHistory({ blockStart: latest, limit: 10 });
      expect(history.map((entry) => entry.hint.hash)).toEqual([hash]);

      const next = (await sandbox.chain.provider.getBlockNumber()) + 1;
      const best = await sign(ada, {
        to: COINBASE_ADDRESS,
        value: 5n * 10n ** 16n,
        gasLimit: 21_000n,
        tip: GWEI,
      });
      const worse = await sign(eve, {
        to: COINBASE_ADDRESS,
        value: 10n ** 16n,
        gasLimit: 21_000n,
        tip: GWEI,
      });
      const won = await client.sendBundle({
        inclusion: { block: next },
        body: [{ hash }, { tx: best, canRevert: false }],
      });
      const eveClient = new MevShareClient(eve, {
        streamUrl: `${sandbox.http.url}/api/mev-share`,
        apiUrl: sandbox.rpc.url,
      });
      const lost = await eveClient.sendBundle({
        inclusion: { block: next, maxBlock: next + 2 },
        body: [{ hash }, { tx: worse, canRevert: false }],
      });
      expect(won.bundleHash).toMatch(/^0x[0-9a-f]{64}$/);

      await mine();
      const block = (await sandbox.chain.provider.getBlock(next, true))!;
      const [userTx, backrunTx, refundTx] = block.prefetchedTransactions;
      expect(userTx!.hash).toBe(hash);
      expect(backrunTx!.from).toBe(ada.address);
      expect(refundTx!.from).toBe(COINBASE_ADDRESS);
      expect(refundTx!.to).toBe(alice.address);

      // What the back-run paid the block producer, read from its receipt: its transfer and its tip.
      const receipt = (await sandbox.chain.provider.getTransactionReceipt(backrunTx!.hash))!;
      const payment = backrunTx!.value + receipt.gasUsed * (receipt.gasPrice - BASE_FEE);
      expect(refundTx!.value).toBe((payment * 9_000n) / 10_000n);

      const refund = events.find((e): e is RefundPaid => e.type === "refund:paid")!;
      expect(refund).toMatchObject({
        block: next,
        user: { address: alice.address, label: "alice" },
        txHash: hash,
        searcher: { address: ada.address },
        searcherPayment: payment.toString(),
        shareBps: 9_000,
        amount: refundTx!.value.toString(),
        refundTx: refundTx!.hash,
        bundle: won.bundleHash,
      });
      const built = events.find((e): e is BlockBuilt => e.type === "block:built" && e.block === next)!;
      expect(built.bundles.find((b) => b.bundle === lost.bundleHash)).toMatchObject({
        outcome: "dropped",
        reason: "conflict",
      });
    } finally {
      stream.close();
    }
  });
});
