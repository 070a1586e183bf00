/** Live mode: bots watch and act on every block the sandbox mines, every N seconds or on demand. */
import { type RequestHandler, Router } from "express";
import { z } from "zod";
import { BLOCK_TIME_RULE, isBlockTime } from "../../chain/settings";
import type { AppDeps } from "../deps";
import { parseOr400 } from "../errors";

export const LiveSchema = z.strictObject({
  enabled: z.boolean({ error: "must be true or false" }),
  /** Seconds between blocks; 0 = only when asked (POST /api/live/mine). */
  blockTime: z.number({ error: BLOCK_TIME_RULE }).refine(isBlockTime, { error: BLOCK_TIME_RULE }).optional(),
});

export function liveRouter({ control }: AppDeps, guard: RequestHandler[]): Router {
  const router = Router();

  router.get("/", (_req, res) => {
    res.json(control.live.status());
  });

  router.post("/", ...guard, async (req, res) => {
    const body = parseOr400(LiveSchema, req.body, "live mode request");
    res.json(await control.setLive(body.enabled, body.blockTime));
  });

  router.post("/mine", ...guard, async (_req, res) => {
    res.json(await control.mine());
  });

  return router;
}
