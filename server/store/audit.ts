/**
 * The audit chain in the store's database: the `audit` table, one row per control action, appended
 * at once (not batched: an action is rare, and its entry must follow the one before it). Also the
 * read-only view `npm run audit -- verify` uses while a sandbox holds the data dir.
 */
import { pathToFileURL } from "node:url";
import Database from "libsql";
import {
  type AuditAction,
  type AuditEntry,
  canonicalJson,
  chainEntry,
  type StoredEntry,
  type VerifyResult,
  verifyChain,
} from "./auditChain";

/** `newest` first (the default of GET /api/audit) or `oldest` first. */
export type AuditOrder = "newest" | "oldest";

export interface AuditPage {
  /** Entries in the chain. */
  total: number;
  offset: number;
  limit: number;
  order: AuditOrder;
  /** The latest entry's number and hash: note it elsewhere to notice a rewritten tail later. */
  head: { seq: number; hash: string } | null;
  entries: StoredEntry[];
}

interface AuditRow {
  seq: number;
  at: number;
  actor: string;
  method: string;
  path: string;
  body: string;
  status: number;
  signature: string | null;
  prev_hash: string;
  hash: string;
}

export class AuditLog {
  private last: { seq: number; hash: string } | undefined;
  private readonly insert: Database.Statement;
  private closed = false;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare(
      `INSERT INTO audit (seq, at, actor, method, path, body, status, signature, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const last = db.prepare("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").get() as
      | { seq: number; hash: string }
      | undefined;
    this.last = last && { seq: last.seq, hash: last.hash };
  }

  /** Appends an action to the chain and returns its entry (undefined once the store is closed). */
  append(action: AuditAction): AuditEntry | undefined {
    if (this.closed) return undefined;
    const entry = chainEntry(this.last, action);
    this.insert.run(
      entry.seq,
      entry.at,
      canonicalJson(entry.actor),
      entry.method,
      entry.path,
      canonicalJson(entry.body ?? null),
      entry.status,
      entry.signature ? canonicalJson(entry.signature) : null,
      entry.prevHash,
      entry.hash,
    );
    this.last = { seq: entry.seq, hash: entry.hash };
    return entry;
  }

  page(offset: number, limit: number, order: AuditOrder = "newest"): AuditPage {
    const direction = order === "newest" ? "DESC" : "ASC";
    const rows = this.db
      .prepare(`SELECT * FROM audit ORDER BY seq ${direction} LIMIT ? OFFSET ?`)
      .all(limit, offset) as AuditRow[];
    const total = (this.db.prepare("SELECT COUNT(*) AS n FROM audit").get() as { n: number }).n;
    return { total, offset, limit, order, head: this.last ?? null, entries: rows.map(fromRow) };
  }

  /** Verifies the whole chain as stored. */
  verify(): VerifyResult {
    return verifyChain(readEntries(this.db));
  }

  close(): void {
    this.closed = true;
  }
}

/**
 * Every entry of the database at `file`, opened read-only (a running sandbox may hold it; the data
 * dir's lock is not taken). libsql ignores better-sqlite3's `readonly` option: SQLite's URI
 * `mode=ro` is what makes the connection read-only (and refuses a missing file instead of creating it).
 */
export function readAuditFile(file: string): StoredEntry[] {
  const db = new Database(`${pathToFileURL(file).href}?mode=ro`);
  try {
    const hasAudit = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit'").get();
    return hasAudit ? readEntries(db) : [];
  } finally {
    db.close();
  }
}

function readEntries(db: Database.Database): StoredEntry[] {
  return (db.prepare("SELECT * FROM audit ORDER BY seq").all() as AuditRow[]).map(fromRow);
}

/** A row as an entry; a row whose JSON was mangled becomes `{ seq, unreadable }`. */
function fromRow(row: AuditRow): StoredEntry {
  try {
    return {
      seq: row.seq,
      at: row.at,
      actor: JSON.parse(row.actor),
      method: row.method,
      path: row.path,
      body: JSON.parse(row.body),
      status: row.status,
      signature: row.signature === null ? null : JSON.parse(row.signature),
      prevHash: row.prev_hash,
      hash: row.hash,
    };
  } catch (error) {
    return { seq: row.seq, unreadable: (error as Error).message };
  }
}
