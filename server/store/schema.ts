/**
 * The store's tables. One row per run, one per event (its JSON exactly as `--json` prints it), with
 * the columns the MEV queries filter on (type, bot, kind) copied out of the event when it is written,
 * and one per control action (`audit`).
 *
 * SCHEMA_VERSION goes up whenever a table changes; a sandbox refuses a data dir written by a newer one.
 * Every statement is CREATE … IF NOT EXISTS, so running SCHEMA on an older file is its migration:
 * version 1 → 2 adds the `audit` table (the chain of control actions, server/store/auditChain.ts).
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
  seq    INTEGER PRIMARY KEY,
  run_id TEXT NOT NULL,
  type   TEXT NOT NULL,
  step   INTEGER NOT NULL,
  bot    TEXT,
  kind   TEXT,
  at     INTEGER NOT NULL,
  body   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_by_run ON events (run_id, seq);
CREATE INDEX IF NOT EXISTS events_by_type ON events (type, at);
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
