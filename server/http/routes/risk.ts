/**
 * The bots' risk controls, under /api/mev/risk: each bot's limits, figures and stop for anyone; the
 * kill switch and resume for the instructor (server/control/riskDesk.ts).
 */
import { type RequestHandler, Router } from "express";
import { z } from "zod";
import type { AppDeps } from "../deps";
import { parseOr400 } from "../errors";

const BotParamsSchema = z.object({
  bot: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, "must be a bot's name such as arbitrageur"),
});

export const KillSchema = z.strictObject({
  /** Why, in the instructor's words: it goes into the risk:killed event. */
  reason: z
    .string({ error: "must be a sentence of 1 to 200 characters" })
    .trim()
    .min(1, "must be a sentence of 1 to 200 characters")
    .max(200, "must be a sentence of 1 to 200 characters")
    .default("stopped by the instructor"),
});

/** Resume takes no settings: an empty body, or none. */
export const ResumeSchema = z.strictObject({});

export function riskRouter({ control }: AppDeps, guard: RequestHandler[]): Router {
  const router = Router();

  router.get("/status", (_req, res) => {
    res.json(control.risk.status());
  });

  router.post("/:bot/kill", ...guard, (req, res) => {
    const { bot } = parseOr400(BotParamsSchema, req.params, "bot");
    const { reason } = parseOr400(KillSchema, req.body ?? {}, "kill request");
    res.json(control.risk.kill(bot, reason));
  });

  router.post("/:bot/resume", ...guard, (req, res) => {
    const { bot } = parseOr400(BotParamsSchema, req.params, "bot");
    parseOr400(ResumeSchema, req.body ?? {}, "resume request");
    res.json(control.risk.resume(bot));
  });

  return router;
}
