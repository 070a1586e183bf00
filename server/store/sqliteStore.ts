/**
 * The run store on SQLite (libsql: the libSQL team's SQLite with a synchronous, better-sqlite3-style
 * API; its binary comes from the npm registry as a prebuilt package, so `npm ci` downloads and
 * compiles nothing). Writes are batched: events wait in memory for at most FLUSH_INTERVAL_MS, then go
 * in one transaction. The journal is a write-ahead log with `synchronous = NORMAL`: a killed process
 * loses at most the batch that was waiting (a power cut may lose the last commits, never corrupt).
 *
 * Opening checks before it writes anything: a file that is not a database, or one written by a newer
 * sandbox, is refused with a StoreError and left as it is.
 */
import Database from "libsql";
import type { SandboxEvent } from "../events";
import { AuditLog } from "./audit";
import { MevQueries } from "./mevQueries";
import {
  ALL_RUNS,
  foldTotals,
  inEveryScope,
  type LatencyDelta,
  latencyDelta,
  scenarioScope,
  type TotalDelta,
  type TotalRow,
  totalDeltas,
} from "./mevTotals";
import type { DecisionPage, DecisionQuery, MevFilter, MevStats } from "./mevViews";
import { type RunRecord, type RunStore, runNumber, type StoredRunStatus } from "./records";
import { SCHEMA, SCHEMA_VERSION } from "./schema";
import { StoreError } from "./storeError";

/** How long an event may wait before it is written (the most a `kill -9` can lose). */
export const FLUSH_INTERVAL_MS = 200;
/** A batch this big is written at once, without waiting for the timer. */
const MAX_BATCH = 5_000;

type Write =
  | { kind: "event"; event: SandboxEvent; at: number; latencyMs: number | null }
  | { kind: "run"; record: RunRecord }
  | { kind: "clear"; runId: string };

interface RunRow {
  id: string;
  scenario: string;
  params: string;
  status: StoredRunStatus;
  created_at: number;
  started_at: number | null;
  ended_at: number | null;
  error: string | null;
}

