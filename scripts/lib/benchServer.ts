/**
 * Server benchmarks, on loopback only:
 *   - fan-out: one `block:mined` event emitted on the bus → received by the last of N socket.io viewers;
 *   - `GET /api/mev/opportunities` latency under a fixed request rate (autocannon).
 */

import { performance } from "node:perf_hooks";
import type autocannon from "autocannon";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { BlockMined } from "../../server/events";
import { startSandbox } from "../../server/sandbox";
import { child, sleep } from "./benchChild";

export interface FanOutResult {
  viewers: number;
  /** Per emission: ms from the emit to the moment the last viewer received it. */
  lastViewerMs: number[];
}

export interface HttpLatencyResult {
  rate: number;
  connections: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  non2xx: number;
}

const EMISSION_INTERVAL_MS = 100;

export async function benchServer(
  hre: HardhatRuntimeEnvironment,
  options: { viewers: number; emissions: number; rate: number; seconds: number; connections: number[] },
): Promise<{ fanOut: FanOutResult; http: HttpLatencyResult[] }> {
  const sandbox = await startSandbox(hre, {
    host: "127.0.0.1",
    rpcPort: 0,
    httpPort: 0,
    blockTime: 0,
    rateLimit: { windowMs: 60_000, limit: 1_000_000 },
  });
  try {
    // Decisions for the opportunities endpoint to list: a few sandwich runs.
    for (let i = 0; i < 3; i++) {
      const run = sandbox.control.runs.create("sandwich", {});
      sandbox.control.runs.play(run.id, 100);
      await sandbox.control.runs.settled(run.id);
    }
    const fanOut = await fanOutLatency(sandbox, options.viewers, options.emissions);
    await sleep(1_000); // let the 300 disconnections settle before the next measurement
    const http: HttpLatencyResult[] = [];
    for (const connections of options.connections) {
      http.push(await opportunitiesLatency(sandbox.http.url, options.rate, options.seconds, connections));
    }
    return { fanOut, http };
  } finally {
    await sandbox.close();
  }
}

async function fanOutLatency(
  sandbox: Awaited<ReturnType<typeof startSandbox>>,
  count: number,
  emissions: number,
): Promise<FanOutResult> {
  // The viewers live in another process, as browsers would: the server's event loop is its own.
  const viewers = child("benchViewers.ts", [sandbox.http.url, String(count)]);
  if ((await viewers.line(0)) !== "ready") throw new Error("fan-out: the viewers did not join");
  // A real block's event, re-emitted with fresh numbers: the payload a viewer really receives.
  const mined = await sandbox.control.live.mineNow();
  const template = sandbox.control.live
    .recentEvents()
    .find((e) => e.type === "block:mined" && e.block === mined.number) as BlockMined;
  const emittedAt = new Map<number, number>();
  for (let i = 0; i < emissions; i++) {
    const block = 1_000_000 + i;
    emittedAt.set(block, performance.timeOrigin + performance.now());
    sandbox.clean.bus.emit({ ...template, block });
    // Blocks come seconds apart in the sandbox; 100 ms apart still keeps emissions from queueing
    // behind each other, which would measure a backlog rather than the fan-out.
    await sleep(EMISSION_INTERVAL_MS);
  }
  await sleep(500);
  viewers.proc.stdin.write("done\n");
  const last = JSON.parse(await viewers.line(1)) as Record<string, { at: number; count: number }>;
  const lastViewerMs = [...emittedAt].map(([block, at]) => {
    const seen = last[block];
    if (!seen || seen.count < count)
      throw new Error(`fan-out: only ${seen?.count ?? 0} of ${count} viewers got block ${block}`);
    return seen.at - at;
  });
  return { viewers: count, lastViewerMs };
}

async function opportunitiesLatency(
  baseUrl: string,
  rate: number,
  seconds: number,
  connections: number,
): Promise<HttpLatencyResult> {
  const load = child("benchLoad.ts", [
    `${baseUrl}/api/mev/opportunities?limit=20`,
    String(rate),
    String(seconds),
    String(connections),
  ]);
  const result = JSON.parse(await load.line(0)) as autocannon.Result;
  return {
    rate,
    connections,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}
