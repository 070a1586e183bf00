/**
 * The block builder over REST, under /api/mev: submit a bundle (as eth_sendBundle), read the
 * builder (its ordering, pending bundles, the latest build reports) and change its ordering.
 * Simulating a bundle is POST /api/mev/simulate with { bundle } (routes/mev.ts).
 */
import { type RequestHandler, Router } from "express";
import { z } from "zod";
import { BUILDER_ORDERINGS } from "../../builder/ordering";
import { invalidInput } from "../../errors";
import { checkFlashbotsSignature, FLASHBOTS_SIGNATURE_HEADER } from "../../lib/flashbotsSignature";
import { isInstructor } from "../../lib/token";
import type { AppDeps } from "../deps";
import { parseOr400 } from "../errors";
import { rawBodyOf } from "../rawBody";

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

  // Anyone may submit a bundle, as anyone may send a transaction to the JSON-RPC port; signed with
  // X-Flashbots-Signature, it belongs to the signer (who alone can replace it), as on JSON-RPC.
  router.post("/bundle/submit", ...limited, async (req, res) => {
    const signature = checkFlashbotsSignature(req.get(FLASHBOTS_SIGNATURE_HEADER), rawBodyOf(req));
    if (signature.kind === "invalid") throw invalidInput("invalid_signature", signature.reason);
    const signer = signature.kind === "valid" ? signature.signer : undefined;
    res.json(await control.bundles.submit(req.body, signer));
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
