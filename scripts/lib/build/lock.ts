/**
 * A lock file that every process of one checkout takes before building: it holds the holder's pid,
 * host and start time. A waiter says once whom it waits for. A lock whose holder died (same host,
 * no such process), or that is older than any build, is stale: one waiter at a time removes it
 * and the waiters race again for a fresh one.
 */
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { dirname } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

export interface LockHolder {
  pid: number;
  host: string;
  /** ms since the epoch */
  since: number;
}

export interface LockOptions {
  /** Called once, when the lock is held by someone else (undefined: a holder still writing its name). */
  onWait?: (holder: LockHolder | undefined) => void;
  pollMs?: number;
  /** A lock older than this is stale whoever holds it (a reused pid, another host). */
  maxAgeMs?: number;
}

/** No build takes half an hour, even a cold one on a busy machine. */
const MAX_AGE_MS = 30 * 60_000;
/** Writing a holder's name, or removing a stale lock, takes microseconds: older than this, its writer died. */
const UNFINISHED_MS = 10_000;

/** Runs `task` holding the lock at `path`; releases it after, whether `task` succeeds or throws. */
export async function withLock<T>(
  path: string,
  task: () => Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  const release = await acquire(path, options);
  try {
    return await task();
  } finally {
    release();
  }
}

async function acquire(path: string, options: LockOptions): Promise<() => void> {
  mkdirSync(dirname(path), { recursive: true });
  const mine = JSON.stringify({ pid: process.pid, host: hostname(), since: Date.now() } satisfies LockHolder);
  let announced = false;
  for (;;) {
    if (tryCreate(path, mine)) return () => releaseIfMine(path, mine);
    const held = readText(path);
    if (held === undefined) continue; // released in between: try again at once
    const holder = parseHolder(held);
    const stale = isStale(path, holder, options.maxAgeMs ?? MAX_AGE_MS);
    if (stale && removeStale(path, held)) continue;
    if (!stale && !announced) {
      options.onWait?.(holder);
      announced = true;
    }
    await sleep(options.pollMs ?? 150);
  }
}

/** Creates the lock file only if there is none (O_EXCL): of two processes, one wins. */
function tryCreate(path: string, contents: string): boolean {
  try {
    writeFileSync(path, contents, { flag: "wx" });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

function releaseIfMine(path: string, mine: string): void {
  if (readText(path) === mine) rmSync(path, { force: true });
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const holder = JSON.parse(text) as Partial<LockHolder>;
    if (typeof holder.pid === "number" && typeof holder.host === "string" && typeof holder.since === "number")
      return holder as LockHolder;
  } catch {
    // being written, or not ours
  }
  return undefined;
}

/** Whether a process with this pid exists on this machine (EPERM: it does, under another user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function isStale(path: string, holder: LockHolder | undefined, maxAgeMs: number): boolean {
  if (holder === undefined) return ageMs(path) > UNFINISHED_MS;
  if (Date.now() - holder.since > maxAgeMs) return true;
  return holder.host === hostname() && !isAlive(holder.pid);
}

/**
 * Removes the lock if it still holds `seen`; false when another waiter is at it. Breakers take
 * turns through a second lock file, so none removes a fresh lock another has just created.
 */
function removeStale(path: string, seen: string): boolean {
  const guard = `${path}.break`;
  if (!tryCreate(guard, String(process.pid))) {
    if (ageMs(guard) > UNFINISHED_MS) rmSync(guard, { force: true }); // its breaker died
    return false;
  }
  try {
    if (readText(path) === seen) rmSync(path, { force: true });
    return true;
  } finally {
    rmSync(guard, { force: true });
  }
}
