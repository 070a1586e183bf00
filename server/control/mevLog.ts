/**
 * What the bots decided, kept for the API: a bounded log of `opportunity:found` / `opportunity:skipped`
 * events (newest last), the inspector's realised profits, and how long each decision took.
 *
 * Decision latency is wall-clock time, so it is kept beside the events, never inside them (events
 * stay byte-for-byte reproducible). It is measured by wrapping the bots: see `timeBots`.
 */
import { performance } from "node:perf_hooks";
import type { Bot, BotContext } from "../engine/bot";
import type {
  EventBus,
  MevClassified,
  OpportunityFound,
  OpportunityKind,
  OpportunitySkipped,
  TokenAmount,
} from "../events";

export type Decision = OpportunityFound | OpportunitySkipped;

export interface DecisionRecord {
  /** Position in the log since the sandbox started (1, 2, …). */
  seq: number;
  /** Milliseconds from the moment the bot was handed what it reacted to until it decided. */
  latencyMs: number | null;
  event: Decision;
}

export interface DecisionPage {
  total: number;
  offset: number;
  limit: number;
  /** Newest first. */
  items: DecisionRecord[];
}

export interface DecisionQuery {
  limit: number;
  offset: number;
  kind?: OpportunityKind;
  type?: Decision["type"];
  bot?: string;
}

export interface LatencySummary {
  count: number;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  max: number | null;
}

export interface BotStats {
  bot: string;
  kind: OpportunityKind;
  found: number;
  skipped: number;
  /** Sum of the expected profits of what it found, per token. */
  expectedProfit: TokenAmount[];
}

export interface RealisedStats {
  actor: string;
  kind: OpportunityKind;
  /** How many blocks the inspector labelled with this actor profiting. */
  count: number;
  /** What the inspector measured, per token. */
  profit: TokenAmount[];
}

export interface MevStats {
  found: Record<OpportunityKind, number>;
  skipped: Record<OpportunityKind, number>;
  byBot: BotStats[];
  realised: RealisedStats[];
  latencyMs: LatencySummary;
}

const LOG_CAPACITY = 1_000;
const LATENCY_CAPACITY = 10_000;
const KINDS: readonly OpportunityKind[] = ["arbitrage", "sandwich", "liquidation", "jit", "backrun"];

/** Sums amounts per token symbol, exactly. */
class AmountsBySymbol {
  private readonly totals = new Map<string, { amount: bigint; decimals: number }>();

  add(amount: TokenAmount): void {
    const current = this.totals.get(amount.symbol);
    this.totals.set(amount.symbol, {
      amount: (current?.amount ?? 0n) + BigInt(amount.amount),
      decimals: amount.decimals,
    });
  }

  list(): TokenAmount[] {
    return [...this.totals].map(([symbol, { amount, decimals }]) => ({
      amount: amount.toString(),
      symbol,
      decimals,
    }));
  }
}

/** The q-th quantile (0..1) of some values, nearest-rank; null when there are none. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

const zeroByKind = (): Record<OpportunityKind, number> =>
  Object.fromEntries(KINDS.map((kind) => [kind, 0])) as Record<OpportunityKind, number>;

export class MevLog {
  private readonly records: DecisionRecord[] = [];
  private seq = 0;
  private readonly latencies: number[] = [];
  /** Latencies measured by `timeBots`, waiting for their event on the bus (same tick). */
  private readonly pendingLatency = new Map<string, number>();
  private readonly found = zeroByKind();
  private readonly skipped = zeroByKind();
  private readonly bots = new Map<string, { stats: BotStats; profit: AmountsBySymbol }>();
  private readonly realised = new Map<string, { stats: RealisedStats; profit: AmountsBySymbol }>();
  private readonly unsubscribe: () => void;
  private readonly decisionListeners = new Set<(record: DecisionRecord) => void>();

  constructor(bus: EventBus) {
    this.unsubscribe = bus.on((event) => {
      if (event.type === "opportunity:found" || event.type === "opportunity:skipped") this.record(event);
      else if (event.type === "mev:classified") this.recordRealised(event);
    });
  }

  close(): void {
    this.unsubscribe();
  }

  /** Changes whenever a decision is logged: a cache of pages is valid while it stays the same. */
  get version(): number {
    return this.seq;
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

  private record(event: Decision): void {
    const latencyMs = this.pendingLatency.get(event.id) ?? null;
    this.pendingLatency.delete(event.id);
    if (latencyMs !== null) {
      this.latencies.push(latencyMs);
      if (this.latencies.length > LATENCY_CAPACITY) this.latencies.shift();
    }
    const record = { seq: ++this.seq, latencyMs, event };
    this.records.push(record);
    if (this.records.length > LOG_CAPACITY) this.records.shift();
    for (const listener of this.decisionListeners) listener(record);

    const key = `${event.bot}|${event.kind}`;
    let bot = this.bots.get(key);
    if (!bot) {
      bot = {
        stats: { bot: event.bot, kind: event.kind, found: 0, skipped: 0, expectedProfit: [] },
        profit: new AmountsBySymbol(),
      };
      this.bots.set(key, bot);
    }
    if (event.type === "opportunity:found") {
      this.found[event.kind] += 1;
      bot.stats.found += 1;
      bot.profit.add(event.expectedProfit);
    } else {
      this.skipped[event.kind] += 1;
      bot.stats.skipped += 1;
    }
  }

  private recordRealised(event: MevClassified): void {
    for (const { actor, profit } of event.profits) {
      const key = `${actor.label}|${event.kind}`;
      let entry = this.realised.get(key);
      if (!entry) {
        entry = {
          stats: { actor: actor.label, kind: event.kind, count: 0, profit: [] },
          profit: new AmountsBySymbol(),
        };
        this.realised.set(key, entry);
      }
      entry.stats.count += 1;
      entry.profit.add(profit);
    }
  }

  /** A page of decisions, newest first, optionally filtered. */
  list(query: DecisionQuery): DecisionPage {
    const matching =
      query.kind || query.type || query.bot
        ? this.records.filter(
            (r) =>
              (!query.kind || r.event.kind === query.kind) &&
              (!query.type || r.event.type === query.type) &&
              (!query.bot || r.event.bot === query.bot),
          )
        : this.records;
    const end = matching.length - query.offset;
    const start = Math.max(0, end - query.limit);
    const items = end > 0 ? matching.slice(start, end).reverse() : [];
    return { total: matching.length, offset: query.offset, limit: query.limit, items };
  }

  /** The most recent decision with this id, if the log still holds it. */
  find(id: string): DecisionRecord | undefined {
    for (let i = this.records.length - 1; i >= 0; i--)
      if (this.records[i]!.event.id === id) return this.records[i];
    return undefined;
  }

  stats(): MevStats {
    return {
      found: { ...this.found },
      skipped: { ...this.skipped },
      byBot: [...this.bots.values()].map(({ stats, profit }) => ({
        ...stats,
        expectedProfit: profit.list(),
      })),
      realised: [...this.realised.values()].map(({ stats, profit }) => ({ ...stats, profit: profit.list() })),
      latencyMs: {
        count: this.latencies.length,
        p50: quantile(this.latencies, 0.5),
        p90: quantile(this.latencies, 0.9),
        p99: quantile(this.latencies, 0.99),
        max: this.latencies.length ? Math.max(...this.latencies) : null,
      },
    };
  }

  static readonly kinds = KINDS;
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
    return timed;
  });
}
