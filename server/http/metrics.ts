/**
 * Prometheus metrics (`GET /metrics`), in a registry of their own (never prom-client's global one,
 * so two sandboxes in one process, as in the tests, do not collide). Fed from the event bus.
 *
 * Prometheus samples are floats: profits are exported in whole tokens for dashboards only; the
 * exact figures (bigint base units) are in the API and the events.
 */
import { performance } from "node:perf_hooks";
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { EventBus } from "../events";
import { formatAmount } from "../format";

/** What viewers receive once a second on the `metrics` stream. */
export interface MetricsTick {
  /** Seconds since the server started. */
  uptimeSeconds: number;
  viewers: number;
  blocks: number;
  transactions: number;
  pendingSeen: number;
  opportunitiesFound: number;
  opportunitiesSkipped: number;
}

export class SandboxMetrics {
  readonly registry = new Registry();
  private readonly blocks: Counter;
  private readonly transactions: Counter;
  private readonly pending: Counter;
  private readonly found: Counter<"kind">;
  private readonly skipped: Counter<"kind">;
  private readonly profit: Counter<"kind" | "symbol">;
  readonly decisionLatency: Histogram<"kind">;
  private readonly viewers: Gauge;
  private readonly totals = { blocks: 0, transactions: 0, pendingSeen: 0, found: 0, skipped: 0, viewers: 0 };
  private readonly startedAt = performance.now();
  private readonly unsubscribe: () => void;

  constructor(bus: EventBus) {
    const registers = [this.registry];
    this.blocks = new Counter({
      name: "sandbox_blocks_total",
      help: "Blocks mined by the sandbox",
      registers,
    });
    this.transactions = new Counter({
      name: "sandbox_transactions_total",
      help: "Transactions mined in the sandbox's blocks",
      registers,
    });
    this.pending = new Counter({
      name: "sandbox_pending_transactions_total",
      help: "Transactions seen entering the mempool",
      registers,
    });
    this.found = new Counter({
      name: "sandbox_opportunities_found_total",
      help: "Opportunities a bot acted on, by kind",
      labelNames: ["kind"],
      registers,
    });
    this.skipped = new Counter({
      name: "sandbox_opportunities_skipped_total",
      help: "Opportunities a bot looked at and declined, by kind",
      labelNames: ["kind"],
      registers,
    });
    this.profit = new Counter({
      name: "sandbox_mev_profit_tokens_total",
      help: "Profit the inspector measured in mined blocks, by kind, in whole tokens (approximate: floats)",
      labelNames: ["kind", "symbol"],
      registers,
    });
    this.decisionLatency = new Histogram({
      name: "sandbox_decision_latency_seconds",
      help: "Time from a bot being handed a transaction or block to its decision",
      labelNames: ["kind"],
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    });
    this.viewers = new Gauge({ name: "sandbox_viewers", help: "Connected socket.io viewers", registers });
    this.unsubscribe = bus.on((event) => {
      switch (event.type) {
        case "block:mined":
          this.blocks.inc();
          this.transactions.inc(event.txs.length);
          this.totals.blocks += 1;
          this.totals.transactions += event.txs.length;
          break;
        case "tx:pending":
          this.pending.inc();
          this.totals.pendingSeen += 1;
          break;
        case "opportunity:found":
          this.found.inc({ kind: event.kind });
          this.totals.found += 1;
          break;
        case "opportunity:skipped":
          this.skipped.inc({ kind: event.kind });
          this.totals.skipped += 1;
          break;
        case "mev:classified":
          for (const { profit } of event.profits) {
            const whole = Number(formatAmount(BigInt(profit.amount), profit.decimals, 8).replaceAll(",", ""));
            // Counters only go up: losses are part of the API's exact figures, not of this counter.
            if (whole > 0) this.profit.inc({ kind: event.kind, symbol: profit.symbol }, whole);
          }
          break;
      }
    });
  }

  /** A bot's decision latency, in milliseconds. */
  observeLatency(kind: string, ms: number): void {
    this.decisionLatency.observe({ kind }, ms / 1000);
  }

  setViewers(count: number): void {
    this.viewers.set(count);
    this.totals.viewers = count;
  }

  tick(): MetricsTick {
    return {
      uptimeSeconds: Math.round((performance.now() - this.startedAt) / 1000),
      viewers: this.totals.viewers,
      blocks: this.totals.blocks,
      transactions: this.totals.transactions,
      pendingSeen: this.totals.pendingSeen,
      opportunitiesFound: this.totals.found,
      opportunitiesSkipped: this.totals.skipped,
    };
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  close(): void {
    this.unsubscribe();
  }
}
