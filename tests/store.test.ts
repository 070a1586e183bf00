/**
 * The run store: what it keeps, and how it refuses a data dir it cannot use without changing anything.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "libsql";
import { afterEach, describe, expect, it } from "vitest";
import type { SandboxEvent } from "../server/events";
import { LOCK_FILE, MEMORY, openStore, type RunRecord, STORE_FILE, StoreError } from "../server/store";
import { SCHEMA_VERSION } from "../server/store/schema";

const ROOT = join(__dirname, "..");
const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "sandbox-store-"));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function record(id: string, status: RunRecord["status"]): RunRecord {
  return {
    id,
    scenario: "sandwich",
    params: { slippage: 2 },
    status,
    createdAt: 1,
    startedAt: null,
    endedAt: null,
    error: null,
  };
}

function event(runId: string, type: "run:started" | "step:started", step = -1): SandboxEvent {
  return (type === "run:started"
    ? { type, runId, step, scenario: "sandwich", params: {}, seed: 1 }
    : { type, runId, step, index: step, title: "a step" }) as unknown as SandboxEvent;
}

function refusal(action: () => unknown): StoreError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(StoreError);
    return error as StoreError;
  }
  throw new Error("expected a StoreError");
}

describe("the run store", () => {
  it("keeps runs and their events in order, and reads them back after it is opened again", () => {
    const dir = tempDir();
    const store = openStore(dir, ROOT);
    store.saveRun(record("run-1", "ready"));
    store.appendEvent(event("run-1", "run:started"));
    store.appendEvent(event("run-1", "step:started", 0));
    store.appendEvent(event("live", "step:started", 0));
    store.saveRun({ ...record("run-1", "finished"), endedAt: 5 });
    store.saveRun(record("run-2", "running"));
    store.close();

    const again = openStore(dir, ROOT);
    expect(again.runs().map((r) => [r.id, r.status])).toEqual([
      ["run-1", "finished"],
      ["run-2", "running"],
    ]);
    expect(again.interruptUnfinished()).toEqual(["run-2"]);
    expect(again.run("run-2")?.status).toBe("interrupted");
    expect(again.run("run-1")).toMatchObject({ params: { slippage: 2 }, endedAt: 5 });
    expect(again.eventLines("run-1").map((line) => JSON.parse(line).type)).toEqual([
      "run:started",
      "step:started",
    ]);
    expect(again.eventLines("run-1")[0]).toBe(JSON.stringify(event("run-1", "run:started")));
    expect(again.lastRunNumber()).toBe(2);
    again.clearEvents("run-1");
    expect(again.eventLines("run-1")).toEqual([]);
    again.close();
  });

  it("writes a waiting batch within its interval, without being asked", async () => {
    const dir = tempDir();
    const store = openStore(dir, ROOT);
    store.saveRun(record("run-1", "running"));
    store.appendEvent(event("run-1", "run:started"));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const reader = new Database(join(dir, STORE_FILE), { readonly: true });
    expect(reader.prepare("SELECT COUNT(*) AS n FROM events").get()).toMatchObject({ n: 1 });
    reader.close();
    store.close();
  });

  it(":memory: keeps nothing on disk", () => {
    const store = openStore(MEMORY, ROOT);
    store.saveRun(record("run-1", "ready"));
    expect(store.location).toBe(":memory:");
    expect(store.runs()).toHaveLength(1);
    store.close();
  });
});

describe("a data dir the store cannot use", () => {
  it("a missing folder the user named: names it and what to do, creates nothing", () => {
    const missing = join(tempDir(), "no-such-folder");
    const error = refusal(() => openStore(missing, ROOT));
    expect(error.code).toBe("data_dir_missing");
    expect(error.message).toContain(`the data dir ${missing} does not exist`);
    expect(() => readFileSync(missing)).toThrow(/ENOENT/);
  });

  it("a file instead of a folder, and a folder nobody may write to", () => {
    const file = join(tempDir(), "a-file");
    writeFileSync(file, "x");
    expect(refusal(() => openStore(file, ROOT)).code).toBe("data_dir_not_a_folder");
    // procfs refuses new files even to root, which access() would let through.
    const error = refusal(() => openStore("/proc", ROOT));
    expect(error.code).toBe("data_dir_unwritable");
    expect(error.message).toContain("is not writable");
  });

  it("a corrupt database file: refused, and left byte for byte as it was", () => {
    const dir = tempDir();
    const garbage = Buffer.from(
      "this is not a database, but it is long enough to look like a header…".repeat(20),
    );
    writeFileSync(join(dir, STORE_FILE), garbage);
    const error = refusal(() => openStore(dir, ROOT));
    expect(error.code).toBe("store_corrupt");
    expect(error.message).toContain("is not a readable database");
    expect(readFileSync(join(dir, STORE_FILE)).equals(garbage)).toBe(true);
  });

  it("a store written by a newer sandbox: refused with both versions, nothing changed", () => {
    const dir = tempDir();
    const file = join(dir, STORE_FILE);
    const newer = new Database(file);
    newer.exec("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
    newer.prepare("INSERT INTO meta VALUES ('schema_version', ?)").run(String(SCHEMA_VERSION + 1));
    newer.close();
    const before = readFileSync(file);
    const error = refusal(() => openStore(dir, ROOT));
    expect(error.code).toBe("store_too_new");
    expect(error.message).toContain(
      `schema version ${SCHEMA_VERSION + 1}; this one reads up to ${SCHEMA_VERSION}`,
    );
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it("a data dir another living sandbox holds; a lock left by a dead one is taken over", () => {
    const dir = tempDir();
    writeFileSync(join(dir, LOCK_FILE), String(process.ppid));
    const error = refusal(() => openStore(dir, ROOT));
    expect(error.code).toBe("data_dir_in_use");
    writeFileSync(join(dir, LOCK_FILE), "999999999");
    const store = openStore(dir, ROOT);
    expect(readFileSync(join(dir, LOCK_FILE), "utf8")).toBe(String(process.pid));
    store.close();
    expect(() => readFileSync(join(dir, LOCK_FILE))).toThrow(/ENOENT/);
  });
});
