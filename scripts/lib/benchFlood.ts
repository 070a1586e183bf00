/**
 * A child process of the classroom benchmark: one kind of hostile load for `seconds`, then its
 * figures as one JSON line on stdout.
 *   world  <url> <connections> <seconds>        GET /api/world as fast as it answers (autocannon)
 *   joins  <url> <sockets> <seconds>            each socket sends run:join again as soon as it is answered
 *   health <url> <seconds>                      GET /api/health every 50 ms: latencies in ms
 */
import { performance } from "node:perf_hooks";
import autocannon from "autocannon";
import { io } from "socket.io-client";

const [mode, url, ...rest] = process.argv.slice(2);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function world(connections: number, seconds: number) {
  const result = await autocannon({ url: `${url}/api/world`, connections, duration: seconds });
  return { requests: result.requests.total, non2xx: result.non2xx, errors: result.errors };
}

async function joins(sockets: number, seconds: number) {
  const clients = await Promise.all(
    Array.from({ length: sockets }, async () => {
      const client = io(url!, { transports: ["websocket"], reconnection: false });
      await new Promise<void>((resolve, reject) => {
        client.once("connect", () => resolve());
        client.once("connect_error", reject);
      });
      return client;
    }),
  );
  const end = Date.now() + seconds * 1000;
  let served = 0;
  let refused = 0;
  await Promise.all(
    clients.map(async (client) => {
      while (Date.now() < end) {
        // Whatever run holds the chain (the one being played), else the live chain.
        const status = await fetch(`${url}/api/health`).then(
          (r) => r.json() as Promise<{ runningRunId: string | null }>,
        );
        const runId = status.runningRunId ?? "live";
        const ack = await new Promise<{ data?: unknown }>((resolve) =>
          client.emit("run:join", { runId }, resolve),
        );
        if (ack.data) served += 1;
        else {
          refused += 1;
          await sleep(1); // refused: go again at once, as a hostile client would
        }
      }
      client.disconnect();
    }),
  );
  return { served, refused };
}

async function health(seconds: number) {
  const end = Date.now() + seconds * 1000;
  const latencies: number[] = [];
  while (Date.now() < end) {
    const start = performance.now();
    await fetch(`${url}/api/health`).then((r) => r.text());
    latencies.push(performance.now() - start);
    await sleep(50);
  }
  return { latencies };
}

const [a, b] = rest.map(Number);
const work = mode === "world" ? world(a!, b!) : mode === "joins" ? joins(a!, b!) : health(a!);
work.then(
  (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
  (error: unknown) => {
    process.stderr.write(`benchFlood ${mode}: ${String(error)}\n`);
    process.exit(1);
  },
);
