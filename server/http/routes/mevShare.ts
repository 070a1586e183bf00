/**
 * MEV-Share's event stream over server-sent events, at GET /api/mev-share: the URL to give
 * @flashbots/mev-share-client as its network's `streamUrl` (its `on("transaction")` opens exactly that
 * URL). Each transaction shared with hints is one `data:` line, the JSON of Flashbots' stream event
 * (`{ hash, logs, txs }`, only what the hints allow); a `:ping` comment every 15 s when nothing else
 * was sent, as Flashbots' stream does. Open to anyone, as the mempool is; a few streams per address.
 * The client's getEventHistoryInfo / getEventHistory read `<streamUrl>/api/v1/history[/info]`: the hints
 * shared since the chain's last reset, by the block they were shared at.
 */
import type { IncomingMessage } from "node:http";
import { Router } from "express";
import { z } from "zod";
import type { SharedOrder } from "../../builder/mevShare";
import { RateLimitedError } from "../../errors";
import type { AppDeps } from "../deps";
import { parseOr400 } from "../errors";

/** A `:ping` after this long without a message. */
export const STREAM_PING_MS = 15_000;
/** Streams one address may hold open at once, and streams in all. */
export const STREAMS_PER_ADDRESS = 16;
export const MAX_STREAMS = 512;
/** The most history entries one request returns. */
export const HISTORY_LIMIT = 500;

const bound = z.coerce.number({ error: "must be a whole number" }).int().nonnegative().optional();
const HistoryQuery = z.strictObject({
  blockStart: bound,
  blockEnd: bound,
  timestampStart: bound,
  timestampEnd: bound,
  limit: z.coerce
    .number({ error: `must be a whole number from 1 to ${HISTORY_LIMIT}` })
    .int()
    .min(1)
    .max(HISTORY_LIMIT)
    .optional(),
  offset: bound,
});

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

  router.get("/api/v1/history/info", (_req, res) => {
    const shared = control.mevShare.history();
    // Orders are shared in block order: the first and last bound them.
    const [first, last] = [shared[0], shared.at(-1)];
    res.json({
      count: shared.length,
      minBlock: first?.sharedAt ?? 0,
      maxBlock: last?.sharedAt ?? 0,
      minTimestamp: first?.sharedAtTimestamp ?? 0,
      maxTimestamp: last?.sharedAtTimestamp ?? 0,
      maxLimit: HISTORY_LIMIT,
    });
  });

  router.get("/api/v1/history", (req, res) => {
    const q = parseOr400(HistoryQuery, req.query, "history query");
    const within = (value: number, start?: number, end?: number) =>
      (start === undefined || value >= start) && (end === undefined || value <= end);
    const matching = control.mevShare
      .history()
      .filter((o) => within(o.sharedAt, q.blockStart, q.blockEnd))
      .filter((o) => within(o.sharedAtTimestamp, q.timestampStart, q.timestampEnd));
    const offset = q.offset ?? 0;
    res.json(matching.slice(offset, offset + (q.limit ?? HISTORY_LIMIT)).map(historyEntry));
  });

  return router;
}

/** A shared order as Flashbots' history endpoint lists it. */
function historyEntry(order: SharedOrder) {
  return { block: order.sharedAt, timestamp: order.sharedAtTimestamp, hint: order.event };
}

function addressOf(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? "unknown";
}
