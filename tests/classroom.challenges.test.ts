/**
 * Challenges on the live chain, scored from the chain: a student's back-run bundle in a searcher
 * challenge, a student's liquidation in a liquidate challenge; the standings equal the students'
 * balance changes read from the chain, valued at the oracle prices, and the leaderboard sums them.
 */
import { type HDNodeWallet, JsonRpcProvider, keccak256, MaxUint256, Wallet } from "ethers";
import hre from "hardhat";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedTransactionOf } from "../server/builder/builder";
import type { SandboxEvent, Standing } from "../server/events";
import type { Sandbox } from "../server/sandbox";
import { COINBASE_ADDRESS } from "../server/world/actors";
import { toBaseUnits } from "../server/world/config";
import { apiClient, type Json, startTestSandbox, TEST_TOKEN, waitFor } from "./helpers/http";
import { expectedStanding } from "./helpers/standings";

describe("challenges, scored from the chain", () => {
  let sandbox: Sandbox;
  let api: ReturnType<typeof apiClient>;
  let provider: JsonRpcProvider;
  const ada = Wallet.createRandom();
  const bea = Wallet.createRandom();
  const events: SandboxEvent[] = [];
  const asInstructor = { token: TEST_TOKEN };

  beforeAll(async () => {
    sandbox = await startTestSandbox(hre);
    api = apiClient(sandbox.http.url);
    provider = new JsonRpcProvider(sandbox.rpc.url, undefined, { staticNetwork: true, cacheTimeout: -1 });
    sandbox.control.bus.on((event) => events.push(event));
    for (const [name, wallet] of [
      ["ada", ada],
      ["bea", bea],
    ] as const) {
      expect((await api("POST", "/api/students", { body: { name, address: wallet.address } })).status).toBe(
        201,
      );
    }
  });

  afterAll(async () => {
    provider?.destroy();
    await sandbox?.close();
  });

  const mine = () => sandbox.control.mine();

  /** Signs `wallet`'s transactions with consecutive nonces from its next one. */
  async function signAll(
    wallet: Wallet | HDNodeWallet,
    txs: { to: string; data?: string; value?: bigint; gas?: bigint }[],
  ) {
    const nonce = await provider.getTransactionCount(wallet.address, "pending");
    return Promise.all(
      txs.map((tx, i) =>
        wallet.signTransaction({
          type: 2,
          chainId: 31337,
          nonce: nonce + i,
          to: tx.to,
          data: tx.data ?? "0x",
          value: tx.value ?? 0n,
          gasLimit: tx.gas ?? 300_000n,
          maxFeePerGas: 100_000_000_000n,
          maxPriorityFeePerGas: 1_000_000_000n,
        }),
      ),
    );
  }

  const expected = (name: string, address: string, fromBlock: number, toBlock: number) =>
    expectedStanding(sandbox.world, provider, { name, address }, fromBlock, toBlock);

  it("searcher: ada back-runs a trader's swap in a bundle; the standings are the chain's balance changes", async () => {
    const started = await api("POST", "/api/challenges", {
      body: { kind: "searcher", blocks: 3, params: { tradesPerBlock: 1 } },
      ...asInstructor,
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const { id, fromBlock } = started.body;
    const { world } = sandbox;
    const swap = await waitFor(() =>
      events.find(
        (e) => e.type === "tx:pending" && e.runId === "live" && e.action.kind === "swapExactTokensForTokens",
      ),
    );
    if (swap.type !== "tx:pending") throw new Error("not a pending swap");
    const sold = JSON.parse(swap.action.args.path!) as string[];
    const soldWeth = sold[0]!.toLowerCase() === world.tokens.WETH.address.toLowerCase();
    // The trader's swap moved the price one way: ada trades the other way right behind it.
    const router = swap.to!.address;
    const [input, output] = soldWeth ? (["USDC", "WETH"] as const) : (["WETH", "USDC"] as const);
    const amountIn = input === "USDC" ? toBaseUnits(2_000n, 6) : toBaseUnits(1n, 18);
    const routerIface = world.dexes.dexA.router.interface;
    const own = await signAll(ada, [
      {
        to: world.tokens[input].address,
        data: world.tokens[input].contract.interface.encodeFunctionData("approve", [router, MaxUint256]),
      },
      {
        to: router,
        data: routerIface.encodeFunctionData("swapExactTokensForTokens", [
          amountIn,
          0n,
          [world.tokens[input].address, world.tokens[output].address],
          ada.address,
          2n ** 40n,
        ]),
      },
      { to: COINBASE_ADDRESS, value: 10n ** 15n, gas: 21_000n },
    ]);
    const target = await signedTransactionOf(world.chain, swap.hash);
    const next = (await provider.getBlockNumber()) + 1;
    await provider.send("eth_sendBundle", [
      { txs: [target.raw, ...own], blockNumber: `0x${next.toString(16)}` },
    ]);
    const first = await mine();
    // The bundle lands whole, the trader's swap first and ada's transactions right behind it.
    expect(first.txs.slice(0, 4)).toEqual([swap.hash, ...own.map((raw) => keccak256(raw))]);
    for (const raw of own) expect((await provider.getTransactionReceipt(keccak256(raw)))?.status).toBe(1);
    await mine();
    await mine();
    const view = await waitFor(async () => {
      const body = (await api("GET", `/api/challenges/${id}`)).body;
      return body.status === "finished" ? body : undefined;
    });
    expect(view.toBlock).toBe(fromBlock + 2);
    const standings = [
      await expected("ada", ada.address, fromBlock, view.toBlock),
      await expected("bea", bea.address, fromBlock, view.toBlock),
    ];
    expect([...view.standings].sort((a: Standing, b: Standing) => a.name.localeCompare(b.name))).toEqual(
      standings,
    );
    expect(BigInt(standings[0]!.gasPaid)).toBeGreaterThan(0n);
    expect(standings[1]!.score).toBe("0");
    const blocks = events.filter((e) => e.type === "challenge:standings" && e.id === id);
    expect(blocks.map((e) => (e.type === "challenge:standings" ? e.block : 0))).toEqual([
      fromBlock,
      fromBlock + 1,
    ]);
    expect(events.some((e) => e.type === "challenge:finished" && e.id === id)).toBe(true);
    const board = (await api("GET", "/api/leaderboard")).body.students as Json[];
    expect(board.find((s) => s.name === "ada")).toMatchObject({ challenges: 1, total: standings[0]!.score });
  });

  it("refuses a second challenge, and a scenario run, while one runs", async () => {
    const started = (
      await api("POST", "/api/challenges", { body: { kind: "protect", blocks: 1 }, ...asInstructor })
    ).body;
    const second = await api("POST", "/api/challenges", { body: { kind: "searcher" }, ...asInstructor });
    expect(second.status).toBe(409);
    expect(second.body.error.message).toContain(`challenge ${started.id} (protect) is running`);
    await api("POST", "/api/live", { body: { enabled: false }, ...asInstructor });
    const run = await api("POST", "/api/runs", { body: { scenario: "sandwich" }, ...asInstructor });
    expect(run.status).toBe(409);
    expect(run.body.error.code).toBe("live_chain_busy");
    await mine();
    const done = await waitFor(async () => {
      const body = (await api("GET", `/api/challenges/${started.id}`)).body;
      return body.status === "finished" ? body : undefined;
    });
    // Nobody sold: everyone is noted, and ranked by name.
    expect(done.standings.map((s: Standing) => s.note)).toEqual([
      "has not sold 5 WETH yet",
      "has not sold 5 WETH yet",
    ]);
  });

  it("liquidate: bea repays part of the borrower's debt after the oracle drop and scores the bonus", async () => {
    const started = await api("POST", "/api/challenges", {
      body: { kind: "liquidate", blocks: 2, params: { houseBots: false, priceDrop: 15 } },
      ...asInstructor,
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const { id, fromBlock } = started.body;
    await mine(); // the oracle's drop
    const { world } = sandbox;
    const pool = await world.lendingPool.getAddress();
    const { healthFactor } = await world.lendingPool.getUserAccountData(world.actors.borrower.address);
    expect(healthFactor).toBeLessThan(10n ** 18n);
    const txs = await signAll(bea, [
      {
        to: world.tokens.USDC.address,
        data: world.tokens.USDC.contract.interface.encodeFunctionData("approve", [pool, MaxUint256]),
      },
      {
        to: pool,
        data: world.lendingPool.interface.encodeFunctionData("liquidationCall", [
          world.tokens.WETH.address,
          world.tokens.USDC.address,
          world.actors.borrower.address,
          toBaseUnits(5_000n, 6),
        ]),
        gas: 500_000n,
      },
    ]);
    const hashes = [];
    for (const raw of txs) hashes.push(await provider.send("eth_sendRawTransaction", [raw]));
    await mine();
    for (const hash of hashes) expect((await provider.getTransactionReceipt(hash))?.status).toBe(1);
    const view = await waitFor(async () => {
      const body = (await api("GET", `/api/challenges/${id}`)).body;
      return body.status === "finished" ? body : undefined;
    });
    const beas = view.standings.find((s: Standing) => s.name === "bea");
    expect(beas).toEqual(await expected("bea", bea.address, fromBlock, view.toBlock));
    expect(BigInt(beas.balanceChanges.USDC)).toBe(-toBaseUnits(5_000n, 6));
    expect(BigInt(beas.balanceChanges.WETH)).toBeGreaterThan(0n);
    expect(BigInt(beas.score)).toBeGreaterThan(0n);
    expect(view.standings[0].name).toBe("bea");
  });
});
