/**
 * MEV-Share's JSON-RPC methods in classroom mode: a malformed mev_sendBundle gets an error naming
 * the field and what is accepted; a student's signed back-run is accepted and competes; hints share
 * only what they name (default_logs: the pool, not the amounts); a user's own mev_sendBundle is
 * shared; mev_simBundle simulates on the latest state.
 */
import { id, MaxUint256, Wallet } from "ethers";
import hre from "hardhat";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BundleReceived, MevShareStreamEvent, RefundPaid, SandboxEvent } from "../server/events";
import type { Sandbox } from "../server/sandbox";
import { ACTORS, COINBASE_ADDRESS, FIRST_LEARNER_ACCOUNT, hardhatAccount } from "../server/world/actors";
import { AmmRouter__factory, TestToken__factory } from "../typechain-types";
import { apiClient, type Json, startTestSandbox, TEST_TOKEN } from "./helpers/http";
import { rpcPost } from "./helpers/rpc";

const alice = new Wallet(hardhatAccount(ACTORS.alice.index).privateKey);
const bob = new Wallet(hardhatAccount(ACTORS.bob.index).privateKey);
const ada = new Wallet(hardhatAccount(FIRST_LEARNER_ACCOUNT).privateKey);
const GWEI = 1_000_000_000n;
const HASH = `0x${"ab".repeat(32)}`;

