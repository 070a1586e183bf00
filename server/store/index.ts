/**
 * Where the sandbox keeps its runs: `--data-dir D` (env SANDBOX_DATA_DIR), by default `.sandbox-data/`
 * in the project; `:memory:` keeps everything in memory only (tests, throwaway runs).
 */
import { mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { SqliteStore } from "./sqliteStore";
import { StoreError } from "./storeError";

export { AuditLog, type AuditOrder, type AuditPage, readAuditFile } from "./audit";
export * from "./auditChain";
export type { RunRecord, RunStore, StoredRunStatus } from "./records";
export { SqliteStore } from "./sqliteStore";
export { StoreError } from "./storeError";

export const MEMORY = ":memory:";
export const DEFAULT_DATA_DIR = ".sandbox-data";
/** The database file inside a data dir. */
export const STORE_FILE = "sandbox.db";
/** Holds the process id of the sandbox using a data dir. */
export const LOCK_FILE = "sandbox.lock";

/**
 * Opens the store in `dataDir`. The default folder is created when missing; a folder the user named
 * must exist and be writable (a typo should not scatter data), otherwise a StoreError says what to do.
 */
export function openStore(dataDir: string | undefined, projectRoot: string): SqliteStore {
  if (dataDir === MEMORY) return new SqliteStore(MEMORY);
  const dir = resolve(projectRoot, dataDir ?? DEFAULT_DATA_DIR);
  if (dataDir === undefined) mkdirSync(dir, { recursive: true });
  checkDirectory(dir);
  const release = takeLock(dir);
  try {
    return new SqliteStore(join(dir, STORE_FILE), release);
  } catch (error) {
    release();
    throw error;
  }
}

/**
 * One sandbox per data dir: a second one would mark the first one's running run as interrupted. A
 * lock left by a process that is gone (a crash, a kill -9) is taken over.
 */
function takeLock(dir: string): () => void {
  const file = join(dir, LOCK_FILE);
  const holder = lockHolder(file);
  if (holder !== undefined && holder !== process.pid && isAlive(holder)) {
    throw new StoreError(
      `the data dir ${dir} is in use by another sandbox (process ${holder}): stop it, or choose another --data-dir`,
      { code: "data_dir_in_use", details: { dataDir: dir, pid: holder } },
    );
  }
  writeFileSync(file, String(process.pid));
  return () => {
    if (lockHolder(file) === process.pid) unlinkSync(file);
  };
}

function lockHolder(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, "utf8").trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function checkDirectory(dir: string): void {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(dir).isDirectory();
  } catch {
    throw new StoreError(
      `the data dir ${dir} does not exist: create it, or leave out --data-dir to use ${DEFAULT_DATA_DIR}/ (or :memory: to keep nothing)`,
      { code: "data_dir_missing", details: { dataDir: dir } },
    );
  }
  if (!isDirectory) {
    throw new StoreError(`the data dir ${dir} is a file, not a folder: name a folder for --data-dir`, {
      code: "data_dir_not_a_folder",
      details: { dataDir: dir },
    });
  }
  // Write a file rather than ask access(): root passes that check on folders it still cannot write.
  const probe = join(dir, ".sandbox-write-check");
  try {
    writeFileSync(probe, "");
    unlinkSync(probe);
  } catch {
    throw new StoreError(
      `the data dir ${dir} is not writable: choose a folder you can write to for --data-dir`,
      {
        code: "data_dir_unwritable",
        details: { dataDir: dir },
      },
    );
  }
}
