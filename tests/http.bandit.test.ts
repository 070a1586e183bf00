import hre from "hardhat";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BanditUpdated, BlockBuilt } from "../server/events";
import type { Sandbox } from "../server/sandbox";
import { apiClient, startTestSandbox, TEST_TOKEN, waitFor } from "./helpers/http";

describe("GET /api/mev/bandit/stats", () => {
  let sandbox: Sandbox;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    sandbox = await startTestSandbox(hre);
    api = apiClient(sandbox.http.url);
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  it("is empty before any bandit has played", async () => {
    const { status, body } = await api("GET", "/api/mev/bandit/stats");
    expect(status).toBe(200);
    expect(body).toEqual({ bots: [] });
  });

  it("after sealed-bid with 6 rounds and the bandit: per arm alpha, beta, pulls, win rate, mean profit, as on chain", async () => {
    const rounds = 6;
    const created = await api("POST", "/api/runs", {
      body: { scenario: "sealed-bid", params: { rounds, bandit: true } },
      token: TEST_TOKEN,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await api("POST", `/api/runs/${created.body.id}/play`, { body: { speed: 100 }, token: TEST_TOKEN });
    const view = await waitFor(async () => {
      const current = (await api("GET", `/api/runs/${created.body.id}`)).body;
      return current.status === "finished" || current.status === "failed" ? current : undefined;
    });
    expect(view.status).toBe("finished");

    const { status, body } = await api("GET", "/api/mev/bandit/stats");
    expect(status).toBe(200);
    expect(body.bots).toHaveLength(1);
    const [stats] = body.bots;
    expect(stats).toMatchObject({ bot: "arbitrageur", runId: created.body.id, rounds });
    expect(stats.arms.map((a: { bidBps: number }) => a.bidBps)).toEqual([5000, 6000, 7000, 8000, 9000, 9500]);
    expect(stats.arms.reduce((n: number, a: { pulls: number }) => n + a.pulls, 0)).toBe(rounds);

    // Wins per arm are the rounds whose bundle the builder included (block:built) and that landed.
    const events = view.events as (BanditUpdated | BlockBuilt | { type: string })[];
    const updates = events.filter((e): e is BanditUpdated => e.type === "bandit:updated");
    const included = new Set(
      events
        .filter((e): e is BlockBuilt => e.type === "block:built")
        .flatMap((b) => b.bundles.filter((o) => o.outcome === "included" && o.origin === "arbitrageur"))
        .map((o) => o.txs[0]!),
    );
    for (const hash of included)
      expect((await sandbox.chain.provider.getTransactionReceipt(hash))?.status).toBe(1);
    expect(updates.filter((u) => u.won)).toHaveLength(included.size);
    for (const [i, arm] of stats.arms.entries()) {
      const pulled = updates.filter((u) => u.arm === i);
      const wins = pulled.filter((u) => u.won);
      const profit = pulled.reduce((sum, u) => sum + BigInt(u.profit.amount), 0n);
      expect(arm).toEqual({
        bidBps: arm.bidBps,
        alpha: 1 + wins.length,
        beta: 1 + pulled.length - wins.length,
        pulls: pulled.length,
        wins: wins.length,
        winRate: pulled.length === 0 ? 0 : wins.length / pulled.length,
        meanProfit: (pulled.length === 0 ? 0n : profit / BigInt(pulled.length)).toString(),
      });
    }
  });
});
