/**
 * The block builder over REST, under /api/mev: submit a bundle (as eth_sendBundle), read the
 * builder (its ordering, pending bundles, the latest build reports) and change its ordering.
 * Simulating a bundle is POST /api/mev/simulate with { bundle } (routes/mev.ts).
 */
import { type RequestHandler, Router } from "express";
import { z } from "zod";
import { BUILDER_ORDERINGS } from "../../builder/ordering";
import { isInstructor } from "../../lib/token";
import type { AppDeps } from "../deps";
import { parseOr400 } from "../errors";

export const OrderingSchema = z.strictObject({
  ordering: z.enum(BUILDER_ORDERINGS, {
    error: `must be one of ${BUILDER_ORDERINGS.map((o) => `"${o}"`).join(", ")} (by bundle gas price, or by total payment to the builder)`,
  }),
});

export function builderRouter(
  { control, token }: AppDeps,
  guard: RequestHandler[],
  limited: RequestHandler[],
): Router {
  const router = Router();

  // Anyone may submit a bundle, as anyone may send a transaction to the JSON-RPC port.
  router.post("/bundle/submit", ...limited, async (req, res) => {
    res.json(await control.bundles.submit(req.body));
  });

  // A replacementUuid lets its holder replace or cancel a bundle: only the instructor sees them.
  router.get("/builder", (req, res) => {
    res.json(control.bundles.view({ withUuids: isInstructor(req.get("authorization"), token) }));
  });

  router.put("/builder", ...guard, async (req, res) => {
    const { ordering } = parseOr400(OrderingSchema, req.body, "builder settings");
    res.json(await control.bundles.setOrdering(ordering));
  });

  return router;
}
