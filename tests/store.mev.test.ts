/** The store's MEV queries: decisions filtered and paged, statistics from the running totals, exact to the base unit. */
import { describe, expect, it } from "vitest";
import type { SandboxEvent } from "../server/events";
import { MEMORY, SqliteStore } from "../server/store";
import { bucketUpperMs, latencyBucket, MINUTE_MS } from "../server/store/mevTotals";

const WETH = { symbol: "WETH", decimals: 18 };
const HUGE = 10n ** 24n + 7n; // beyond 64-bit integers: sums must stay exact

function found(runId: string, bot: string, kind: string, amount: bigint, id: string): SandboxEvent {
  return {
    type: "opportunity:found",
    runId,
    step: 1,
    id,
    bot,
    kind,
    summary: "s",
    inputs: {},
    expectedProfit: { ...WETH, amount: amount.toString() },
  } as unknown as SandboxEvent;
}

function skipped(runId: string, bot: string, kind: string, id: string): SandboxEvent {
  return {
    type: "opportunity:skipped",
    runId,
    step: 1,
    id,
    bot,
    kind,
    explanation: "e",
    inputs: {},
  } as unknown as SandboxEvent;
}

function classified(runId: string, actor: string, kind: string, amount: bigint): SandboxEvent {
  return {
    type: "mev:classified",
    runId,
    step: 2,
    block: 31,
    kind,
    profits: [{ actor: { address: "0x1", label: actor }, profit: { ...WETH, amount: amount.toString() } }],
  } as unknown as SandboxEvent;
}

function record(id: string, scenario: string) {
  return {
    id,
    scenario,
    params: {},
    status: "finished" as const,
    createdAt: 0,
    startedAt: 0,
    endedAt: 0,
    error: null,
  };
}

describe("the store's MEV queries", () => {
  function filled(): SqliteStore {
    const store = new SqliteStore(MEMORY);
    store.saveRun(record("run-1", "sandwich"));
    store.saveRun(record("run-2", "arbitrage"));
    store.appendEvent(found("run-1", "sandwicher", "sandwich", HUGE, "0x01"), 2);
    store.appendEvent(skipped("run-1", "sandwicher", "sandwich", "0x02"), 4);
    store.appendEvent(found("run-2", "arbitrageur", "arbitrage", 5n, "0x03"), 8);
    store.appendEvent(found("run-2", "arbitrageur", "arbitrage", HUGE, "0x04"), null);
    store.appendEvent(classified("run-1", "searcher", "sandwich", HUGE));
    store.appendEvent(classified("run-1", "searcher", "sandwich", 1n));
    return store;
  }

  it("lists decisions newest first with their latency, filtered by run, scenario, bot, kind and type, paged", () => {
    const store = filled();
    const all = store.decisions({ limit: 10, offset: 0 });
    expect(all.total).toBe(4);
    expect(all.items.map((item) => item.event.id)).toEqual(["0x04", "0x03", "0x02", "0x01"]);
    expect(all.items.map((item) => item.latencyMs)).toEqual([null, 8, 4, 2]);
    const ids = (query: Parameters<SqliteStore["decisions"]>[0]) =>
      store.decisions(query).items.map((i) => i.event.id);
    expect(ids({ limit: 10, offset: 0, run: "run-1" })).toEqual(["0x02", "0x01"]);
    expect(ids({ limit: 10, offset: 0, scenario: "arbitrage" })).toEqual(["0x04", "0x03"]);
    expect(ids({ limit: 10, offset: 0, bot: "sandwicher", type: "opportunity:found" })).toEqual(["0x01"]);
    expect(ids({ limit: 10, offset: 0, kind: "arbitrage" })).toEqual(["0x04", "0x03"]);
    expect(ids({ limit: 2, offset: 1 })).toEqual(["0x03", "0x02"]);
    expect(store.decisions({ limit: 2, offset: 1 }).total).toBe(4);
    expect(ids({ limit: 10, offset: 0, until: Date.now() - 10 * MINUTE_MS })).toEqual([]);
    expect(ids({ limit: 10, offset: 0, since: Date.now() - MINUTE_MS })).toHaveLength(4);
  });

  it("sums expected and realised profits exactly, per bot and per actor, for all runs or one", () => {
    const store = filled();
    const stats = store.mevStats({});
    expect(stats.found).toMatchObject({ sandwich: 1, arbitrage: 2 });
    expect(stats.skipped).toMatchObject({ sandwich: 1, arbitrage: 0 });
    const arbitrageur = stats.byBot.find((b) => b.bot === "arbitrageur")!;
    expect(arbitrageur).toMatchObject({ kind: "arbitrage", found: 2, skipped: 0 });
    expect(arbitrageur.expectedProfit).toEqual([{ ...WETH, amount: (HUGE + 5n).toString() }]);
    expect(stats.realised).toEqual([
      {
        actor: "searcher",
        kind: "sandwich",
        count: 2,
        profit: [{ ...WETH, amount: (HUGE + 1n).toString() }],
      },
    ]);
    expect(stats.latencyMs.count).toBe(3);
    const perRun = store.mevStats({ run: "run-2" });
    expect(perRun.found).toMatchObject({ sandwich: 0, arbitrage: 2 });
    expect(perRun.realised).toEqual([]);
    const sandwiches = store.mevStats({ scenario: "sandwich" });
    expect(sandwiches.found).toMatchObject({ sandwich: 1, arbitrage: 0 });
    expect(sandwiches.realised[0]?.count).toBe(2);
    expect(store.mevStats({ scenario: "sandwich", bot: "sandwicher" }).byBot).toHaveLength(1);
  });

  it("takes a reset run's share back out of the totals over all runs", () => {
    const store = filled();
    store.clearEvents("run-2");
    const stats = store.mevStats({});
    expect(stats.found).toMatchObject({ sandwich: 1, arbitrage: 0 });
    expect(stats.byBot.find((b) => b.bot === "arbitrageur")).toMatchObject({
      found: 0,
      expectedProfit: [{ ...WETH, amount: "0" }],
    });
    expect(stats.latencyMs.count).toBe(2);
    expect(store.mevStats({ scenario: "arbitrage" }).found.arbitrage).toBe(0);
    expect(store.decisions({ limit: 10, offset: 0 }).total).toBe(2);
  });

  it("reads latency quantiles from the histogram within its 2% buckets", () => {
    for (const ms of [0.0005, 0.01, 1, 3.3, 250, 9_000]) {
      const upper = bucketUpperMs(latencyBucket(ms));
      expect(upper).toBeGreaterThanOrEqual(ms * 0.9999);
      expect(upper).toBeLessThanOrEqual(Math.max(ms, 0.001) * 1.0201);
    }
    const store = new SqliteStore(MEMORY);
    for (let i = 1; i <= 100; i++) store.appendEvent(skipped("run-1", "bot", "arbitrage", `0x${i}`), i);
    const latency = store.mevStats({}).latencyMs;
    expect(latency.count).toBe(100);
    for (const [figure, exact] of [
      [latency.p50, 50],
      [latency.p90, 90],
      [latency.p99, 99],
      [latency.max, 100],
    ] as const) {
      expect(figure! / exact).toBeGreaterThanOrEqual(1);
      expect(figure! / exact).toBeLessThanOrEqual(1.02);
    }
  });
});
