/**
 * POST /api/mev/blocks/:n/reorder: block n re-executed in another order on the state before it.
 * The real order reproduces the mined block's balance changes; in the sandwich block, the victim
 * first gets exactly the no-attack output; bad orders and big blocks are refused; the chain never
 * changes; in classroom mode each address gets a modest share.
 */

import { parseUnits } from "ethers";
import hre from "hardhat";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_REORDER_TRANSACTIONS } from "../server/control/reorder";
import type { MevClassified } from "../server/events";
import { ROUTER_INTERFACE } from "../server/inspector/counterfactual";
import { getAmountOut } from "../server/math/amm";
import type { Sandbox } from "../server/sandbox";
import { poolNamed } from "./helpers/blocks";
import { apiClient, startTestSandbox, TEST_TOKEN } from "./helpers/http";

const REORDER_LIMIT = 4;

describe("reorder a block (HTTP)", () => {
  let sandbox: Sandbox;
  let api: ReturnType<typeof apiClient>;
  let sandwich: MevClassified;
  let runBlocks: number[];
  const asInstructor = { token: TEST_TOKEN };

  /** Reorders as the instructor (not counted in classroom mode), or as anyone with `anonymous`. */
  const reorder = (block: number, order: unknown, anonymous = false) =>
    api("POST", `/api/mev/blocks/${block}/reorder`, {
      body: { order },
      token: anonymous ? undefined : TEST_TOKEN,
    });
  const blockHashes = async (block: number) => (await sandbox.chain.provider.getBlock(block))!.transactions;

  /** What the chain says `address` gained or lost in block `n`, per symbol, zero changes left out. */
  async function chainChanges(address: string, n: number): Promise<Record<string, string>> {
    const { provider } = sandbox.chain;
    const out: Record<string, string> = {};
    const eth = (await provider.getBalance(address, n)) - (await provider.getBalance(address, n - 1));
    if (eth !== 0n) out.ETH = eth.toString();
    for (const token of Object.values(sandbox.world.tokens)) {
      const delta =
        (await token.contract.balanceOf(address, { blockTag: n })) -
        (await token.contract.balanceOf(address, { blockTag: n - 1 }));
      if (delta !== 0n) out[token.symbol] = delta.toString();
    }
    return out;
  }

  const addressOf = (name: string) =>
    name.startsWith("0x") ? name : sandbox.world.registry.byName(name).address;

  beforeAll(async () => {
    sandbox = await startTestSandbox(hre, {
      classroom: true,
      reorderRateLimit: { windowMs: 60_000, limit: REORDER_LIMIT },
      overShareDelayMs: 10,
    });
    api = apiClient(sandbox.http.url);
    const created = await api("POST", "/api/runs", { body: { scenario: "sandwich" }, ...asInstructor });
    await api("POST", `/api/runs/${created.body.id}/play`, { body: { speed: 100 }, ...asInstructor });
    const done = await sandbox.control.runs.settled(created.body.id);
    expect(done.status).toBe("finished");
    const events = sandbox.control.runs.view(created.body.id).events;
    sandwich = events.find((e): e is MevClassified => e.type === "mev:classified" && e.kind === "sandwich")!;
    runBlocks = events.flatMap((e) => (e.type === "block:mined" && e.txs.length > 0 ? [e.block] : []));
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  it("reproduces every block of the run in its real order: transactions and everyone's balance changes", async () => {
    expect(runBlocks.length).toBeGreaterThan(1);
    for (const n of runBlocks) {
      const order = await blockHashes(n);
      const { status, body } = await reorder(n, order);
      expect(status, JSON.stringify(body)).toBe(200);
      expect(body.order).toEqual(order);
      for (const [i, tx] of body.transactions.entries()) {
        const real = (await sandbox.chain.provider.getTransactionReceipt(order[i]!))!;
        expect(tx).toEqual({
          hash: real.hash,
          from: sandbox.world.registry.lookup(real.from)?.name ?? real.from,
          status: real.status === 1 ? "success" : "reverted",
          gasUsed: real.gasUsed.toString(),
        });
        expect(body.balanceChanges[tx.from]).toBeDefined(); // every sender pays gas
      }
      for (const [name, changes] of Object.entries(body.balanceChanges)) {
        expect(changes, `${name} in block ${n}`).toEqual(await chainChanges(addressOf(name), n));
      }
    }
  });

  it("gives the sandwich's victim, run first, exactly the no-attack output", async () => {
    const [front, victim, back] = sandwich.txs;
    expect(await blockHashes(sandwich.block)).toEqual([front, victim, back]);
    const { status, body } = await reorder(sandwich.block, [victim, front, back]);
    expect(status, JSON.stringify(body)).toBe(200);
    const { actor, counterfactualOut, actualOut } = sandwich.victim!;
    const got = BigInt(body.balanceChanges[actor.label][counterfactualOut.symbol]);
    expect(got).toBe(BigInt(counterfactualOut.amount));
    expect(got).toBeGreaterThan(BigInt(actualOut.amount));
    // The same figure from the pool's reserves before the block.
    const tx = (await sandbox.chain.provider.getTransaction(victim!))!;
    const call = ROUTER_INTERFACE.parseTransaction({ data: tx.data })!;
    const pool = poolNamed(sandbox.world, "DEX A WETH/USDC");
    const [reserve0, reserve1] = await pool.pair.getReserves({ blockTag: sandwich.block - 1 });
    const wethIsToken0 = pool.token0 === "WETH";
    const quoted = getAmountOut(
      call.args.amountIn as bigint,
      wethIsToken0 ? reserve0 : reserve1,
      wethIsToken0 ? reserve1 : reserve0,
      pool.feeBps,
    );
    expect(got).toBe(quoted);
    expect(body.transactions.map((t: { hash: string }) => t.hash)).toEqual([victim, front, back]);
  });

  it("refuses an order that is not a permutation, naming the missing, repeated and unknown hashes", async () => {
    const [front, victim, back] = sandwich.txs as [string, string, string];
    const stranger = `0x${"ab".repeat(32)}`;
    const missing = await reorder(sandwich.block, [front, victim]);
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({
      code: "not_a_permutation",
      details: { missing: [back], duplicate: [], unknown: [] },
    });
    expect(missing.body.error.message).toContain(back);
    const repeated = await reorder(sandwich.block, [front, victim, back, victim]);
    expect(repeated.body.error).toMatchObject({
      code: "not_a_permutation",
      details: { missing: [], duplicate: [victim.toLowerCase()] },
    });
    const unknown = await reorder(sandwich.block, [front, victim, stranger]);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual({ missing: [back], duplicate: [], unknown: [stranger] });
    expect(unknown.body.error.message).toContain(stranger);
  });

  it("refuses a sender's later transaction before its earlier one, naming both", async () => {
    const [front, victim, back] = sandwich.txs as [string, string, string];
    const { status, body } = await reorder(sandwich.block, [back, victim, front]);
    expect(status).toBe(400);
    expect(body.error.code).toBe("nonce_order");
    expect(body.error.message).toContain(front);
    expect(body.error.message).toContain(back);
  });

  it("refuses malformed bodies, block 0 and unknown blocks", async () => {
    const url = `/api/mev/blocks/${sandwich.block}/reorder`;
    for (const body of [{}, { order: "0x12" }, { order: ["0x12"] }, { order: [], extra: 1 }, { order: [] }]) {
      const response = await api("POST", url, { body, ...asInstructor });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.code).toBe("invalid_request");
    }
    const malformed = await api("POST", url, { raw: '{"order": [', ...asInstructor });
    expect(malformed.body.error.code).toBe("malformed_json");
    expect(
      (await api("POST", "/api/mev/blocks/abc/reorder", { body: { order: sandwich.txs }, ...asInstructor }))
        .status,
    ).toBe(400);
    const genesis = await reorder(0, sandwich.txs);
    expect(genesis.status).toBe(400);
    expect(genesis.body.error.code).toBe("genesis_block");
    const future = await reorder(1_000_000, sandwich.txs);
    expect(future.status).toBe(404);
    expect(future.body.error.code).toBe("unknown_block");
  });

  it(`refuses a block of more than ${MAX_REORDER_TRANSACTIONS} transactions`, async () => {
    const { bob, lp } = sandbox.world.actors;
    const sender = bob.signer;
    const nonce = await sandbox.chain.provider.getTransactionCount(bob.address, "pending");
    const fees = {
      maxFeePerGas: parseUnits("100", "gwei"),
      maxPriorityFeePerGas: parseUnits("1", "gwei"),
      gasLimit: 21_000n,
    };
    const hashes: string[] = [];
    for (let i = 0; i <= MAX_REORDER_TRANSACTIONS; i++) {
      hashes.push(
        (await sender.sendTransaction({ to: lp.address, value: 1n, nonce: nonce + i, ...fees })).hash,
      );
    }
    const { block } = await sandbox.control.mine();
    expect(await blockHashes(block)).toEqual(hashes);
    const { status, body } = await reorder(block, hashes);
    expect(status).toBe(400);
    expect(body.error).toMatchObject({
      code: "block_too_large",
      details: { transactions: MAX_REORDER_TRANSACTIONS + 1 },
    });
  });

  it("leaves the chain unchanged: the block number, the latest block and a state read", async () => {
    const { provider } = sandbox.chain;
    const alice = sandbox.world.actors.alice.address;
    const read = async () => ({
      number: await provider.getBlockNumber(),
      hash: (await provider.getBlock("latest"))!.hash,
      usdc: await sandbox.world.tokens.USDC.contract.balanceOf(alice),
      eth: await provider.getBalance(alice),
      pending: (
        await sandbox.chain.rpc<{ transactions: string[] }>("eth_getBlockByNumber", ["pending", false])
      ).transactions.length,
    });
    const before = await read();
    const [front, victim, back] = sandwich.txs;
    expect((await reorder(sandwich.block, [victim, front, back])).status).toBe(200);
    expect(await read()).toEqual(before);
  });

  it("is an open read in classroom mode, with a modest share per address (the instructor is not counted)", async () => {
    const order = await blockHashes(sandwich.block);
    const statuses: number[] = [];
    for (let i = 0; i <= REORDER_LIMIT; i++)
      statuses.push((await reorder(sandwich.block, order, true)).status);
    expect(statuses).toEqual([...Array(REORDER_LIMIT).fill(200), 429]);
    expect((await reorder(sandwich.block, order)).status).toBe(200);
  });
});
