/**
 * Listens: the HTTP app and socket.io on one port. Called by the entry point (scripts/start.ts,
 * through server/sandbox.ts) and by tests on port 0.
 */
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import { createServer as createTlsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { classroomShare, createApp } from "./app";
import type { AppDeps } from "./deps";
import { sandboxHotReads, withHotReads } from "./hotReads";
import { attachSocket, type SandboxIo } from "./socket";

export interface HttpServerHandle {
  url: string;
  host: string;
  port: number;
  io: SandboxIo;
  /** Hot reads answered from their cache, and those Express answered (server/http/hotReads.ts). */
  hotReads: { readonly hits: number; readonly misses: number };
  close(): Promise<void>;
}

/** The visualizer's build (web/dist) when there is one, else the placeholder page. */
export function defaultStaticDir(): string {
  const built = resolve(__dirname, "../../web/dist");
  return existsSync(resolve(built, "index.html")) ? built : resolve(__dirname, "../../web/placeholder");
}

/** Serves the API, socket.io and the static files on `host:port` (0 = any free port), over TLS with `tls`. */
export async function startHttpServer(
  deps: AppDeps,
  host: string,
  port: number,
  tls?: { cert: Buffer; key: Buffer },
): Promise<HttpServerHandle> {
  const share = classroomShare(deps);
  const app = createApp(deps, share);
  // The hot reads are answered in front of Express when they can be (./hotReads.ts).
  const listener =
    deps.hotReads === false
      ? app
      : withHotReads(app, sandboxHotReads(deps.control, deps.chainsVersion), share);
  const server = tls ? createTlsServer({ cert: tls.cert, key: tls.key }, listener) : createServer(listener);
  const socket = attachSocket(server, deps);
  await new Promise<void>((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolveListen();
    });
  });
  const listening = (server.address() as AddressInfo).port;
  const shownHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `${tls ? "https" : "http"}://${shownHost}:${listening}`,
    host,
    port: listening,
    io: socket.io,
    hotReads: "counts" in listener ? listener.counts : { hits: 0, misses: 0 },
    async close() {
      server.closeAllConnections();
      await socket.close(); // closes the HTTP server too
    },
  };
}
