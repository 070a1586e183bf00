/**
 * Outside watchers of the mempool see only what is public: viem's watchPendingTransactions over
 * WebSocket (eth_subscribe) and over HTTP (a polled pending filter), on the public and the protected
 * URL, reports each public transaction exactly once — through blocks the builder re-orders — and
 * never a bundle's, a protected or a private transaction, nor one only simulated (eth_callBundle,
 * POST /api/mev/simulate).
 */
import { keccak256, Wallet } from "ethers";
import hre from "hardhat";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import type { Builder } from "../server/builder/builder";
import { PublicPending } from "../server/builder/publicPending";
import type { Chain } from "../server/chain/chain";
import { BASE_FEE_PER_GAS } from "../server/chain/chain";
import { FILTER_TTL_MS, PendingWatch, type RpcConnection } from "../server/rpc/pendingWatch";
import type { Sandbox } from "../server/sandbox";
import { COINBASE_ADDRESS, FIRST_LEARNER_ACCOUNT, hardhatAccount } from "../server/world/actors";
import { apiClient, startTestSandbox, waitFor } from "./helpers/http";
import { rpcCall } from "./helpers/rpc";
import { createPublicClient, hardhat, http, webSocket } from "./helpers/viem";

const GWEI = 10n ** 9n;
const learners = Array.from(
  { length: 8 },
  (_, i) => new Wallet(hardhatAccount(FIRST_LEARNER_ACCOUNT + i).privateKey),
);
const [ada, bob, cyd, dan, eve, fay, gus, hal] = learners as [
  Wallet,
  Wallet,
  Wallet,
  Wallet,
  Wallet,
  Wallet,
  Wallet,
  Wallet,
];

interface Watcher {
  name: string;
  seen: string[];
  errors: unknown[];
  stop: () => void;
}

