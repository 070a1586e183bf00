/**
 * The store benchmark: how fast the writer takes events, what recording costs a scenario run (an
 * on-disk store against :memory:), and GET /api/mev/stats over a store of 1,000,000 events.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { hardhatChain } from "../../server/chain/hardhat";
import { CleanWorld } from "../../server/engine/cleanWorld";
import type { SandboxEvent } from "../../server/events";
import { createRun } from "../../server/runs/create";
import { startSandbox } from "../../server/sandbox";
import { MEMORY, SqliteStore } from "../../server/store";

export interface StoreResult {
  writerEventsPerSecond: number;
  runMsOnDisk: number;
  runMsInMemory: number;
  storedEvents: number;
  statsMs: number[];
  filteredStatsMs: number[];
}

const WRITER_EVENTS = 200_000;
const BIG_STORE_EVENTS = 1_000_000;
const RUNS = 5;
const STATS_REQUESTS = 200;
const SCENARIO = "sandwich";

export async function benchStore(
  hre: HardhatRuntimeEnvironment,
  log: (line: string) => void,
): Promise<StoreResult> {
  const dir = mkdtempSync(join(tmpdir(), "bench-store-"));
  try {
    const clean = await CleanWorld.create(hardhatChain(hre));
    const sample = await playRecorded(clean, new SqliteStore(MEMORY));
    log(`  store: the writer takes ${WRITER_EVENTS.toLocaleString("en-US")} events…`);
    const writerEventsPerSecond = writerThroughput(new SqliteStore(join(dir, "writer.db")), sample.events);
    log(`  store: ${SCENARIO} ${RUNS}× recorded on disk, ${RUNS}× in memory…`);
    const { onDisk: runMsOnDisk, inMemory: runMsInMemory } = await meanRunMs(clean, dir);
    log(`  store: filling a store with ${BIG_STORE_EVENTS.toLocaleString("en-US")} events…`);
    const big = join(dir, "big.db");
    fillStore(new SqliteStore(big), sample.events, BIG_STORE_EVENTS);
    const store = new SqliteStore(big);
    const sandbox = await startSandbox(hre, {
      host: "127.0.0.1",
      rpcPort: 0,
      httpPort: 0,
      blockTime: 0,
      store,
    });
    try {
      const statsMs = await timedGets(`${sandbox.http.url}/api/mev/stats`);
      const filteredStatsMs = await timedGets(
        `${sandbox.http.url}/api/mev/stats?scenario=${SCENARIO}&kind=sandwich&since=${Date.now() - 3_600_000}`,
      );
      return {
        writerEventsPerSecond,
        runMsOnDisk,
        runMsInMemory,
        storedEvents: BIG_STORE_EVENTS,
        statsMs,
        filteredStatsMs,
      };
    } finally {
      await sandbox.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Plays the scenario once with every event going to `store`; returns the events and the wall time. */
async function playRecorded(
  clean: CleanWorld,
  store: SqliteStore,
): Promise<{ events: SandboxEvent[]; ms: number }> {
  const stop = clean.bus.on((event) => store.appendEvent(event));
  const run = createRun(clean, SCENARIO, {}, "bench");
  const start = performance.now();
  await run.play();
  store.flush();
  const ms = performance.now() - start;
  stop();
  run.dispose();
  store.close();
  return { events: run.events, ms };
}

/** Mean wall time of a run recorded on disk and in memory, taken in turns so that both see the same machine. */
async function meanRunMs(clean: CleanWorld, dir: string): Promise<{ onDisk: number; inMemory: number }> {
  await playRecorded(clean, new SqliteStore(MEMORY)); // warms the JIT up
  let onDisk = 0;
  let inMemory = 0;
  for (let i = 0; i < RUNS; i++) {
    onDisk += (await playRecorded(clean, new SqliteStore(join(dir, `run-${i}.db`)))).ms;
    inMemory += (await playRecorded(clean, new SqliteStore(MEMORY))).ms;
  }
  return { onDisk: onDisk / RUNS, inMemory: inMemory / RUNS };
}

/** Events per second through appendEvent and the batched writes, to the last flush. */
function writerThroughput(store: SqliteStore, sample: readonly SandboxEvent[]): number {
  const start = performance.now();
  for (let i = 0; i < WRITER_EVENTS; i++) {
    const event = sample[i % sample.length]!;
    store.appendEvent({ ...event, runId: `run-${Math.floor(i / sample.length)}` }, 1);
  }
  store.flush();
  const seconds = (performance.now() - start) / 1_000;
  store.close();
  return WRITER_EVENTS / seconds;
}

/** `count` events: the sample over and over, as runs of the scenario spread over the last hours. */
function fillStore(store: SqliteStore, sample: readonly SandboxEvent[], count: number): void {
  const runs = Math.ceil(count / sample.length);
  for (let r = 0; r < runs; r++) {
    const runId = `run-${r + 1}`;
    store.saveRun({
      id: runId,
      scenario: SCENARIO,
      params: {},
      status: "finished",
      createdAt: 0,
      startedAt: 0,
      endedAt: 0,
      error: null,
    });
    for (const event of sample.slice(0, Math.min(sample.length, count - r * sample.length)))
      store.appendEvent({ ...event, runId }, 1 + (r % 17));
  }
  store.close();
}

async function timedGets(url: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < STATS_REQUESTS + 10; i++) {
    const start = performance.now();
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
    await response.json();
    if (i >= 10) times.push(performance.now() - start);
  }
  return times;
}
