/**
 * The bots' latest decisions in memory: a bounded log of `opportunity:found` / `opportunity:skipped`
 * (newest last) for executing a scanned opportunity by id, and how long each decision took. The
 * store keeps every decision for the API (server/store/mevQueries.ts).
 *
 * Decision latency is wall-clock time, so it is kept beside the events, never inside them (events
 * stay byte-for-byte reproducible). It is measured by wrapping the bots: see `timeBots`.
 */
import { performance } from "node:perf_hooks";
import type { Bot, BotContext } from "../engine/bot";
import type { EventBus, SandboxEvent } from "../events";
import type { Decision, DecisionRecord } from "../store/mevViews";

export type {
  BotStats,
  Decision,
  DecisionPage,
  DecisionQuery,
  DecisionRecord,
  LatencySummary,
  MevStats,
  RealisedStats,
} from "../store/mevViews";

const LOG_CAPACITY = 1_000;
/** The q-th quantile (0..1) of some values, nearest-rank; null when there are none. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export class MevLog {
  private readonly records: DecisionRecord[] = [];
  private seq = 0;
  /** Latencies measured by `timeBots`, waiting for their event on the bus (same tick). */
  private readonly pendingLatency = new Map<string, number>();
  private readonly unsubscribe: () => void;
  private readonly decisionListeners = new Set<(record: DecisionRecord) => void>();

  constructor(bus: EventBus) {
    this.unsubscribe = bus.on((event) => {
      if (event.type === "opportunity:found" || event.type === "opportunity:skipped") this.record(event);
    });
  }

  close(): void {
    this.unsubscribe();
  }

  /** Calls `listener` with each decision as it is logged (metrics read the latency from it). */
  onDecision(listener: (record: DecisionRecord) => void): () => void {
    this.decisionListeners.add(listener);
    return () => this.decisionListeners.delete(listener);
  }

  /** Called by a timed bot just before its decision reaches the bus. */
  noteLatency(decisionId: string, ms: number): void {
    this.pendingLatency.set(decisionId, ms);
  }

  /** How long the decision just published took, if `event` is it and it was timed (the store keeps it beside the event). */
  latencyOf(event: SandboxEvent): number | null {
    const last = this.records.at(-1);
    return last?.event === event ? last.latencyMs : null;
  }

  private record(event: Decision): void {
    const latencyMs = this.pendingLatency.get(event.id) ?? null;
    this.pendingLatency.delete(event.id);
    const record = { seq: ++this.seq, latencyMs, event };
    this.records.push(record);
    if (this.records.length > LOG_CAPACITY) this.records.shift();
    for (const listener of this.decisionListeners) listener(record);
  }

  /** The most recent decision with this id, if the log still holds it. */
  find(id: string): DecisionRecord | undefined {
    for (let i = this.records.length - 1; i >= 0; i--)
      if (this.records[i]!.event.id === id) return this.records[i];
    return undefined;
  }
}

/**
 * Wraps bots so that each decision's latency (from the moment the bot is handed pending
 * transactions or a block, to the moment it decides) is measured and handed to `onLatency`
 * before the decision is published. The bots themselves are untouched.
 */
export function timeBots(bots: readonly Bot[], onLatency: (decisionId: string, ms: number) => void): Bot[] {
  return bots.map((bot) => {
    const timedContext = (ctx: BotContext, start: number): BotContext => ({
      ...ctx,
      decide: (draft) => {
        onLatency(draft.id, performance.now() - start);
        ctx.decide(draft);
      },
    });
    const timed: Bot = { name: bot.name, actor: bot.actor };
    if (bot.onPending)
      timed.onPending = (txs, ctx) => bot.onPending!(txs, timedContext(ctx, performance.now()));
    if (bot.onBlock)
      timed.onBlock = (block, ctx) => bot.onBlock!(block, timedContext(ctx, performance.now()));
    if (bot.onHint) timed.onHint = (hints, ctx) => bot.onHint!(hints, timedContext(ctx, performance.now()));
    return timed;
  });
}
