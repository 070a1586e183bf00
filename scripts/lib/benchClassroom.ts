/**
 * The classroom under load (loopback, bounded): a sandwich run played at speed 100 on a quiet
 * server, then again while one process floods GET /api/world over 100 connections and another sends
 * run:join from 50 sockets as fast as the limits allow, for 20 s. Figures: the run's wall time beside
 * the quiet one, the server's peak RSS, and GET /api/health's latency during the flood.
 */
import { performance } from "node:perf_hooks";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { startSandbox } from "../../server/sandbox";
import { child, sleep } from "./benchChild";

export interface ClassroomResult {
  quietRunMs: number[];
  floodedRunMs: number[];
  peakRssBytes: number;
  healthMs: number[];
  world: { requests: number; non2xx: number; errors: number };
  joins: { served: number; refused: number };
}

const FLOOD_SECONDS = 20;

export async function benchClassroom(hre: HardhatRuntimeEnvironment): Promise<ClassroomResult> {
  const sandbox = await startSandbox(hre, {
    host: "127.0.0.1",
    rpcPort: 0,
    httpPort: 0,
    blockTime: 0,
    classroom: true,
    // The instructor's own controls are not what is measured: let them through.
    rateLimit: { windowMs: 60_000, limit: 1_000_000 },
  });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);
  const playSandwich = async () => {
    const { runs } = sandbox.control;
    const { id } = runs.create("sandwich", {});
    const start = performance.now();
    runs.play(id, 100);
    const view = await runs.settled(id);
    const elapsed = performance.now() - start;
    if (view.status !== "finished") throw new Error(`classroom bench: the sandwich run ended ${view.status}`);
    await runs.reset(id);
    return elapsed;
  };
  try {
    const quietRunMs: number[] = [];
    for (let i = 0; i < 4; i++) quietRunMs.push(await playSandwich());
    const url = sandbox.http.url;
    const only = process.env.BENCH_FLOOD_ONLY; // experiments: "world" or "joins"
    const world = child("benchFlood.ts", [
      "world",
      url,
      only === "joins" ? "1" : "100",
      String(FLOOD_SECONDS),
    ]);
    const joins = child("benchFlood.ts", [
      "joins",
      url,
      only === "world" ? "1" : "50",
      String(FLOOD_SECONDS),
    ]);
    const health = child("benchFlood.ts", ["health", url, String(FLOOD_SECONDS - 2)]);
    await sleep(2_000); // the flood reaches full speed
    const floodedRunMs: number[] = [];
    const end = Date.now() + (FLOOD_SECONDS - 4) * 1000;
    while (Date.now() < end) floodedRunMs.push(await playSandwich());
    const [worldResult, joinsResult, healthResult] = await Promise.all([
      world.line(0),
      joins.line(0),
      health.line(0),
    ]);
    return {
      quietRunMs: quietRunMs.slice(1), // the first run warms the JIT up
      floodedRunMs,
      peakRssBytes: peakRss,
      healthMs: (JSON.parse(healthResult) as { latencies: number[] }).latencies,
      world: JSON.parse(worldResult),
      joins: JSON.parse(joinsResult),
    };
  } finally {
    clearInterval(sampler);
    await sandbox.close();
  }
}
