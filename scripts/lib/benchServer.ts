/**
 * Server benchmarks, on loopback only:
 *   - fan-out: one `block:mined` event emitted on the bus → received by the last of N socket.io viewers;
 *   - the hot reads' latency under a fixed request rate (autocannon, in another process):
 *     `GET /api/mev/opportunities` (answered in front of Express, server/http/hotReads.ts), the same
 *     route through Express (an Authorization header leaves it to Express), the other hot reads in
 *     turn, and the floor: a bare node:http server in the same process answering the same bytes.
 *     Beside each, the server process's CPU time per request (robust on a busy machine). Each load
 *     runs unrecorded for WARM_UP_SECONDS first.
 */

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
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
  /** What was loaded: "hot reads", "express", "mixed", "bare node:http". */
  what: HttpLoad;
  rate: number;
  connections: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  non2xx: number;
  /** The server process's CPU time (user + system) per request, in ms. */
  cpuMsPerRequest: number;
}

export type HttpLoad = "hot reads" | "express" | "mixed" | "bare node:http";

/** The hot reads a page loads or a script polls, asked in turn by each connection in the mixed load. */
export const MIXED_PATHS = [
  "/api/mev/opportunities?limit=20",
  "/api/mev/stats",
  "/api/health",
  "/api/world",
  "/api/scenarios",
];
const OPPORTUNITIES = "/api/mev/opportunities?limit=20";

const EMISSION_INTERVAL_MS = 100;
/** Seconds of each load run before it is measured. */
const WARM_UP_SECONDS = 2;

export async function benchServer(
  hre: HardhatRuntimeEnvironment,
  options: {
    viewers: number;
    emissions: number;
    rate: number;
    seconds: number;
    /** Each load and its connection counts. */
    loads: [HttpLoad, number[]][];
  },
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
    const bare = await bareServer(sandbox.http.url);
    try {
      for (const [what, connections] of options.loads) {
        for (const count of connections) {
          const target = what === "bare node:http" ? bare.url : sandbox.http.url;
          http.push(await latency(what, target, options.rate, options.seconds, count));
        }
      }
    } finally {
      bare.server.close();
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

/** A trivial node:http server in this process, answering the bytes of GET /api/mev/opportunities?limit=20. */
async function bareServer(sandboxUrl: string): Promise<{ server: Server; url: string }> {
  const body = Buffer.from(await (await fetch(`${sandboxUrl}${OPPORTUNITIES}`)).arrayBuffer());
  const server = createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "application/json; charset=utf-8", "Content-Length": body.length });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function latency(
  what: HttpLoad,
  baseUrl: string,
  rate: number,
  seconds: number,
  connections: number,
): Promise<HttpLatencyResult> {
  const extra =
    what === "mixed"
      ? { paths: MIXED_PATHS }
      : what === "express"
        ? { headers: { authorization: "Bearer not-the-instructor" } }
        : {};
  const path = what === "mixed" ? "" : what === "bare node:http" ? "/" : OPPORTUNITIES;
  const args = (duration: number) => [
    `${baseUrl}${path}`,
    String(rate),
    String(duration),
    String(connections),
    JSON.stringify(extra),
  ];
  // The same load a moment first, not recorded: each target is measured warm (compiled code, kept
  // answers), not only those that happen to run after another load went through Node's HTTP code.
  await child("benchLoad.ts", args(WARM_UP_SECONDS)).line(0);
  const cpuBefore = process.cpuUsage();
  const load = child("benchLoad.ts", args(seconds));
  const result = JSON.parse(await load.line(0)) as autocannon.Result;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    what,
    rate,
    connections,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    cpuMsPerRequest: (cpu.user + cpu.system) / 1_000 / result.requests.total,
  };
}
