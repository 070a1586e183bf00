/** Open, read-only routes: health, the world, the scenarios. */
import { Router } from "express";
import { describeScenario } from "../../scenarios";
import type { AppDeps } from "../deps";

export function infoRouter({ control, chains }: AppDeps): Router {
  const router = Router();

  // Both answer from what the engine last published: never waiting for the chain lock.
  router.get("/health", (_req, res) => {
    const { health, ...status } = control.status();
    res.json({ ...health, block: control.published.latestBlock(), ...status });
  });

  router.get("/world", async (_req, res) => {
    const world = await control.published.worldState();
    res.json(chains ? { ...world, chains: await chains(world) } : world);
  });

  router.get("/scenarios", (_req, res) => {
    res.json({ scenarios: control.scenarios.map(describeScenario) });
  });

  return router;
}
