/**
 * Running totals for MEV statistics, kept by the store's writer as events arrive: per run, minute,
 * kind and bot (or actor), the number of decisions and the exact sum of their amounts; and a
 * histogram of decision latencies with buckets 2% apart (so a quantile read from it is within 2%).
 */
import type { SandboxEvent } from "../events";

export const MINUTE_MS = 60_000;
/** Latency buckets: bucket b holds latencies up to LATENCY_FLOOR_MS · LATENCY_RATIO^b. */
const LATENCY_FLOOR_MS = 0.001;
const LATENCY_RATIO = 1.02;

export interface TotalDelta {
  runId: string;
  minute: number;
  type: "opportunity:found" | "opportunity:skipped" | "realised";
  kind: string;
  who: string;
  symbol: string;
  decimals: number;
  count: number;
  amount: bigint;
}

/** A row of `mev_totals` as read back (one scope, minute, kind, bot or actor, token). */
export interface TotalRow {
  minute: number;
  type: TotalDelta["type"];
  kind: string;
  who: string;
  symbol: string;
  decimals: number;
  count: number;
  amount: string;
}

export interface LatencyDelta {
  runId: string;
  minute: number;
  bot: string;
  kind: string;
  bucket: number;
  /** 1 for a decision; negative when a reset run's share is taken back. */
  count?: number;
}

/** The bucket a latency falls in (the smallest b with floor·ratio^b ≥ ms). */
export function latencyBucket(ms: number): number {
  if (ms <= LATENCY_FLOOR_MS) return 0;
  return Math.ceil(Math.log(ms / LATENCY_FLOOR_MS) / Math.log(LATENCY_RATIO));
}

/** The upper bound of a bucket, in ms: what a quantile read from the histogram reports. */
export function bucketUpperMs(bucket: number): number {
  return Number((LATENCY_FLOOR_MS * LATENCY_RATIO ** bucket).toPrecision(4));
}

/** What one event adds to the totals (nothing for most events). */
export function totalDeltas(event: SandboxEvent, at: number): TotalDelta[] {
  const minute = Math.floor(at / MINUTE_MS);
  const base = { runId: event.runId, minute, count: 1 };
  if (event.type === "opportunity:found") {
    const { symbol, decimals, amount } = event.expectedProfit;
    return [
      {
        ...base,
        type: event.type,
        kind: event.kind,
        who: event.bot,
        symbol,
        decimals,
        amount: BigInt(amount),
      },
    ];
  }
  if (event.type === "opportunity:skipped") {
    return [
      { ...base, type: event.type, kind: event.kind, who: event.bot, symbol: "", decimals: 0, amount: 0n },
    ];
  }
  if (event.type === "mev:classified") {
    return event.profits.map(({ actor, profit }) => ({
      ...base,
      type: "realised" as const,
      kind: event.kind,
      who: actor.label,
      symbol: profit.symbol,
      decimals: profit.decimals,
      amount: BigInt(profit.amount),
    }));
  }
  return [];
}

/** The latency histogram's entry for a timed decision, if any. */
export function latencyDelta(
  event: SandboxEvent,
  at: number,
  latencyMs: number | null,
): LatencyDelta | undefined {
  if (latencyMs === null) return undefined;
  if (event.type !== "opportunity:found" && event.type !== "opportunity:skipped") return undefined;
  return {
    runId: event.runId,
    minute: Math.floor(at / MINUTE_MS),
    bot: event.bot,
    kind: event.kind,
    bucket: latencyBucket(latencyMs),
  };
}

/** The totals' scope over every run. */
export const ALL_RUNS = "*";
/** The totals' scope over every run of one scenario. */
export const scenarioScope = (scenario: string) => `scenario:${scenario}`;

/**
 * Each delta for each scope it counts in: its run, every run ("*"), and its scenario's runs when the
 * run has one (the live chain has none).
 */
export function inEveryScope<T extends { runId: string }>(
  deltas: readonly T[],
  scenarioOf: (runId: string) => string | undefined,
): T[] {
  return deltas.flatMap((delta) => {
    const scenario = scenarioOf(delta.runId);
    const scopes = [delta, { ...delta, runId: ALL_RUNS }];
    return scenario === undefined ? scopes : [...scopes, { ...delta, runId: scenarioScope(scenario) }];
  });
}

/** Folds deltas with the same key together, so that a batch updates each row once. */
export function foldTotals(deltas: readonly TotalDelta[]): TotalDelta[] {
  const folded = new Map<string, TotalDelta>();
  for (const delta of deltas) {
    const key = [delta.runId, delta.minute, delta.type, delta.kind, delta.who, delta.symbol].join("\u0000");
    const current = folded.get(key);
    if (current) {
      current.count += delta.count;
      current.amount += delta.amount;
    } else folded.set(key, { ...delta });
  }
  return [...folded.values()];
}
