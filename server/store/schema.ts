/**
 * The store's tables. One row per run, one per event (its JSON exactly as `--json` prints it), with
 * the columns the MEV queries filter on (type, bot, kind) copied out of the event when it is written,
 * and one per control action (`audit`).
 *
 * SCHEMA_VERSION goes up whenever a table changes; a sandbox refuses a data dir written by a newer one.
 * Every statement is CREATE … IF NOT EXISTS, so running SCHEMA on an older file is its migration:
 * version 1 → 2 adds the `audit` table (the chain of control actions, server/store/auditChain.ts) and
 * the MEV totals (server/store/mevTotals.ts). Version 1 was never released with events in it, so
 * `events.latency_ms` needs no ALTER.
 */
export const SCHEMA_VERSION = 2;

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
  id         TEXT PRIMARY KEY,
  number     INTEGER NOT NULL,
  scenario   TEXT NOT NULL,
  params     TEXT NOT NULL,
  status     TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  started_at INTEGER,
  ended_at   INTEGER,
  error      TEXT
);
CREATE TABLE IF NOT EXISTS events (
  seq        INTEGER PRIMARY KEY,
  run_id     TEXT NOT NULL,
  type       TEXT NOT NULL,
  step       INTEGER NOT NULL,
  bot        TEXT,
  kind       TEXT,
  at         INTEGER NOT NULL,
  latency_ms REAL,
  body       TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_by_run ON events (run_id, seq);
CREATE INDEX IF NOT EXISTS events_by_type ON events (type, at);
CREATE INDEX IF NOT EXISTS decisions_by_bot ON events (bot, kind, type) WHERE bot IS NOT NULL;

-- Running totals of the bots' decisions and the inspector's realised profits, per run and minute,
-- so that statistics over millions of events read a few rows. Amounts are exact decimal strings.
CREATE TABLE IF NOT EXISTS mev_totals (
  run_id   TEXT NOT NULL,
  minute   INTEGER NOT NULL,
  type     TEXT NOT NULL,
  kind     TEXT NOT NULL,
  who      TEXT NOT NULL,
  symbol   TEXT NOT NULL,
  decimals INTEGER NOT NULL,
  count    INTEGER NOT NULL,
  amount   TEXT NOT NULL,
  PRIMARY KEY (run_id, minute, type, kind, who, symbol)
);
-- How long decisions took, as a histogram (buckets 2% apart), per run, minute, bot and kind.
CREATE TABLE IF NOT EXISTS latency_histogram (
  run_id TEXT NOT NULL,
  minute INTEGER NOT NULL,
  bot    TEXT NOT NULL,
  kind   TEXT NOT NULL,
  bucket INTEGER NOT NULL,
  count  INTEGER NOT NULL,
  PRIMARY KEY (run_id, minute, bot, kind, bucket)
);
CREATE TABLE IF NOT EXISTS audit (
  seq       INTEGER PRIMARY KEY,
  at        INTEGER NOT NULL,
  actor     TEXT NOT NULL,
  method    TEXT NOT NULL,
  path      TEXT NOT NULL,
  body      TEXT NOT NULL,
  status    INTEGER NOT NULL,
  signature TEXT,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
);
`;
