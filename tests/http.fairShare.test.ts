/**
 * A fair share of the server: no one client can flood it, open reads never wait for the chain, two
 * instructors' clicks cannot interleave two runs, and bad settings are refused with what is accepted.
 */
import hre from "hardhat";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SOCKET_LIMITS } from "../server/http/deps";
import type { ClientToServerEvents, ServerToClientEvents } from "../server/http/socketEvents";
import { LIMIT_EXCEEDED_CODE } from "../server/rpc/gateway";
import { MAX_RPC_BATCH } from "../server/rpc/server";
import type { Sandbox } from "../server/sandbox";
import { apiClient, type Json, startTestSandbox, TEST_TOKEN } from "./helpers/http";
import { rpcCall, rpcPost } from "./helpers/rpc";

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

describe("a fair share of the server (classroom mode)", () => {
  let sandbox: Sandbox;
  let api: ReturnType<typeof apiClient>;
  const clients: Client[] = [];
  const asInstructor = { token: TEST_TOKEN };

  beforeAll(async () => {
    sandbox = await startTestSandbox(hre, {
      classroom: true,
      openRateLimit: { windowMs: 60_000, limit: 400 },
      overShareDelayMs: 20,
      socketLimits: { ...DEFAULT_SOCKET_LIMITS, joinsPerSecondPerAddress: 0.5 },
      rpcRateLimits: { requests: { perSecond: 1, burst: 30 }, simulations: { perSecond: 1, burst: 2 } },
    });
    api = apiClient(sandbox.http.url);
  });

  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await sandbox?.close();
  });

  async function open(): Promise<Client> {
    const client: Client = connect(sandbox.http.url, { transports: ["websocket"], reconnection: false });
    clients.push(client);
    await new Promise<void>((resolve, reject) => {
      client.once("connect", () => resolve());
      client.once("connect_error", reject);
    });
    return client;
  }

  it("answers a flood of run:join on one socket with a clear error past its share, and stays responsive", async () => {
    const client = await open();
    const acks = await Promise.all(
      Array.from(
        { length: 200 },
        () => new Promise<Json>((resolve) => client.emit("run:join", { runId: "live" }, resolve)),
      ),
    );
    const served = acks.filter((ack) => ack.data);
    const refused = acks.filter((ack) => ack.error);
    expect(served.length).toBeGreaterThan(0);
    expect(served.length).toBeLessThanOrEqual(25);
    expect(refused.length).toBe(200 - served.length);
    expect(refused[0].error.code).toBe("rate_limited");
    expect(refused[0].error.message).toContain("too many events on this connection");
    // Every served join shares one snapshot of the live chain's events, not a copy each.
    expect(served[0].data.events).toEqual(served.at(-1).data.events);
    expect((await api("GET", "/api/health")).status).toBe(200);
    // The share is per address too: another socket from the same address waits for it to refill.
    const other = await open();
    const joinLive = () => new Promise<Json>((resolve) => other.emit("run:join", { runId: "live" }, resolve));
    const early = await joinLive();
    expect(early.error.message).toContain("too many run:join from");
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect((await joinLive()).data.id).toBe("live");
  });

  it("answers GET /api/world and /api/health while the chain lock is held", async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const lockTask = sandbox.control.lock.run(() => held);
    try {
      const [world, health] = await Promise.all([api("GET", "/api/world"), api("GET", "/api/health")]);
      expect(world.status).toBe(200);
      expect(world.body.tokens.map((t: Json) => t.symbol)).toEqual(["WETH", "USDC", "DAI", "WBTC"]);
      expect(health.body).toMatchObject({ status: "ok", runningRunId: null });
      expect(sandbox.control.lock.busy).toBe(true);
    } finally {
      release();
      await lockTask;
    }
  });

  it("lets exactly one of two simultaneous plays on two ready runs drive the chain; the other gets 409", async () => {
    const a = (await api("POST", "/api/runs", { body: { scenario: "sandwich" }, ...asInstructor })).body;
    const b = (await api("POST", "/api/runs", { body: { scenario: "arbitrage" }, ...asInstructor })).body;
    const [playA, playB] = await Promise.all([
      api("POST", `/api/runs/${a.id}/play`, { body: { speed: 100 }, ...asInstructor }),
      api("POST", `/api/runs/${b.id}/play`, { body: { speed: 100 }, ...asInstructor }),
    ]);
    expect([playA.status, playB.status].sort()).toEqual([202, 409]);
    const [winner, loser] = playA.status === 202 ? [a, playB] : [b, playA];
    expect(loser.body.error.code).toBe("run_in_progress");
    expect(loser.body.error.details.runningRunId).toBe(winner.id);
    const view = await sandbox.control.runs.settled(winner.id);
    expect(view.status).toBe("finished");
    const kinds = view.events.flatMap((e) => (e.type === "mev:classified" ? [e.kind] : []));
    expect(kinds).toEqual(
      winner.scenario === "sandwich" ? ["sandwich"] : expect.arrayContaining(["arbitrage"]),
    );
    expect((await api("POST", `/api/runs/${winner.id}/reset`, asInstructor)).status).toBe(200);
  });

  it("refuses a block time that would bury the server in blocks, naming what is accepted", async () => {
    const before = (await api("GET", "/api/live")).body;
    const refused = await api("POST", "/api/live", {
      body: { enabled: true, blockTime: 0.0000001 },
      ...asInstructor,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain(
      "blockTime: must be 0 (mine only on request) or a number of seconds from 1 to 3600",
    );
    expect((await api("GET", "/api/live")).body).toEqual(before);
  });

  it("keeps the reason of a run that fails before its first step", async () => {
    const run = (await api("POST", "/api/runs", { body: { scenario: "fails-to-start" }, ...asInstructor }))
      .body;
    const stepped = await api("POST", `/api/runs/${run.id}/step`, asInstructor);
    expect(stepped.status).toBe(200);
    expect(stepped.body.status).toBe("failed");
    const view = (await api("GET", `/api/runs/${run.id}`)).body;
    expect(view.status).toBe("failed");
    expect(view.error).toEqual({ name: "Error", message: "the bots could not be built, on purpose" });
    expect(view.events.map((e: Json) => e.type)).toEqual(["run:failed"]);
    expect((await api("GET", "/api/runs")).body.runningRunId).toBeNull();
    expect((await api("POST", "/api/live/mine", asInstructor)).status).toBe(200);
  });

  it("refuses a JSON-RPC body over the size limit and a batch over the batch limit, saying so", async () => {
    const huge = JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "eth_chainId",
      params: ["x".repeat(3_000_000)],
    });
    const tooBig = (await rpcPost(sandbox.rpc.url, huge, asInstructor)) as Json;
    expect(tooBig.error.code).toBe(LIMIT_EXCEEDED_CODE);
    expect(tooBig.error.message).toContain("larger than 2097152 bytes");
    const batch = (n: number) =>
      JSON.stringify(Array.from({ length: n }, (_, i) => ({ jsonrpc: "2.0", id: i, method: "eth_chainId" })));
    const tooMany = (await rpcPost(sandbox.rpc.url, batch(MAX_RPC_BATCH + 1), asInstructor)) as Json;
    expect(tooMany.error.message).toContain(
      `a batch holds at most ${MAX_RPC_BATCH} requests, got ${MAX_RPC_BATCH + 1}`,
    );
    const fine = (await rpcPost(sandbox.rpc.url, batch(3), asInstructor)) as Json[];
    expect(fine.map((r) => r.result)).toEqual(["0x7a69", "0x7a69", "0x7a69"]);
  });

  it("gives each address its share of JSON-RPC requests; the instructor is not counted", async () => {
    const replies = [];
    for (let i = 0; i < 40; i++) replies.push(await rpcCall(sandbox.rpc.url, "eth_blockNumber"));
    const limited = replies.filter((r) => r.error);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]!.error!.code).toBe(LIMIT_EXCEEDED_CODE);
    expect(limited[0]!.error!.message).toContain("at most 1 a second (bursts of 30)");
    expect((await rpcCall(sandbox.rpc.url, "eth_blockNumber", [], asInstructor)).result).toMatch(/^0x/);
  });

  it("gives each address its share of every HTTP route; health and the instructor are not counted", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 420; i++) statuses.push((await api("GET", "/api/scenarios")).status);
    expect(statuses).toContain(429);
    const refused = await api("GET", "/api/world");
    expect(refused.status).toBe(429);
    expect(refused.body.error.message).toContain(
      "too many requests from your address: at most 400 every 60 s",
    );
    expect((await api("GET", "/metrics")).status).toBe(429);
    expect((await api("GET", "/api/health")).status).toBe(200);
    expect((await api("GET", "/api/world", asInstructor)).status).toBe(200);
  });
});
