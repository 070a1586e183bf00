/** Open, read-only routes: health, the world, the scenarios. */
import { Router } from "express";
import { describeScenario } from "../../scenarios";
import { describeWorld } from "../../world/describe";
import type { AppDeps } from "../deps";

export function infoRouter({ control }: AppDeps): Router {
  const router = Router();

  router.get("/health", async (_req, res) => {
    const block = await control.world.chain.latestBlock();
    res.json({ status: "ok", block: block.number, ...control.status() });
  });

  router.get("/world", async (_req, res) => {
    // Through the chain lock: a reset in the middle of the read would revert the block it reads at.
    res.json(await control.lock.run(() => describeWorld(control.world)));
  });

  router.get("/scenarios", (_req, res) => {
    res.json({ scenarios: control.scenarios.map(describeScenario) });
  });

  return router;
}