describe("pending-transaction watchers see only public transactions, each once", () => {
  let sandbox: Sandbox;
  let watchers: Watcher[] = [];
  const nonces = new Map<string, number>();

  beforeAll(async () => {
    sandbox = await startTestSandbox(hre);
  });

  afterAll(async () => {
    for (const watcher of watchers) watcher.stop();
    await sandbox?.close();
  });

  /** viem's watcher on `url`: over WebSocket it subscribes, over HTTP it polls a filter. */
  function watch(name: string, url: string): Watcher {
    const transport = url.startsWith("ws") ? webSocket(url) : http(url);
    const client = createPublicClient({ chain: hardhat, transport, pollingInterval: 50 });
    const watcher: Watcher = { name, seen: [], errors: [], stop: () => {} };
    watcher.stop = client.watchPendingTransactions({
      onTransactions: (hashes) => watcher.seen.push(...hashes),
      onError: (error) => watcher.errors.push(error),
    });
    return watcher;
  }

  /** A transfer signed by `wallet` (its next nonce unless given), with tip `tip` gwei. */
  async function sign(
    wallet: Wallet,
    tip: bigint,
    options: { nonce?: number; to?: string; value?: bigint } = {},
  ) {
    const nonce =
      options.nonce ??
      nonces.get(wallet.address) ??
      (await sandbox.chain.provider.getTransactionCount(wallet.address, "latest"));
    nonces.set(wallet.address, Math.max(nonce + 1, nonces.get(wallet.address) ?? 0));
    return wallet.signTransaction({
      type: 2,
      chainId: 31337,
      nonce,
      to: options.to ?? ada.address,
      value: options.value ?? 1n,
      gasLimit: 21_000n,
      maxFeePerGas: 2n * BASE_FEE_PER_GAS + tip * GWEI,
      maxPriorityFeePerGas: tip * GWEI,
    });
  }

  async function send(url: string, method: string, params: unknown[]): Promise<unknown> {
    const reply = await rpcCall(url, method, params);
    if (reply.error) throw new Error(`${method}: ${reply.error.message}`);
    return reply.result;
  }

  async function nextBlockHex(): Promise<string> {
    return `0x${((await sandbox.chain.provider.getBlockNumber()) + 1).toString(16)}`;
  }

  /** Waits until every watcher has seen every one of `hashes`. */
  async function allSeen(hashes: readonly string[]): Promise<void> {
    await waitFor(
      () => (watchers.every((w) => hashes.every((h) => w.seen.includes(h))) ? true : undefined),
      20_000,
    );
  }

  it("reports each public transaction once per watcher, through re-ordered blocks, and nothing private or simulated", async () => {
    const { url, protectedUrl } = sandbox.rpc;
    const wsUrl = url.replace(/^http/, "ws");
    watchers = [
      watch("WebSocket /", wsUrl),
      watch("WebSocket /protect", `${wsUrl}/protect`),
      watch("HTTP /", url),
      watch("HTTP /protect", protectedUrl),
    ];
    const publicHashes: string[] = [];
    const privateHashes: string[] = [];
    const sendPublic = async (raw: string, how: "http" | "in-process" = "http") => {
      if (how === "http") await send(url, "eth_sendRawTransaction", [raw]);
      else await sandbox.chain.rpc("eth_sendRawTransaction", [raw]);
      publicHashes.push(keccak256(raw));
    };
    // Every watcher listens (two subscriptions, two filters) before anything is sent.
    await waitFor(() => (sandbox.builder.publicPending.watcherCount === 4 ? true : undefined), 20_000).catch(
      (error) => {
        console.log(
          watchers.map((w) => [w.name, w.seen, w.errors]),
          sandbox.builder.publicPending.watcherCount,
        );
        throw error;
      },
    );

    // Public transactions whose tips are not in arrival order: the builder re-orders them.
    await sendPublic(await sign(bob, 1n));
    await sendPublic(await sign(cyd, 3n));
    await sendPublic(await sign(bob, 4n));
    await sendPublic(await sign(ada, 2n), "in-process");
    const gap = await sign(cyd, 5n, { nonce: (nonces.get(cyd.address) ?? 0) + 1 });
    await sendPublic(gap); // waits in the pool until its sender's nonce catches up

    // A bundle, a protected and a private transaction: the builder's alone.
    const bundle = [await sign(dan, 0n), await sign(dan, 0n, { to: COINBASE_ADDRESS, value: 10n ** 15n })];
    await send(url, "eth_sendBundle", [{ txs: bundle, blockNumber: await nextBlockHex() }]);
    const protectedTx = await sign(eve, 2n);
    await send(protectedUrl, "eth_sendRawTransaction", [protectedTx]);
    const privateTx = await sign(fay, 3n);
    await send(url, "eth_sendPrivateTransaction", [{ tx: privateTx }]);
    privateHashes.push(...[...bundle, protectedTx, privateTx].map((raw) => keccak256(raw)));

    // Simulations: eth_callBundle on both URLs, and the REST simulation; nothing is kept or shown.
    const simulated = [await sign(gus, 1n), await sign(gus, 1n, { to: COINBASE_ADDRESS, value: 10n ** 15n })];
    await send(url, "eth_callBundle", [
      { txs: simulated, blockNumber: await nextBlockHex(), stateBlockNumber: "latest" },
    ]);
    await send(protectedUrl, "eth_callBundle", [
      { txs: simulated, blockNumber: await nextBlockHex(), stateBlockNumber: "latest" },
    ]);
    const restSimulated = await sign(hal, 1n);
    const rest = await apiClient(sandbox.http.url)("POST", "/api/mev/simulate", {
      body: { txs: [restSimulated] },
    });
    expect(rest.status).toBe(200);
    privateHashes.push(...[...simulated, restSimulated].map((raw) => keccak256(raw)));
    nonces.delete(gus.address);
    nonces.delete(hal.address);

    await send(url, "evm_mine", []);
    const first = await sandbox.chain.provider.getBlock("latest");
    expect(first!.transactions.slice(0, 2)).toEqual(bundle.map((raw) => keccak256(raw)));
    expect(first!.transactions).toEqual(
      expect.arrayContaining([keccak256(protectedTx), keccak256(privateTx)]),
    );

    // A second block: more public transactions out of tip order (one fills the gap), public only.
    await sendPublic(await sign(cyd, 1n, { nonce: nonces.get(cyd.address)! - 2 }));
    await sendPublic(await sign(ada, 1n), "in-process");
    await sendPublic(await sign(bob, 6n));
    await sendPublic(await sign(eve, 3n));
    await send(url, "evm_mine", []);
    const second = await sandbox.chain.provider.getBlock("latest");
    expect(second!.transactions).toContain(keccak256(gap));

    await allSeen(publicHashes);
    await new Promise((resolve) => setTimeout(resolve, 300)); // a late duplicate would have arrived by now
    for (const watcher of watchers) {
      const counts = new Map<string, number>();
      for (const hash of watcher.seen) counts.set(hash, (counts.get(hash) ?? 0) + 1);
      expect(
        [...counts.entries()].filter(([, n]) => n > 1),
        `${watcher.name}: told twice`,
      ).toEqual([]);
      expect(
        watcher.seen.filter((h) => privateHashes.includes(h)),
        `${watcher.name}: private`,
      ).toEqual([]);
      expect([...watcher.seen].sort(), watcher.name).toEqual([...publicHashes].sort());
      expect(watcher.errors, watcher.name).toEqual([]);
    }
  });

  it("sends whole transactions to eth_subscribe(…, true), stops at eth_unsubscribe, and refuses a subscription over HTTP", async () => {
    const ws = new WebSocket(sandbox.rpc.url.replace(/^http/, "ws"));
    const messages: { id?: number; result?: unknown; params?: { subscription: string; result: unknown } }[] =
      [];
    ws.on("message", (data) => messages.push(JSON.parse(data.toString())));
    await new Promise((resolve) => ws.once("open", resolve));
    const request = async (id: number, method: string, params: unknown[]) => {
      ws.send(JSON.stringify({ jsonrpc: "2.0", id, method, params }));
      return (await waitFor(() => messages.find((m) => m.id === id))).result;
    };
    try {
      const subscription = await request(1, "eth_subscribe", ["newPendingTransactions", true]);
      expect(subscription).toMatch(/^0x[0-9a-f]{32}$/);
      const raw = await sign(bob, 2n);
      await send(sandbox.rpc.url, "eth_sendRawTransaction", [raw]);
      const note = await waitFor(() => messages.find((m) => m.params?.subscription === subscription));
      expect(note.params!.result).toMatchObject({
        hash: keccak256(raw),
        from: bob.address.toLowerCase(),
        blockNumber: null,
      });

      expect(await request(2, "eth_unsubscribe", [subscription])).toBe(true);
      expect(await request(3, "eth_unsubscribe", [subscription])).toBe(false);
      await send(sandbox.rpc.url, "eth_sendRawTransaction", [await sign(bob, 2n)]);
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(messages.filter((m) => m.params?.subscription === subscription)).toHaveLength(1);
    } finally {
      ws.close();
    }
    const overHttp = await rpcCall(sandbox.rpc.url, "eth_subscribe", ["newPendingTransactions"]);
    expect(overHttp.error).toMatchObject({ code: -32601 });
    expect(overHttp.error!.message).toContain("eth_newPendingTransactionFilter");
    await send(sandbox.rpc.url, "evm_mine", []);
  });

  it("uninstalls a filter, and then says it is not found", async () => {
    const filter = (await send(sandbox.rpc.url, "eth_newPendingTransactionFilter", [])) as string;
    const raw = await sign(cyd, 1n);
    await send(sandbox.rpc.protectedUrl, "eth_sendRawTransaction", [await sign(dan, 1n)]);
    await send(sandbox.rpc.url, "eth_sendRawTransaction", [raw]);
    expect(await send(sandbox.rpc.url, "eth_getFilterChanges", [filter])).toEqual([keccak256(raw)]);
    expect(await send(sandbox.rpc.url, "eth_getFilterChanges", [filter])).toEqual([]);
    expect(await send(sandbox.rpc.url, "eth_uninstallFilter", [filter])).toBe(true);
    expect(await send(sandbox.rpc.url, "eth_uninstallFilter", [filter])).toBe(false);
    const gone = await rpcCall(sandbox.rpc.url, "eth_getFilterChanges", [filter]);
    expect(gone.error).toMatchObject({ code: -32000 });
    expect(gone.error!.message).toContain("filter not found");
    await send(sandbox.rpc.url, "evm_mine", []);
  });
});

