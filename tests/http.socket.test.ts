import hre from "hardhat";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SandboxEvent } from "../server/events";
import { WRONG_TOKEN_MESSAGE } from "../server/http/auth";
import type { ClientToServerEvents, ServerToClientEvents } from "../server/http/socketEvents";
import type { Sandbox } from "../server/sandbox";
import { apiClient, type Json, startTestSandbox, TEST_TOKEN, waitFor } from "./helpers/http";

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

describe("socket.io", () => {
  let sandbox: Sandbox;
  let api: ReturnType<typeof apiClient>;
  const clients: Client[] = [];
  const asInstructor = { token: TEST_TOKEN };

  beforeAll(async () => {
    sandbox = await startTestSandbox(hre);
    api = apiClient(sandbox.http.url);
  });

  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await sandbox?.close();
  });

  /** A connected client; `auth` for an instructor. */
  async function open(auth?: { token: string }): Promise<Client> {
    const client: Client = connect(sandbox.http.url, {
      transports: ["websocket"],
      auth,
      reconnection: false,
    });
    clients.push(client);
    await new Promise<void>((resolve, reject) => {
      client.once("connect", () => resolve());
      client.once("connect_error", reject);
    });
    return client;
  }

  /** Every engine event a client receives, in order. */
  function record(client: Client): SandboxEvent[] {
    const seen: SandboxEvent[] = [];
    client.onAny((name: string, payload: unknown) => {
      if (name.includes(":") && name !== "mev:executed") seen.push(payload as SandboxEvent);
    });
    return seen;
  }

  const join = (client: Client, runId: string) =>
    new Promise<Json>((resolve) => client.emit("run:join", { runId }, resolve));

  it("two viewers see the same events in the same order as the run records them", async () => {
    const { body: run } = await api("POST", "/api/runs", { body: { scenario: "sandwich" }, ...asInstructor });
    const [a, b] = [await open(), await open()];
    const [seenA, seenB] = [record(a), record(b)];
    expect((await join(a, run.id)).data).toMatchObject({ id: run.id, status: "ready", events: [] });
    expect((await join(b, run.id)).data.id).toBe(run.id);

    await api("POST", `/api/runs/${run.id}/play`, { body: { speed: 100 }, ...asInstructor });
    const finished = await sandbox.control.runs.settled(run.id);
    expect(finished.status).toBe("finished");
    await waitFor(() =>
      seenA.at(-1)?.type === "run:finished" && seenB.at(-1)?.type === "run:finished" ? true : undefined,
    );

    expect(seenA.length).toBeGreaterThan(5);
    expect(seenA).toEqual(seenB);
    expect(seenA).toEqual(finished.events);
    expect(seenA.map((e) => e.type)).toContain("block:mined");
    expect(seenA.map((e) => e.type)).toContain("tx:pending");
  });

  it("tells a run's viewers when the instructor resets it; the fresh snapshot is empty", async () => {
    const { body: run } = await api("POST", "/api/runs", {
      body: { scenario: "liquidation" },
      ...asInstructor,
    });
    await api("POST", `/api/runs/${run.id}/step`, asInstructor);
    const viewer = await open();
    expect((await join(viewer, run.id)).data.events.length).toBeGreaterThan(0);
    const reset = new Promise<{ runId: string }>((resolve) => viewer.once("run:reset", resolve));
    await api("POST", `/api/runs/${run.id}/reset`, asInstructor);
    expect(await reset).toEqual({ runId: run.id });
    expect((await join(viewer, run.id)).data).toMatchObject({ id: run.id, status: "ready", events: [] });
  });

  it("a viewer who joins mid-run gets a snapshot equal to GET /api/runs/:id, then the live events", async () => {
    const { body: run } = await api("POST", "/api/runs", { body: { scenario: "sandwich" }, ...asInstructor });
    await api("POST", `/api/runs/${run.id}/step`, asInstructor);
    await api("POST", `/api/runs/${run.id}/step`, asInstructor);

    const late = await open();
    const seen = record(late);
    const snapshot = (await join(late, run.id)).data;
    const view = (await api("GET", `/api/runs/${run.id}`)).body;
    expect(snapshot).toEqual(view);
    expect(snapshot.nextStep).toBe(2);
    expect(snapshot.steps.filter((s: { state: string }) => s.state === "done").length).toBe(2);

    // A viewer who leaves changes nothing.
    const leaver = await open();
    await join(leaver, run.id);
    leaver.disconnect();

    await api("POST", `/api/runs/${run.id}/step`, asInstructor);
    await waitFor(() => (seen.some((e) => e.type === "step:finished") ? true : undefined));
    const after = (await api("GET", `/api/runs/${run.id}`)).body;
    expect([...snapshot.events, ...seen]).toEqual(after.events);
    expect(seen[0]).toMatchObject({ type: "step:started", index: 2, runId: run.id });
    await api("POST", `/api/runs/${run.id}/play`, { body: { speed: 100 }, ...asInstructor });
    expect((await sandbox.control.runs.settled(run.id)).status).toBe("finished");
  });

  it("answers malformed client events with an error ack and ignores them", async () => {
    const client = await open();
    const bad = await new Promise<Json>((resolve) =>
      (client as unknown as Socket).emit("run:join", { runId: 5, extra: true }, resolve),
    );
    expect(bad.error.code).toBe("invalid_event");
    expect(bad.error.details.problems.length).toBeGreaterThan(0);
    const missing = await join(client, "run-404");
    expect(missing.error.code).toBe("unknown_run");
    // No ack, an unknown event, a non-object payload: ignored, the connection lives on.
    (client as unknown as Socket).emit("run:join", "nonsense");
    (client as unknown as Socket).emit("no:such:event", 1, 2, 3);
    const live = await join(client, "live");
    expect(live.data).toMatchObject({ id: "live", live: { enabled: false } });
    expect(client.connected).toBe(true);
  });

  it("lets only the instructor's socket control a run", async () => {
    const { body: run } = await api("POST", "/api/runs", {
      body: { scenario: "arbitrage" },
      ...asInstructor,
    });
    const viewer = await open();
    const refused = await new Promise<Json>((resolve) =>
      viewer.emit("run:control", { runId: run.id, action: "step" }, resolve),
    );
    expect(refused.error.code).toBe("unauthorized");

    await expect(open({ token: "wrong-token" })).rejects.toThrow(WRONG_TOKEN_MESSAGE);

    const instructor = await open({ token: TEST_TOKEN });
    const stepped = await new Promise<Json>((resolve) =>
      instructor.emit("run:control", { runId: run.id, action: "step" }, resolve),
    );
    expect(stepped.data).toMatchObject({ id: run.id, status: "running", nextStep: 1 });
    const played = await new Promise<Json>((resolve) =>
      instructor.emit("run:control", { runId: run.id, action: "play", speed: 100 }, resolve),
    );
    expect(played.data.playing).toBe(true);
    expect((await sandbox.control.runs.settled(run.id)).status).toBe("finished");
  });

  it("streams metrics to everyone once a second, with the number of viewers", async () => {
    const client = await open();
    const tick = await new Promise<Json>((resolve) => client.once("metrics", resolve));
    expect(tick.viewers).toBe(sandbox.http.io.of("/").sockets.size);
    expect(tick.blocks).toBeGreaterThan(0);
    const metrics = await (await fetch(`${sandbox.http.url}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`sandbox_viewers ${tick.viewers}`));
  });
});