export class SqliteStore implements RunStore {
  /** The chain of control actions (server/store/audit.ts), in the same database. */
  readonly audit: AuditLog;
  private readonly db: Database.Database;
  private pending: Write[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly writeBatch: (writes: Write[]) => void;
  private closed = false;
  private written = 0;
  private readonly scenarios = new Map<string, string | undefined>();
  private readonly queries: MevQueries;

  /**
   * Opens (or creates) the database at `location`, a file path or ":memory:"; `onClose` runs once it
   * is closed (the data dir's lock is released).
   */
  constructor(
    readonly location: string,
    private readonly onClose: () => void = () => {},
  ) {
    this.db = openChecked(location);
    this.audit = new AuditLog(this.db);
    const insertEvent = this.db.prepare(
      "INSERT INTO events (run_id, type, step, bot, kind, at, latency_ms, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    );
    const scenarioOf = (runId: string) => this.scenarioOf(runId);
    const writeTotals = totalsWriter(this.db, scenarioOf);
    const upsertRun = this.db.prepare(
      `INSERT INTO runs (id, number, scenario, params, status, created_at, started_at, ended_at, error)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET scenario = excluded.scenario, params = excluded.params,
         status = excluded.status, started_at = excluded.started_at, ended_at = excluded.ended_at,
         error = excluded.error`,
    );
    const clearEvents = this.db.prepare("DELETE FROM events WHERE run_id = ?");
    this.queries = new MevQueries(this.db);
    this.writeBatch = this.db.transaction((writes: Write[]) => {
      const totals: TotalDelta[] = [];
      const latencies: LatencyDelta[] = [];
      for (const write of writes) {
        if (write.kind === "event") {
          const { event, at, latencyMs } = write;
          const { bot, kind } = filterColumns(event);
          insertEvent.run(
            event.runId,
            event.type,
            event.step,
            bot,
            kind,
            at,
            latencyMs,
            JSON.stringify(event),
          );
          totals.push(...totalDeltas(event, at));
          const latency = latencyDelta(event, at, latencyMs);
          if (latency) latencies.push(latency);
        } else if (write.kind === "run") {
          const r = write.record;
          upsertRun.run(
            r.id,
            runNumber(r.id),
            r.scenario,
            JSON.stringify(r.params),
            r.status,
            r.createdAt,
            r.startedAt,
            r.endedAt,
            r.error ? JSON.stringify(r.error) : null,
          );
        } else {
          // The totals gathered so far belong before the reset.
          writeTotals.add(
            foldTotals(inEveryScope(totals.splice(0), scenarioOf)),
            inEveryScope(latencies.splice(0), scenarioOf),
          );
          clearEvents.run(write.runId);
          writeTotals.forgetRun(write.runId);
        }
      }
      writeTotals.add(foldTotals(inEveryScope(totals, scenarioOf)), inEveryScope(latencies, scenarioOf));
    });
  }

  saveRun(record: RunRecord): void {
    this.scenarios.set(record.id, record.scenario);
    this.queue({ kind: "run", record: { ...record } });
  }

  /** The scenario of a run, for the per-scenario totals (runs of earlier sessions are read once). */
  private scenarioOf(runId: string): string | undefined {
    if (!this.scenarios.has(runId)) {
      const row = this.db.prepare("SELECT scenario FROM runs WHERE id = ?").get(runId) as
        | { scenario: string }
        | undefined;
      this.scenarios.set(runId, row?.scenario);
    }
    return this.scenarios.get(runId);
  }

  appendEvent(event: SandboxEvent, latencyMs: number | null = null): void {
    this.queue({ kind: "event", event, at: Date.now(), latencyMs });
  }

  decisions(query: DecisionQuery): DecisionPage {
    this.flush();
    return this.queries.decisions(query);
  }

  mevStats(filter: MevFilter): MevStats {
    this.flush();
    return this.queries.stats(filter);
  }

  /** Changes whenever something was written: cached answers are valid while it stays the same. */
  get version(): number {
    return this.written;
  }

  clearEvents(runId: string): void {
    this.queue({ kind: "clear", runId });
  }

  runs(): RunRecord[] {
    this.flush();
    const rows = this.db.prepare("SELECT * FROM runs ORDER BY number, id").all() as RunRow[];
    return rows.map(toRecord);
  }

  run(id: string): RunRecord | undefined {
    this.flush();
    const row = this.db.prepare("SELECT * FROM runs WHERE id = ?").get(id) as RunRow | undefined;
    return row ? toRecord(row) : undefined;
  }

  eventLines(runId: string): string[] {
    this.flush();
    return this.db
      .prepare("SELECT body FROM events WHERE run_id = ? ORDER BY seq")
      .pluck()
      .all(runId) as string[];
  }

  lastRunNumber(): number {
    this.flush();
    const row = this.db.prepare("SELECT COALESCE(MAX(number), 0) AS last FROM runs").get() as {
      last: number;
    };
    return row.last;
  }

  /**
   * Marks every run left `running` by an earlier process as `interrupted` (called once, at start).
   * Returns their ids.
   */
  interruptUnfinished(): string[] {
    this.flush();
    const ids = this.db.prepare("SELECT id FROM runs WHERE status = 'running'").pluck().all() as string[];
    this.db.prepare("UPDATE runs SET status = 'interrupted' WHERE status = 'running'").run();
    return ids;
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0 || this.closed) return;
    const writes = this.pending;
    this.pending = [];
    this.writeBatch(writes);
    this.written += writes.length;
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.audit.close();
    this.db.close();
    this.onClose();
  }

  private queue(write: Write): void {
    if (this.closed) return;
    this.pending.push(write);
    if (this.pending.length >= MAX_BATCH) this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), FLUSH_INTERVAL_MS);
      this.timer.unref();
    }
  }
}

/** The columns the MEV queries filter on: the bot that decided and the kind of opportunity or MEV. */
function filterColumns(event: SandboxEvent): { bot: string | null; kind: string | null } {
  const record = event as unknown as { bot?: unknown; kind?: unknown };
  return {
    bot: typeof record.bot === "string" ? record.bot : null,
    kind: typeof record.kind === "string" ? record.kind : null,
  };
}

