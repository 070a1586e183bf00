/**
 * The second chain in a running sandbox: its own JSON-RPC port (chain id 31338) under the classroom's
 * rules, `GET /api/world`'s `chains` describing both chains from the chains themselves, and a
 * cross-chain run through the API.
 */
import hre from "hardhat";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sideChain } from "../server/crosschain/sideChain";
import { priceInQuoteUnits } from "../server/format";
import { UNAUTHORIZED_CODE } from "../server/rpc/policy";
import type { Sandbox } from "../server/sandbox";
import { apiClient, type Json, startTestSandbox, TEST_TOKEN, waitFor } from "./helpers/http";
import { rpcCall } from "./helpers/rpc";

describe("the second chain in the sandbox", () => {
  let sandbox: Sandbox;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    sandbox = await startTestSandbox(hre, { classroom: true });
    api = apiClient(sandbox.http.url);
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  it("serves its own chain id on its own port, under the classroom's rules", async () => {
    const url = sandbox.sideRpc.url;
    expect(sandbox.sideRpc.port).not.toBe(sandbox.rpc.port);
    expect((await rpcCall(url, "eth_chainId")).result).toBe("0x7a6a");
    expect((await rpcCall(url, "net_version")).result).toBe("31338");
    for (const method of ["hardhat_reset", "eth_sendTransaction", "evm_mine"]) {
      expect((await rpcCall(url, method, [])).error?.code, method).toBe(UNAUTHORIZED_CODE);
    }
    const before = Number((await rpcCall(url, "eth_blockNumber")).result);
    expect((await rpcCall(url, "evm_mine", [], { token: TEST_TOKEN })).error).toBeUndefined();
    expect(Number((await rpcCall(url, "eth_blockNumber")).result)).toBe(before + 1);
  });

  it("GET /api/world describes both chains, the side chain's pool as its reserves give it", async () => {
    const side = (await sideChain()).world;
    const body = await waitFor(async () => {
      const world = (await api("GET", "/api/world")).body;
      // The side chain is read at most once a second: wait for the block the last test mined.
      return world.chains[1].blockNumber === (await side.chain.latestBlock()).number ? world : undefined;
    });
    const [main, second] = body.chains as Json[];
    expect(main).toEqual({
      chainId: "31337",
      name: "main chain",
      rpcPort: sandbox.rpc.port,
      blockNumber: body.blockNumber,
      described: "above",
    });
    expect(second).toMatchObject({
      chainId: "31338",
      name: "side chain",
      rpcPort: sandbox.sideRpc.port,
      described: "here",
    });
    expect(second.tokens.map((t: Json) => t.symbol)).toEqual(["WETH", "USDC"]);
    const [reserve0, reserve1] = await side.pool.pair.getReserves();
    const [weth, usdc] = side.pool.token0 === "WETH" ? [reserve0, reserve1] : [reserve1, reserve0];
    expect(second.pools).toEqual([
      expect.objectContaining({
        name: "Side DEX WETH/USDC",
        address: side.pool.address,
        reserve0: reserve0.toString(),
        reserve1: reserve1.toString(),
        price: priceInQuoteUnits(weth, 18, usdc).toString(),
      }),
    ]);
    expect(second.actors.map((a: Json) => a.name)).toEqual(["admin", "lp", "alice", "bob", "arbitrageur"]);
  });

  it("plays the cross-chain scenario through the API, its bridge then listed on the side chain", async () => {
    const created = await api("POST", "/api/runs", { token: TEST_TOKEN, body: { scenario: "cross-chain" } });
    expect(created.status).toBe(201);
    await api("POST", `/api/runs/${created.body.id}/play`, { token: TEST_TOKEN, body: { speed: 100 } });
    const view = await sandbox.control.runs.settled(created.body.id);
    expect(view.status).toBe("finished");
    const types = new Set(view.events.map((e) => e.type));
    for (const type of [
      "crosschain:opened",
      "crosschain:block",
      "bridge:locked",
      "bridge:relayed",
      "bridge:released",
    ]) {
      expect(types.has(type as never), type).toBe(true);
    }
    const world = await waitFor(async () => {
      const body = (await api("GET", "/api/world")).body;
      return body.chains[1].contracts.some((c: Json) => c.kind === "bridge") ? body : undefined;
    });
    expect(world.chains[1].contracts.find((c: Json) => c.kind === "bridge").name).toBe("bridge");

    // The main chain's bridge is the run's: its name goes when the chain returns to the clean world.
    const opened = view.events.find((e) => e.type === "crosschain:opened") as Json;
    const mainBridge = opened.chains[0].bridge.address;
    expect(sandbox.world.registry.lookup(mainBridge)?.name).toBe("bridge");
    await sandbox.clean.resetChain();
    expect(sandbox.world.registry.lookup(mainBridge)).toBeUndefined();
  });
});