describe("the limits on pending watchers", () => {
  /** A watch over a feed the test fills itself, on a clock the test moves. */
  function watchWithClock() {
    const clock = { now: 0 };
    const publicPending = new PublicPending({} as Chain, () => false);
    const builder = { publicPending, lookAtPool: async () => {} } as unknown as Builder;
    const limits = { filtersPerClient: 2, subscriptionsPerConnection: 1, hashesPerFilter: 3 };
    return { watch: new PendingWatch(builder, limits, () => clock.now), publicPending, clock };
  }
  const student = { client: "10.0.0.7", limited: true };
  const hash = (i: number) => `0x${i.toString(16).padStart(64, "0")}`;

  it("expires a filter nobody polled for five minutes, and keeps only its latest hashes", async () => {
    const { watch, publicPending, clock } = watchWithClock();
    const filter = (await watch.handle("eth_newPendingTransactionFilter", [], student))!.result as string;
    await publicPending.arrived([1, 2, 3, 4, 5].map(hash));
    expect((await watch.handle("eth_getFilterChanges", [filter], student))!.result).toEqual(
      [3, 4, 5].map(hash),
    );
    clock.now += FILTER_TTL_MS - 1;
    expect((await watch.handle("eth_getFilterChanges", [filter], student))!.result).toEqual([]);
    clock.now += FILTER_TTL_MS + 1;
    await expect(watch.handle("eth_getFilterChanges", [filter], student)).rejects.toThrow("filter not found");
    expect(publicPending.watcherCount).toBe(0);
  });

  it("counts a student's filters and a connection's subscriptions in classroom mode, not the instructor's", async () => {
    const { watch } = watchWithClock();
    const made = async (ctx: typeof student) =>
      (await watch.handle("eth_newPendingTransactionFilter", [], ctx))!.result;
    await made(student);
    await made(student);
    await expect(made(student)).rejects.toThrow("holds at most 2 pending-transaction filters");
    await made({ ...student, client: "10.0.0.8" });
    await made({ ...student, limited: false });

    const connection: RpcConnection = { notify: () => {}, onClose: () => {} };
    const subscribe = (limited: boolean) =>
      watch.handle("eth_subscribe", ["newPendingTransactions"], { ...student, limited, connection });
    await subscribe(true);
    await expect(subscribe(true)).rejects.toThrow("at most 1 pending-transaction subscriptions");
    await subscribe(false);
    expect(await watch.handle("eth_subscribe", ["newHeads"], { ...student, connection })).toBeUndefined();
    watch.close();
  });
});
