/**
 * MEV-Share's event stream over server-sent events, at GET /api/mev-share: the URL to give
 * @flashbots/mev-share-client as its network's `streamUrl` (its `on("transaction")` opens exactly that
 * URL). Each transaction shared with hints is one `data:` line, the JSON of Flashbots' stream event
 * (`{ hash, logs, txs }`, only what the hints allow); a `:ping` comment every 15 s when nothing else
 * was sent, as Flashbots' stream does. Open to anyone, as the mempool is; a few streams per address.
 */
import type { IncomingMessage } from "node:http";
import { Router } from "express";
import { RateLimitedError } from "../../errors";
import type { AppDeps } from "../deps";

/** A `:ping` after this long without a message. */
export const STREAM_PING_MS = 15_000;
/** Streams one address may hold open at once, and streams in all. */
export const STREAMS_PER_ADDRESS = 16;
export const MAX_STREAMS = 512;

export function mevShareRouter({ control }: AppDeps): Router {
  const router = Router();
  const open = new Map<string, number>();
  let total = 0;

  router.get("/", (req, res) => {
    const client = addressOf(req);
    const held = open.get(client) ?? 0;
    if (held >= STREAMS_PER_ADDRESS || total >= MAX_STREAMS) {
      throw new RateLimitedError(
        `too many MEV-Share streams open: at most ${STREAMS_PER_ADDRESS} per address and ${MAX_STREAMS} in all; one stream carries every hint`,
        { details: { perAddress: STREAMS_PER_ADDRESS, total: MAX_STREAMS } },
      );
    }
    open.set(client, held + 1);
    total += 1;
    res.writeHead(200, {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    });
    // Hints go out as they come: no waiting to fill a packet.
    res.socket?.setNoDelay(true);
    res.write(":ping\n\n");
    let lastSent = Date.now();
    const unsubscribe = control.mevShare.subscribe((_event, json) => {
      res.write(`data: ${json}\n\n`);
      lastSent = Date.now();
    });
    const ping = setInterval(() => {
      if (Date.now() - lastSent < STREAM_PING_MS) return;
      res.write(":ping\n\n");
      lastSent = Date.now();
    }, STREAM_PING_MS);
    ping.unref();
    req.on("close", () => {
      clearInterval(ping);
      unsubscribe();
      total -= 1;
      const left = (open.get(client) ?? 1) - 1;
      if (left > 0) open.set(client, left);
      else open.delete(client);
    });
  });

  return router;
}

function addressOf(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? "unknown";
}
