import hre from "hardhat";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  BlockBuilt,
  BlockMined,
  BundleReceived,
  MevClassified,
  SandboxEvent,
  TxPending,
  VictimReceipt,
} from "../server/events";
import type { ClientToServerEvents, ServerToClientEvents } from "../server/http/socketEvents";
import type { Sandbox } from "../server/sandbox";
import { COINBASE_ADDRESS, FIRST_LEARNER_ACCOUNT, hardhatAccount } from "../server/world/actors";
import { toBaseUnits } from "../server/world/config";
import { AmmRouter__factory, Faucet__factory, TestToken__factory } from "../typechain-types";
import { apiClient, startTestSandbox, TEST_TOKEN, waitFor } from "./helpers/http";
import { expectReceiptAddsUp } from "./helpers/receipt";
import {
  createPublicClient,
  createWalletClient,
  type Hex,
  hardhat,
  http,
  type PublicClient,
  privateKeyToAccount,
  type WalletClient,
} from "./helpers/viem";

/** An outside wallet: viem (not the engine's ethers) against the sandbox's JSON-RPC port. */
describe("an outside wallet in the live sandbox", () => {
  let sandbox: Sandbox;
  let api: ReturnType<typeof apiClient>;
  let viewer: Socket<ServerToClientEvents, ClientToServerEvents>;
  let wallet: WalletClient;
  let reader: PublicClient;
  const seen: SandboxEvent[] = [];
  const account = privateKeyToAccount(hardhatAccount(FIRST_LEARNER_ACCOUNT + 2).privateKey as Hex);
  const asInstructor = { token: TEST_TOKEN };
  const mine = async () =>
    (await api("POST", "/api/live/mine", asInstructor)).body as { block: number; txs: string[] };

  beforeAll(async () => {
    sandbox = await startTestSandbox(hre);
    api = apiClient(sandbox.http.url);
    const transport = http(sandbox.rpc.url);
    wallet = createWalletClient({ account, chain: hardhat, transport });
    reader = createPublicClient({ chain: hardhat, transport }) as PublicClient;
    viewer = connect(sandbox.http.url, { transports: ["websocket"], reconnection: false });
    viewer.onAny((name: string, payload: unknown) => {
      if (name.includes(":")) seen.push(payload as SandboxEvent);
    });
    await new Promise((resolve) => viewer.emit("run:join", { runId: "live" }, resolve));

    // The learner takes tokens from the faucet and approves DEX A's router, as any wallet would.
    await wallet.writeContract({
      account,
      chain: hardhat,
      address: (await sandbox.world.faucet.getAddress()) as Hex,
      abi: Faucet__factory.abi,
      functionName: "drip",
      args: [account.address],
    });
    await mine();
    await wallet.writeContract({
      account,
      chain: hardhat,
      address: sandbox.world.tokens.WETH.address as Hex,
      abi: TestToken__factory.abi,
      functionName: "approve",
      args: [(await sandbox.world.dexes.dexA.router.getAddress()) as Hex, 2n ** 255n],
    });
    await mine();
  });

  afterAll(async () => {
    viewer?.disconnect();
    await sandbox?.close();
  });

  /** The learner sells `weth` WETH for USDC on DEX A, accepting up to 5% less than the quote. */
  async function swap(weth: bigint): Promise<Hex> {
    const { WETH, USDC } = sandbox.world.tokens;
    const router = (await sandbox.world.dexes.dexA.router.getAddress()) as Hex;
    const path = [WETH.address, USDC.address] as Hex[];
    const amountIn = toBaseUnits(weth, 18);
    const [, quote] = await reader.readContract({
      address: router,
      abi: AmmRouter__factory.abi,
      functionName: "getAmountsOut",
      args: [amountIn, path],
    });
    return wallet.writeContract({
      account,
      chain: hardhat,
      address: router,
      abi: AmmRouter__factory.abi,
      functionName: "swapExactTokensForTokens",
      args: [amountIn, (quote! * 95n) / 100n, path, account.address, 2n ** 40n],
      maxPriorityFeePerGas: 2_000_000_000n,
    });
  }

  const pendingOf = (hash: string) =>
    waitFor(() => seen.find((e): e is TxPending => e.type === "tx:pending" && e.hash === hash));

  it("shows the swap in the mempool stream, decoded, with source external", async () => {
    const hash = await swap(1n);
    const pending = await pendingOf(hash);
    expect(pending.runId).toBe("live");
    expect(pending.source).toBe("external");
    expect(pending.from.address.toLowerCase()).toBe(account.address.toLowerCase());
    expect(pending.action.kind).toBe("swapExactTokensForTokens");
    expect(pending.action.sentence).toMatch(/swaps 1 WETH for ≥ [\d,.]+ USDC on DEX A \(slippage 5\.00%\)/);
    const block = await mine();
    expect(block.txs).toEqual([hash]); // live mode is off: nobody attacked it
    expect((await reader.getTransactionReceipt({ hash })).status).toBe("success");
  });

  it("in live mode, the sandwicher attacks it and the inspector labels the sandwich", async () => {
    const live = await api("POST", "/api/live", { body: { enabled: true, blockTime: 0 }, ...asInstructor });
    expect(live.body).toMatchObject({ enabled: true, active: true });
    expect(live.body.bots).toContain("sandwicher");

    const hash = await swap(8n);
    await pendingOf(hash);
    const attack = await waitFor(() =>
      seen.find((e) => e.type === "opportunity:found" && e.kind === "sandwich" && e.inputs.victim === hash)
        ? true
        : seen.find((e) => e.type === "opportunity:found" && e.kind === "sandwich"),
    );
    expect(attack).toBeDefined();
    const block = await mine();
    expect(block.txs).toContain(hash);
    expect(block.txs.length).toBe(3);

    const { status, body } = await api("GET", `/api/mev/blocks/${block.block}`);
    expect(status).toBe(200);
    const sandwich = body.labels.find((l: MevClassified) => l.kind === "sandwich");
    expect(sandwich.victim.tx).toBe(hash);
    expect(BigInt(sandwich.victim.loss.amount)).toBeGreaterThan(0n);
    // The wallet's receipt: its parts add up to what the swap did to the wallet's balances.
    const receipt = sandwich.victimReceipt as VictimReceipt;
    expectReceiptAddsUp(receipt);
    expect(receipt.mevLoss).toEqual(sandwich.victim.loss);
    const usdc = sandbox.world.tokens.USDC.contract;
    const usdcAt = (blockTag: number) => usdc.balanceOf(account.address, { blockTag });
    expect((await usdcAt(block.block)) - (await usdcAt(block.block - 1))).toBe(
      BigInt(receipt.actualOut.amount),
    );
    const ethAt = (n: number) => reader.getBalance({ address: account.address, blockNumber: BigInt(n) });
    expect((await ethAt(block.block)) - (await ethAt(block.block - 1))).toBe(-BigInt(receipt.gas.amount));
    expect(sandwich.profits.map((p: { actor: { label: string } }) => p.actor.label)).toContain("searcher");
    expect(body.txs.map((t: { hash: string }) => t.hash)).toEqual(block.txs);

    const stats = (await api("GET", "/api/mev/stats")).body;
    expect(stats.found.sandwich).toBeGreaterThanOrEqual(1);
    expect(stats.latencyMs.count).toBeGreaterThanOrEqual(1);
    const decisions = (await api("GET", "/api/mev/opportunities?kind=sandwich&type=found")).body;
    expect(decisions.items[0].latencyMs).toBeGreaterThan(0);

    // While live mode is on, no scenario run may take the chain.
    const run = await api("POST", "/api/runs", { body: { scenario: "sandwich" }, ...asInstructor });
    expect(run.status).toBe(409);
    expect(run.body.error.code).toBe("live_mode_on");
    await api("POST", "/api/live", { body: { enabled: false }, ...asInstructor });
  });

  it("a learner's bundle and evm_mine from the JSON-RPC port: the block's bundle and build are published", async () => {
    const payment = 10n ** 15n;
    const nonce = await reader.getTransactionCount({ address: account.address });
    const signed = await wallet.signTransaction({
      account,
      chain: hardhat,
      to: COINBASE_ADDRESS as Hex,
      value: payment,
      gas: 21_000n,
      nonce,
      maxFeePerGas: 100n * 10n ** 9n,
      maxPriorityFeePerGas: 0n,
    });
    const next = (await reader.getBlockNumber()) + 1n;
    const rpc = reader.request as unknown as (args: {
      method: string;
      params: unknown[];
    }) => Promise<unknown>;
    const { bundleHash } = (await rpc({
      method: "eth_sendBundle",
      params: [{ txs: [signed], blockNumber: `0x${next.toString(16)}` }],
    })) as { bundleHash: string };
    const before = await reader.getBalance({ address: COINBASE_ADDRESS as Hex });
    await rpc({ method: "evm_mine", params: [] });

    const built = await waitFor(() =>
      seen.find(
        (e): e is BlockBuilt => e.type === "block:built" && e.bundles.some((b) => b.bundle === bundleHash),
      ),
    );
    expect(built.runId).toBe("live");
    expect(built.bundles.find((b) => b.bundle === bundleHash)?.outcome).toBe("included");
    const received = seen.find(
      (e): e is BundleReceived => e.type === "bundle:received" && e.bundle === bundleHash,
    );
    expect(received?.origin).toBe("rpc");
    // The producer's take is the payment plus the tips of whatever else the block held.
    const mined = seen.find((e): e is BlockMined => e.type === "block:mined" && e.block === built.block)!;
    const tips = mined.txs.reduce((sum, tx) => sum + BigInt(tx.coinbaseFee), 0n);
    expect(mined.txs.find((tx) => tx.bundle === bundleHash)?.coinbasePayment).toBe(payment.toString());
    expect(await reader.getBalance({ address: COINBASE_ADDRESS as Hex })).toBe(before + payment + tips);
    expect(mined.coinbaseTake.amount).toBe((payment + tips).toString());
  });
});