describe("MEV-Share on JSON-RPC, classroom mode", () => {
  let sandbox: Sandbox;
  const stream: MevShareStreamEvent[] = [];
  const events: SandboxEvent[] = [];

  beforeAll(async () => {
    sandbox = await startTestSandbox(hre, { classroom: true });
    sandbox.builder.mevShare.subscribe((event) => stream.push(event));
    sandbox.clean.bus.on((event) => events.push(event));
    const { world } = sandbox;
    for (const wallet of [alice, bob]) {
      const approve = TestToken__factory.createInterface().encodeFunctionData("approve", [
        await world.dexes.dexA.router.getAddress(),
        MaxUint256,
      ]);
      await send("eth_sendRawTransaction", [
        await sign(wallet, { to: world.tokens.WETH.address, data: approve, gasLimit: 60_000n, tip: GWEI }),
      ]);
    }
    await mine();
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  /** A JSON-RPC call, signed by `signer` as Flashbots' clients sign it (or not), with the token for mining. */
  async function send(method: string, params: unknown[], signer?: Wallet): Promise<Json> {
    const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method, params });
    const headers: Record<string, string> = signer
      ? { "x-flashbots-signature": `${signer.address}:${await signer.signMessage(id(body))}` }
      : {};
    return rpcPost(sandbox.rpc.url, body, { headers, token: method === "evm_mine" ? TEST_TOKEN : undefined });
  }

  async function mine(): Promise<void> {
    expect((await send("evm_mine", [])).error).toBeUndefined();
  }

  async function sign(
    wallet: Wallet,
    f: { to: string; data?: string; value?: bigint; gasLimit: bigint; tip: bigint },
    offset = 0,
  ) {
    const nonce = (await sandbox.chain.provider.getTransactionCount(wallet.address, "latest")) + offset;
    return wallet.signTransaction({
      type: 2,
      chainId: 31337,
      nonce,
      to: f.to,
      data: f.data ?? "0x",
      value: f.value ?? 0n,
      gasLimit: f.gasLimit,
      maxPriorityFeePerGas: f.tip,
      maxFeePerGas: 60n * GWEI + f.tip,
    });
  }

  function swapData(wallet: Wallet, amountIn: bigint): string {
    const { world } = sandbox;
    return AmmRouter__factory.createInterface().encodeFunctionData("swapExactTokensForTokens", [
      amountIn,
      0n,
      [world.tokens.WETH.address, world.tokens.USDC.address],
      wallet.address,
      2n ** 40n,
    ]);
  }

  async function swap(wallet: Wallet, amountIn: bigint): Promise<string> {
    const { world } = sandbox;
    const data = swapData(wallet, amountIn);
    return sign(wallet, {
      to: await world.dexes.dexA.router.getAddress(),
      data,
      gasLimit: 200_000n,
      tip: 2n * GWEI,
    });
  }

  const nextBlock = async () => `0x${((await sandbox.chain.provider.getBlockNumber()) + 1).toString(16)}`;

  it("refuses a malformed mev_sendBundle, naming the field and what is accepted", async () => {
    const tx = await sign(ada, { to: COINBASE_ADDRESS, value: 1n, gasLimit: 21_000n, tip: 0n });
    const block = await nextBlock();
    const base = { version: "v0.1", inclusion: { block }, body: [{ hash: HASH }, { tx, canRevert: false }] };
    const cases: [unknown, string][] = [
      [{ ...base, version: "v0.2" }, 'mev_sendBundle: version: must be "v0.1"'],
      [{ ...base, body: [{ foo: 1 }] }, "mev_sendBundle: body.0: must be { hash }"],
      [
        { ...base, body: [{ tx, canRevert: false }, { hash: HASH }] },
        "body.1: { hash } may only be the first item",
      ],
      [{ ...base, body: [{ hash: HASH }] }, "body holds no signed transaction"],
      [
        { ...base, inclusion: { block, maxBlock: "0xffff" } },
        "inclusion.maxBlock must be from inclusion.block",
      ],
      [{ ...base, validity: { refund: [{ bodyIdx: 0, percent: 150 }] } }, "validity.refund.0.percent"],
      [
        { ...base, privacy: { hints: ["everything"] } },
        "privacy.hints.0: must be one of hash, tx_hash, calldata",
      ],
      [base, `mev_sendBundle: body.0: no shared transaction ${HASH} is open to back-runs`],
    ];
    for (const [bundle, message] of cases) {
      const reply = await send("mev_sendBundle", [bundle], ada);
      expect(reply.error?.code, JSON.stringify(bundle).slice(0, 80)).toBe(-32602);
      expect(reply.error.message).toContain(message);
    }
  });

  it("accepts a student's signed back-run; default_logs shares the pool, not the amounts; the refund follows", async () => {
    const joined = await apiClient(sandbox.http.url)("POST", "/api/students", {
      body: { name: "ada", address: ada.address, code: sandbox.classCode },
    });
    expect(joined.status).toBe(201);
    const raw = await swap(alice, 10n ** 18n);
    const preferences = { fast: true, privacy: { hints: ["hash", "default_logs"] } };
    const shared = await send("eth_sendPrivateTransaction", [{ tx: raw, preferences }]);
    const hash = shared.result as string;
    const hint = stream.find((event) => event.hash === hash)!;
    expect(hint.txs).toBeNull();
    expect(hint.logs).toEqual([
      { address: sandbox.world.pools[0]!.address, topics: [expect.stringMatching(/^0x/)], data: "0x" },
    ]);

    const backrun = await sign(ada, { to: COINBASE_ADDRESS, value: 10n ** 16n, gasLimit: 21_000n, tip: 0n });
    const bundle = {
      version: "v0.1",
      inclusion: { block: await nextBlock() },
      body: [{ hash }, { tx: backrun, canRevert: false }],
    };
    const reply = await send("mev_sendBundle", [bundle], ada);
    expect(reply.error).toBeUndefined();
    expect(reply.result.bundleHash).toMatch(/^0x[0-9a-f]{64}$/);
    await mine();
    const received = events.find(
      (e): e is BundleReceived => e.type === "bundle:received" && e.bundle === reply.result.bundleHash,
    );
    expect(received?.origin).toBe("ada");
    const refund = events.find((e): e is RefundPaid => e.type === "refund:paid" && e.txHash === hash)!;
    expect(refund.searcher).toEqual({ address: ada.address, label: "ada" });
    expect(refund.amount).toBe(((10n ** 16n * 9_000n) / 10_000n).toString());
  });

  it("in the searcher challenge with mevShare, the traders' swaps are shared and a student's back-run refunds them", async () => {
    const seen = stream.length;
    const started = await apiClient(sandbox.http.url)("POST", "/api/challenges", {
      body: { kind: "searcher", blocks: 1, params: { tradesPerBlock: 1, mevShare: true } },
      token: TEST_TOKEN,
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    expect(started.body.goal).toContain("MEV-Share");
    const hint = stream.slice(seen).at(-1)!;
    expect(hint.logs?.length).toBeGreaterThan(0);
    expect(await sandbox.chain.provider.getTransaction(hint.hash)).toBeNull();
    const backrun = await sign(ada, { to: COINBASE_ADDRESS, value: 10n ** 15n, gasLimit: 21_000n, tip: 0n });
    const bundle = {
      version: "v0.1",
      inclusion: { block: await nextBlock() },
      body: [{ hash: hint.hash }, { tx: backrun, canRevert: false }],
    };
    expect((await send("mev_sendBundle", [bundle], ada)).error).toBeUndefined();
    await mine();
    const refund = events.find((e): e is RefundPaid => e.type === "refund:paid" && e.txHash === hint.hash)!;
    expect(refund.searcher.label).toBe("ada");
    expect(["alice", "bob"]).toContain(refund.user.label);
    expect(refund.amount).toBe(((10n ** 15n * 9_000n) / 10_000n).toString());
  });

  it("closes a shared transaction its sender withdraws: no back-run can land it any more", async () => {
    const raw = await swap(alice, 10n ** 17n);
    const preferences = { privacy: { hints: ["hash"] } };
    const hash = (await send("eth_sendPrivateTransaction", [{ tx: raw, preferences }])).result as string;
    expect((await send("eth_cancelPrivateTransaction", [{ txHash: hash }], alice)).result).toBe(true);
    const backrun = await sign(ada, { to: COINBASE_ADDRESS, value: 10n ** 15n, gasLimit: 21_000n, tip: 0n });
    const bundle = {
      version: "v0.1",
      inclusion: { block: await nextBlock() },
      body: [{ hash }, { tx: backrun, canRevert: false }],
    };
    const reply = await send("mev_sendBundle", [bundle], ada);
    expect(reply.error.message).toContain(`no shared transaction ${hash} is open to back-runs`);
  });

  it("runs a sender's earlier private transactions first, so the logs of its next one are there", async () => {
    const first = await swap(bob, 10n ** 17n);
    const second = await sign(
      bob,
      {
        to: await sandbox.world.dexes.dexA.router.getAddress(),
        data: swapData(bob, 2n * 10n ** 17n),
        gasLimit: 200_000n,
        tip: 2n * GWEI,
      },
      1,
    );
    const preferences = { privacy: { hints: ["hash", "logs"] } };
    const hashes: string[] = [];
    for (const tx of [first, second])
      hashes.push((await send("eth_sendPrivateTransaction", [{ tx, preferences }])).result);
    for (const hash of hashes) {
      const logs = stream.find((event) => event.hash === hash)?.logs ?? [];
      expect(logs.some((log) => log.address === sandbox.world.pools[0]!.address)).toBe(true);
    }
    await mine();
  });

  it("shares a user's own mev_sendBundle with its hints, and builds it when nobody back-runs it", async () => {
    const raw = await swap(bob, 10n ** 18n);
    const bundle = {
      version: "v0.1",
      inclusion: { block: await nextBlock() },
      body: [{ tx: raw, canRevert: false }],
      privacy: { hints: ["hash", "calldata", "contract_address"] },
    };
    const reply = await send("mev_sendBundle", [bundle], bob);
    expect(reply.error).toBeUndefined();
    const hint = stream.at(-1)!;
    expect(hint.txs).toEqual([
      {
        to: await sandbox.world.dexes.dexA.router.getAddress(),
        callData: expect.stringMatching(/^0x38ed1739/),
      },
    ]);
    await mine();
    const block = (await sandbox.chain.provider.getBlock("latest"))!;
    // Bundles go first: the user's swap tops the block (the class's funding, if any, follows).
    expect(block.transactions[0]).toBe(hint.hash);
  });

  it("simulates a bundle on the latest state with mev_simBundle, and refuses what it cannot simulate", async () => {
    const tx = await sign(ada, { to: COINBASE_ADDRESS, value: 5n, gasLimit: 21_000n, tip: GWEI });
    const bundle = {
      version: "v0.1",
      inclusion: { block: await nextBlock() },
      body: [{ tx, canRevert: false }],
    };
    const sim = await send("mev_simBundle", [bundle, {}], ada);
    expect(sim.result).toMatchObject({
      success: true,
      profit: `0x${(5n + 21_000n * GWEI).toString(16)}`,
      gasUsed: `0x${(21_000).toString(16)}`,
      stateBlock: `0x${(await sandbox.chain.provider.getBlockNumber()).toString(16)}`,
    });
    const byHash = await send("mev_simBundle", [
      { ...bundle, body: [{ hash: HASH }, { tx, canRevert: false }] },
    ]);
    expect(byHash.error.message).toContain("a { hash } cannot be simulated");
    const past = await send("mev_simBundle", [bundle, { parentBlock: "0x1" }]);
    expect(past.error.message).toContain("options.parentBlock must be the latest block");
  });
});