/**
 * Keeps the running totals: adds a batch's deltas (amounts are exact decimal strings, summed as
 * bigints), and takes a reset run's share back out of the all-runs totals.
 */
function totalsWriter(db: Database.Database, scenarioOf: (runId: string) => string | undefined) {
  const keyColumns = "run_id = ? AND minute = ? AND type = ? AND kind = ? AND who = ? AND symbol = ?";
  const readTotal = db.prepare(`SELECT count, amount FROM mev_totals WHERE ${keyColumns}`);
  const writeTotal = db.prepare("INSERT OR REPLACE INTO mev_totals VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  const addLatency = db.prepare(
    `INSERT INTO latency_histogram VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (run_id, minute, bot, kind, bucket) DO UPDATE SET count = count + excluded.count`,
  );
  const add = (totals: readonly TotalDelta[], latencies: readonly LatencyDelta[]) => {
    for (const t of totals) {
      const key = [t.runId, t.minute, t.type, t.kind, t.who, t.symbol] as const;
      const current = readTotal.get(...key) as { count: number; amount: string } | undefined;
      const count = (current?.count ?? 0) + t.count;
      const amount = BigInt(current?.amount ?? "0") + t.amount;
      writeTotal.run(...key, t.decimals, count, amount.toString());
    }
    for (const l of latencies) addLatency.run(l.runId, l.minute, l.bot, l.kind, l.bucket, l.count ?? 1);
  };
  const forgetRun = (runId: string) => {
    const scenario = scenarioOf(runId);
    const scopes = scenario === undefined ? [ALL_RUNS] : [ALL_RUNS, scenarioScope(scenario)];
    const totals = db.prepare("SELECT * FROM mev_totals WHERE run_id = ?").all(runId) as TotalRow[];
    const latencies = db
      .prepare("SELECT * FROM latency_histogram WHERE run_id = ?")
      .all(runId) as LatencyRow[];
    for (const scope of scopes) {
      add(
        totals.map((row) => ({ ...row, runId: scope, count: -row.count, amount: -BigInt(row.amount) })),
        latencies.map((row) => ({ ...row, runId: scope, count: -row.count })),
      );
    }
    db.prepare("DELETE FROM mev_totals WHERE run_id = ?").run(runId);
    db.prepare("DELETE FROM latency_histogram WHERE run_id = ?").run(runId);
  };
  return { add, forgetRun };
}

interface LatencyRow {
  minute: number;
  bot: string;
  kind: string;
  bucket: number;
  count: number;
}

function toRecord(row: RunRow): RunRecord {
  return {
    id: row.id,
    scenario: row.scenario,
    params: JSON.parse(row.params) as Record<string, unknown>,
    status: row.status,
    createdAt: row.created_at,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    error: row.error ? (JSON.parse(row.error) as RunRecord["error"]) : null,
  };
}

/** Opens the database and checks it is one this sandbox can use, before changing anything. */
function openChecked(location: string): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(location);
  } catch (error) {
    throw new StoreError(`cannot open the store ${location}: ${(error as Error).message}`, { cause: error });
  }
  try {
    const version = readSchemaVersion(db, location);
    if (version > SCHEMA_VERSION) {
      throw new StoreError(
        `the store ${location} was written by a newer sandbox (schema version ${version}; this one reads up to ${SCHEMA_VERSION}): upgrade the sandbox, or choose another --data-dir. Nothing was changed.`,
        { code: "store_too_new", details: { location, version, supported: SCHEMA_VERSION } },
      );
    }
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("busy_timeout = 2000");
    db.exec(SCHEMA);
    db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)").run(
      String(SCHEMA_VERSION),
    );
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** The schema version stored in the file (0 for a new, empty one); refuses what is not a database. */
function readSchemaVersion(db: Database.Database, location: string): number {
  try {
    const hasMeta = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get();
    if (!hasMeta) return 0;
    const row = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as
      | { value: string }
      | undefined;
    return Number(row?.value ?? 0);
  } catch (error) {
    throw new StoreError(
      `the store ${location} is not a readable database (${(error as Error).message}): move it away, or choose another --data-dir. Nothing was changed.`,
      { code: "store_corrupt", details: { location }, cause: error },
    );
  }
}
