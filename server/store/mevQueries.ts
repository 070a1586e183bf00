/**
 * The MEV questions the API asks of the store: a page of decisions (from the events themselves) and
 * statistics (from the running totals, so they cost a few rows however many events there are).
 *
 * Filters: run, scenario, bot, kind, and a time range. Statistics read the totals of the narrowest
 * scope asked for (a run, a scenario's runs, or every run); their time range counts whole minutes
 * (the totals' grain).
 */
import type Database from "libsql";
import type { OpportunityKind } from "../events";
import { ALL_RUNS, bucketUpperMs, MINUTE_MS, scenarioScope, type TotalRow } from "./mevTotals";
import {
  AmountsBySymbol,
  type BotStats,
  type DecisionPage,
  type DecisionQuery,
  type LatencySummary,
  type MevFilter,
  type MevStats,
  type RealisedStats,
  zeroByKind,
} from "./mevViews";

type Where = { sql: string; params: (string | number)[] };

/** A WHERE clause of the conditions whose value is given; `null` marks a condition without a value. */
function where(clauses: [string, string | number | null | undefined][]): Where {
  const used = clauses.filter(([, value]) => value !== undefined);
  return {
    sql: used.length === 0 ? "" : `WHERE ${used.map(([sql]) => sql).join(" AND ")}`,
    params: used.flatMap(([, value]) => (value === null || value === undefined ? [] : [value])),
  };
}

const IN_SCENARIO = "run_id IN (SELECT id FROM runs WHERE scenario = ?)";

export class MevQueries {
  constructor(private readonly db: Database.Database) {}

  decisions(query: DecisionQuery): DecisionPage {
    const filter = where([
      query.type ? ["type = ?", query.type] : ["type IN ('opportunity:found', 'opportunity:skipped')", null],
      ["run_id = ?", query.run],
      [IN_SCENARIO, query.scenario],
      ["bot = ?", query.bot],
      ["kind = ?", query.kind],
      ["at >= ?", query.since],
      ["at < ?", query.until],
    ]);
    const { params } = filter;
    const total = (
      this.db.prepare(`SELECT COUNT(*) AS n FROM events ${filter.sql}`).get(...params) as { n: number }
    ).n;
    const rows = this.db
      .prepare(`SELECT seq, latency_ms, body FROM events ${filter.sql} ORDER BY seq DESC LIMIT ? OFFSET ?`)
      .all(...params, query.limit, query.offset) as {
      seq: number;
      latency_ms: number | null;
      body: string;
    }[];
    return {
      total,
      offset: query.offset,
      limit: query.limit,
      items: rows.map((row) => ({ seq: row.seq, latencyMs: row.latency_ms, event: JSON.parse(row.body) })),
    };
  }

  stats(filter: MevFilter): MevStats {
    const scope = this.scope(filter);
    const totals = this.db
      .prepare(`SELECT type, kind, who, symbol, decimals, count, amount FROM mev_totals ${scope.sql}`)
      .all(...scope.params) as TotalRow[];
    const found = zeroByKind();
    const skipped = zeroByKind();
    const bots = new Map<string, { stats: BotStats; profit: AmountsBySymbol }>();
    const realised = new Map<string, { stats: RealisedStats; profit: AmountsBySymbol }>();
    for (const row of totals) {
      const kind = row.kind as OpportunityKind;
      if (row.type === "realised") {
        const entry = entryOf(realised, `${row.who}|${kind}`, () => ({
          actor: row.who,
          kind,
          count: 0,
          profit: [],
        }));
        entry.stats.count += row.count;
        entry.profit.add({ amount: row.amount, symbol: row.symbol, decimals: row.decimals });
        continue;
      }
      if (filter.bot !== undefined && row.who !== filter.bot) continue;
      const entry = entryOf(bots, `${row.who}|${kind}`, () => ({
        bot: row.who,
        kind,
        found: 0,
        skipped: 0,
        expectedProfit: [],
      }));
      if (row.type === "opportunity:found") {
        found[kind] += row.count;
        entry.stats.found += row.count;
        entry.profit.add({ amount: row.amount, symbol: row.symbol, decimals: row.decimals });
      } else {
        skipped[kind] += row.count;
        entry.stats.skipped += row.count;
      }
    }
    return {
      found,
      skipped,
      byBot: [...bots.values()].map(({ stats, profit }) => ({ ...stats, expectedProfit: profit.list() })),
      realised: [...realised.values()].map(({ stats, profit }) => ({ ...stats, profit: profit.list() })),
      latencyMs: this.latency(filter),
    };
  }

  /** Which totals answer a filter: one run's, one scenario's runs', or every run's. */
  private scope(filter: MevFilter): Where {
    const totalsOf =
      filter.run ?? (filter.scenario === undefined ? ALL_RUNS : scenarioScope(filter.scenario));
    return where([
      ["run_id = ?", totalsOf],
      [IN_SCENARIO, filter.run === undefined ? undefined : filter.scenario],
      ["kind = ?", filter.kind],
      ["minute >= ?", filter.since === undefined ? undefined : Math.floor(filter.since / MINUTE_MS)],
      ["minute < ?", filter.until === undefined ? undefined : Math.ceil(filter.until / MINUTE_MS)],
    ]);
  }

  /** Latency quantiles from the histogram (nearest rank; each figure is its bucket's upper bound). */
  private latency(filter: MevFilter): LatencySummary {
    const scope = this.scope(filter);
    const botClause = filter.bot === undefined ? "" : `${scope.sql ? " AND" : "WHERE"} bot = ?`;
    const rows = this.db
      .prepare(
        `SELECT bucket, SUM(count) AS count FROM latency_histogram ${scope.sql}${botClause} GROUP BY bucket ORDER BY bucket`,
      )
      .all(...scope.params, ...(filter.bot === undefined ? [] : [filter.bot])) as {
      bucket: number;
      count: number;
    }[];
    const count = rows.reduce((sum, row) => sum + row.count, 0);
    const at = (q: number): number | null => {
      if (count === 0) return null;
      const rank = Math.min(count, Math.max(1, Math.ceil(q * count)));
      let seen = 0;
      for (const row of rows) {
        seen += row.count;
        if (seen >= rank) return bucketUpperMs(row.bucket);
      }
      return null;
    };
    return { count, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: at(1) };
  }
}

function entryOf<S>(
  map: Map<string, { stats: S; profit: AmountsBySymbol }>,
  key: string,
  make: () => S,
): { stats: S; profit: AmountsBySymbol } {
  let entry = map.get(key);
  if (!entry) {
    entry = { stats: make(), profit: new AmountsBySymbol() };
    map.set(key, entry);
  }
  return entry;
}
