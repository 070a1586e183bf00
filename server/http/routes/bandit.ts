/** The bidding bandits: what each has learned, per arm (GET /api/mev/bandit/stats). */
import { Router } from "express";
import { banditBoardFor } from "../../control/bandit";
import type { AppDeps } from "../deps";

export function banditRouter({ control }: AppDeps): Router {
  const router = Router();
  // Created with the app, so it hears every run from then on.
  const board = banditBoardFor(control.bus);

  router.get("/stats", (_req, res) => {
    res.json({ bots: board.stats() });
  });

  return router;
}
