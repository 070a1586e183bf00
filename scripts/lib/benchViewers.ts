/**
 * A child process of the fan-out benchmark: N socket.io viewers join the "live" room; each
 * `block:mined` received is timed on the machine's clock (performance.timeOrigin + now(), shared by
 * every process). Prints "ready" once all joined, then, on stdin "done", the last receive time per block.
 */
import { performance } from "node:perf_hooks";
import { io as connect } from "socket.io-client";

const [url, countText] = process.argv.slice(2);
const count = Number(countText);
const now = () => performance.timeOrigin + performance.now();
const last = new Map<number, { at: number; count: number }>();

const viewers = Array.from({ length: count }, () => {
  const viewer = connect(url!, { transports: ["websocket"], reconnection: false, forceNew: true });
  viewer.on("block:mined", (event: { block: number }) => {
    const seen = last.get(event.block) ?? { at: 0, count: 0 };
    last.set(event.block, { at: now(), count: seen.count + 1 });
  });
  return viewer;
});

Promise.all(
  viewers.map(
    (viewer) =>
      new Promise((resolve) => {
        const join = () => viewer.emit("run:join", { runId: "live" }, resolve);
        if (viewer.connected) join();
        else viewer.once("connect", join);
      }),
  ),
).then(() => process.stdout.write("ready\n"));

process.stdin.on("data", () => {
  process.stdout.write(`${JSON.stringify(Object.fromEntries(last))}\n`);
  for (const viewer of viewers) viewer.disconnect();
  process.exit(0);
});
