/**
 * The audit chain in the store: the canonical encoding, the chain's links, the verifier's diagnoses,
 * the version-1 → 2 migration that adds the table, and the read-only reader beside a writing store.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "libsql";
import { afterEach, describe, expect, it } from "vitest";
import {
  type AuditAction,
  type AuditEntry,
  canonicalJson,
  entryHash,
  GENESIS_HASH,
  MEMORY,
  openStore,
  readAuditFile,
  redactSecrets,
  STORE_FILE,
  verifyChain,
} from "../server/store";
import { SCHEMA_VERSION } from "../server/store/schema";

const ROOT = join(__dirname, "..");
const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "sandbox-audit-"));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function action(path: string, at = 1_000): AuditAction {
  return {
    actor: { role: "instructor" },
    method: "POST",
    path,
    body: { speed: 2 },
    status: 200,
    signature: null,
    at,
  };
}

describe("the canonical encoding", () => {
  it("sorts keys at every depth, drops undefined, writes bigints as decimal strings, no whitespace", () => {
    expect(canonicalJson({ b: 1, a: { d: [3n, undefined], c: "x" }, e: undefined, f: null })).toBe(
      '{"a":{"c":"x","d":["3",null]},"b":1,"f":null}',
    );
  });

  it("an entry's hash is the SHA-256 of that encoding, whatever the order its fields were built in", () => {
    const entry = { ...action("/api/live/mine"), seq: 1, prevHash: GENESIS_HASH };
    const reordered = Object.fromEntries(Object.entries(entry).reverse()) as typeof entry;
    expect(entryHash(reordered)).toBe(entryHash(entry));
    expect(entryHash(entry)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("redacts secrets in bodies at any depth", () => {
    expect(redactSecrets({ name: "ada", code: "K7QX2M", nested: [{ token: "t" }] })).toEqual({
      name: "ada",
      code: "[redacted]",
      nested: [{ token: "[redacted]" }],
    });
  });
});

describe("the chain in the store", () => {
  it("links each entry to the one before, pages newest or oldest first, and verifies", () => {
    const store = openStore(MEMORY, ROOT);
    const first = store.audit.append(action("/api/runs", 1))!;
    const second = store.audit.append(action("/api/runs/run-1/step", 2))!;
    store.audit.append(action("/api/runs/run-1/play", 3));
    expect(first).toMatchObject({ seq: 1, prevHash: GENESIS_HASH });
    expect(second.prevHash).toBe(first.hash);
    const newest = store.audit.page(0, 2);
    expect(newest).toMatchObject({ total: 3, order: "newest", head: { seq: 3 } });
    expect(newest.entries.map((e) => e.seq)).toEqual([3, 2]);
    expect(store.audit.page(1, 5, "oldest").entries.map((e) => e.seq)).toEqual([2, 3]);
    expect(store.audit.verify()).toMatchObject({ ok: true, count: 3 });
    store.close();
  });

  it("names the first broken link: an edit, a gap, a reordering", () => {
    const store = openStore(MEMORY, ROOT);
    for (let i = 1; i <= 4; i++) store.audit.append(action(`/api/runs/run-${i}/step`, i));
    const entries = store.audit.page(0, 10, "oldest").entries as AuditEntry[];
    store.close();
    const edited = entries.map((e) => (e.seq === 2 ? { ...e, status: 500 } : e));
    expect(verifyChain(edited)).toMatchObject({ ok: false, seq: 2, problem: "hash-mismatch" });
    const gap = entries.filter((e) => e.seq !== 3);
    expect(verifyChain(gap)).toMatchObject({ ok: false, seq: 3, problem: "gap" });
    const renumbered = gap.map((e) => (e.seq === 4 ? { ...e, seq: 3 } : e));
    expect(verifyChain(renumbered)).toMatchObject({ ok: false, seq: 3, problem: "previous-hash-mismatch" });
    expect(verifyChain([{ seq: 1, unreadable: "bad JSON" }])).toMatchObject({
      seq: 1,
      problem: "unreadable",
    });
  });
});

describe("the database file", () => {
  it("a version-1 store opens: the audit table is added and the version becomes 2", () => {
    const dir = tempDir();
    const file = join(dir, STORE_FILE);
    const v1 = new Database(file);
    v1.exec("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
    v1.exec(`CREATE TABLE runs (id TEXT PRIMARY KEY, number INTEGER NOT NULL, scenario TEXT NOT NULL,
      params TEXT NOT NULL, status TEXT NOT NULL, created_at INTEGER NOT NULL, started_at INTEGER,
      ended_at INTEGER, error TEXT)`);
    v1.prepare("INSERT INTO runs VALUES ('run-1', 1, 'sandwich', '{}', 'finished', 1, 1, 2, NULL)").run();
    v1.prepare("INSERT INTO meta VALUES ('schema_version', '1')").run();
    v1.close();

    expect(SCHEMA_VERSION).toBe(2);
    const store = openStore(dir, ROOT);
    expect(store.runs().map((r) => r.id)).toEqual(["run-1"]);
    store.audit.append(action("/api/live/mine"));
    store.flush();
    // Read while the store is open, without its lock, read-only.
    expect(readAuditFile(file).map((e) => e.seq)).toEqual([1]);
    store.close();
    const reader = new Database(file);
    expect(reader.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get()).toMatchObject({
      value: "2",
    });
    reader.close();
  });

  it("the reader refuses to write", () => {
    const dir = tempDir();
    openStore(dir, ROOT).close();
    expect(readAuditFile(join(dir, STORE_FILE))).toEqual([]);
    expect(() => readAuditFile(join(dir, "missing.db"))).toThrow();
  });
});
