/**
 * Runs: `POST /api/runs` { scenario, params } → the run; `GET /api/runs` (this session's and earlier
 * ones', from the store); `GET /api/runs/:id`; `GET /api/runs/:id/export` (JSON lines, as `--json`
 * prints them); and the instructor's controls `POST /api/runs/:id/step | play | pause | reset`.
 */
import { type RequestHandler, Router } from "express";
import { z } from "zod";
import type { AppDeps } from "../deps";
import { parseOr400 } from "../errors";

export const RunIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be a run id such as run-1");
const RunParamsSchema = z.object({ id: RunIdSchema });

export const CreateRunSchema = z.strictObject({
  scenario: z.string({ error: "must be a scenario name (GET /api/scenarios)" }).min(1).max(64),
  params: z.record(z.string(), z.unknown(), { error: "must be an object of parameter values" }).default({}),
});

/** Speed multiplies the pace of a played run: 1 = one step a second, 10 = ten. */
export const PlaySchema = z.strictObject({
  speed: z.number({ error: "must be a number from 0.1 to 100" }).min(0.1).max(100).optional(),
});

export function runsRouter({ control }: AppDeps, guard: RequestHandler[]): Router {
  const router = Router();
  const { runs } = control;
  const idOf = (params: unknown) => parseOr400(RunParamsSchema, params, "run id").id;

  router.get("/", (_req, res) => {
    res.json({ runs: runs.list(), runningRunId: runs.holder()?.id ?? null });
  });

  router.post("/", ...guard, (req, res) => {
    const body = parseOr400(CreateRunSchema, req.body, "run request");
    const view = runs.create(body.scenario, body.params);
    res.status(201).location(`/api/runs/${view.id}`).json(view);
  });

  router.get("/:id", (req, res) => {
    res.json(runs.view(idOf(req.params)));
  });

  router.get("/:id/export", (req, res) => {
    const id = idOf(req.params);
    const lines = runs.exportLines(id);
    const scenario = runs.view(id).scenario;
    res
      .attachment(`${id}-${scenario}.jsonl`)
      .type("application/x-ndjson")
      .send(lines.map((line) => `${line}\n`).join(""));
  });

  router.post("/:id/step", ...guard, async (req, res) => {
    res.json(await runs.step(idOf(req.params)));
  });

  router.post("/:id/play", ...guard, (req, res) => {
    const id = idOf(req.params);
    const body = parseOr400(PlaySchema, req.body ?? {}, "play request");
    res.status(202).json(runs.play(id, body.speed ?? 1));
  });

  router.post("/:id/pause", ...guard, (req, res) => {
    res.json(runs.pause(idOf(req.params)));
  });

  router.post("/:id/reset", ...guard, async (req, res) => {
    res.json(await runs.reset(idOf(req.params)));
  });

  return router;
}
