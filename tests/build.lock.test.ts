/**
 * The build lock (one builder per checkout, stale locks recovered) and the page's swap (a reader
 * through web/dist never finds it missing).
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isAlive, type LockHolder, withLock } from "../scripts/lib/build/lock";
import { linkTarget, repointLink } from "../scripts/lib/build/swap";

let root: string;
let lock: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "build-lock-"));
  lock = join(root, ".build", "build.lock");
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function holdLockFile(holder: LockHolder): void {
  mkdirSync(join(root, ".build"), { recursive: true });
  writeFileSync(lock, JSON.stringify(holder));
}

/** The pid of a process that has exited. */
function deadPid(): number {
  const { pid } = spawnSync(process.execPath, ["-e", ""]);
  expect(isAlive(pid!)).toBe(false);
  return pid!;
}

describe("the build lock", () => {
  it("lets one task in at a time and writes the holder's pid", async () => {
    const events: string[] = [];
    const task = (name: string) => async () => {
      events.push(`${name} in`);
      expect((JSON.parse(readFileSync(lock, "utf8")) as LockHolder).pid).toBe(process.pid);
      await sleep(100);
      events.push(`${name} out`);
    };
    await Promise.all([withLock(lock, task("a"), { pollMs: 10 }), withLock(lock, task("b"), { pollMs: 10 })]);
    expect(events).toEqual(["a in", "a out", "b in", "b out"]);
    expect(existsSync(lock)).toBe(false);
  });

  it("waits for a live holder, saying once whom it waits for", async () => {
    const holder = { pid: process.pid, host: hostname(), since: Date.now() };
    holdLockFile(holder);
    const waits: (LockHolder | undefined)[] = [];
    let ran = false;
    const waiting = withLock(
      lock,
      async () => {
        ran = true;
      },
      { pollMs: 10, onWait: (seen) => waits.push(seen) },
    );
    await sleep(200);
    expect(ran).toBe(false);
    rmSync(lock);
    await waiting;
    expect(ran).toBe(true);
    expect(waits).toEqual([holder]);
  });

  it("takes over a lock whose holder died, without waiting", async () => {
    holdLockFile({ pid: deadPid(), host: hostname(), since: Date.now() });
    const waits: unknown[] = [];
    await withLock(lock, async () => {}, { pollMs: 10, onWait: (seen) => waits.push(seen) });
    expect(waits).toEqual([]);
  });

  it("takes over a lock older than any build, whoever holds it", async () => {
    holdLockFile({ pid: process.pid, host: "another-machine", since: Date.now() - 60 * 60_000 });
    await withLock(lock, async () => {}, { pollMs: 10 });
    expect(existsSync(lock)).toBe(false);
  });

  it("releases the lock when the task throws", async () => {
    await expect(withLock(lock, async () => Promise.reject(new Error("build failed")))).rejects.toThrow(
      "build failed",
    );
    expect(existsSync(lock)).toBe(false);
  });
});

describe("the page's swap", () => {
  it("replaces a web/dist folder from before the link, then moves the link", () => {
    for (const folder of ["dist", ".dist-a", ".dist-b"]) {
      mkdirSync(join(root, "web", folder), { recursive: true });
      writeFileSync(join(root, "web", folder, "index.html"), folder);
    }
    const aside = join(root, "web", ".dist-tmp-old");
    repointLink(join(root, "web", "dist"), ".dist-a", aside);
    expect(linkTarget(join(root, "web", "dist"))).toBe(".dist-a");
    expect(readFileSync(join(root, "web", "dist", "index.html"), "utf8")).toBe(".dist-a");
    repointLink(join(root, "web", "dist"), ".dist-b", aside);
    expect(readFileSync(join(root, "web", "dist", "index.html"), "utf8")).toBe(".dist-b");
    expect(existsSync(join(root, "web", ".dist-a", "index.html"))).toBe(true);
    expect(existsSync(aside)).toBe(false);
  });

  it("never leaves a reader of web/dist/index.html without a page while builds are swapped in", async () => {
    for (const folder of [".dist-a", ".dist-b"]) {
      mkdirSync(join(root, "web", folder), { recursive: true });
      writeFileSync(join(root, "web", folder, "index.html"), folder);
    }
    const link = join(root, "web", "dist");
    const aside = join(root, "web", ".dist-tmp-old");
    repointLink(link, ".dist-a", aside);
    // Another process reads the page as the server does, as often as it can, for a second.
    const reader = spawn(process.execPath, [
      "-e",
      `const fs = require("fs"); let read = 0, missed = 0; const end = Date.now() + 1000;
       while (Date.now() < end) { try { fs.readFileSync(process.argv[1]); read++; } catch { missed++; } }
       console.log(JSON.stringify({ read, missed }));`,
      join(link, "index.html"),
    ]);
    let stdout = "";
    reader.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    const exited = new Promise((resolve) => reader.on("exit", resolve));
    let swaps = 0;
    while (reader.exitCode === null && swaps < 100_000) {
      repointLink(link, swaps % 2 === 0 ? ".dist-b" : ".dist-a", aside);
      swaps++;
      if (swaps % 50 === 0) await sleep(0); // lets the reader's output in
    }
    await exited;
    const { read, missed } = JSON.parse(stdout) as { read: number; missed: number };
    expect(swaps).toBeGreaterThan(100);
    expect(read).toBeGreaterThan(100);
    expect(missed).toBe(0);
  });
});
