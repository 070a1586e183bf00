/** What the store keeps of a run, and the interface the controls write and read through. */
import type { SandboxEvent } from "../events";
import type { AuditLog } from "./audit";
import type { DecisionPage, DecisionQuery, MevFilter, MevStats } from "./mevViews";

/** A run's status; `interrupted` is a run the sandbox stopped in the middle of (a crash, a kill). */
export type StoredRunStatus = "ready" | "running" | "finished" | "failed" | "interrupted";

export interface RunRecord {
  id: string;
  scenario: string;
  /** The parameters as given (JSON-safe). */
  params: Record<string, unknown>;
  status: StoredRunStatus;
  /** Wall-clock times in ms since the epoch (never part of the events, which stay deterministic). */
  createdAt: number;
  startedAt: number | null;
  endedAt: number | null;
  error: { name: string; message: string } | null;
}

export interface RunStore {
  /** Where the data lives: a file path, or ":memory:". */
  readonly location: string;
  /** The chain of control actions: who did what, each entry hashed with the one before. */
  readonly audit: AuditLog;
  /** Inserts or updates a run. */
  saveRun(record: RunRecord): void;
  /**
   * Appends an event (any run, or the live chain); written with the next batch. A bot's decision
   * comes with how long it took (wall-clock, kept beside the event, never in it).
   */
  appendEvent(event: SandboxEvent, latencyMs?: number | null): void;
  /** A page of the bots' decisions, newest first, filtered. */
  decisions(query: DecisionQuery): DecisionPage;
  /** The decisions' and the inspector's totals, filtered. */
  mevStats(filter: MevFilter): MevStats;
  /** Changes whenever something was written. */
  readonly version: number;
  /** Forgets a run's events (the run was reset and starts again under the same id). */
  clearEvents(runId: string): void;
  runs(): RunRecord[];
  run(id: string): RunRecord | undefined;
  /** A run's events in the order they happened, each exactly as `--json` prints it. */
  eventLines(runId: string): string[];
  /** The highest run number stored (run-7 → 7), so new runs do not reuse an id. */
  lastRunNumber(): number;
  /** Marks the runs an earlier process left `running` as `interrupted`; returns their ids. */
  interruptUnfinished(): string[];
  /** Writes whatever is waiting now. */
  flush(): void;
  close(): void;
}

/** The number in a run id ("run-12" → 12), or 0. */
export function runNumber(id: string): number {
  const match = /^run-(\d+)$/.exec(id);
  return match ? Number(match[1]) : 0;
}
