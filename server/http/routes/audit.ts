/**
 * The audit chain over REST: `GET /api/audit?offset=0&limit=50&order=newest` (instructor only).
 * Newest first by default (`order=oldest` for the chain's own order); `total` entries, the `head`
 * (latest seq and hash), and each entry with its previous hash and its own. Reading is not audited.
 */
import { type RequestHandler, Router } from "express";
import { z } from "zod";
import type { AuditLog } from "../../store/audit";
import { parseOr400 } from "../errors";

export const AuditQuerySchema = z.strictObject({
  offset: z.coerce.number({ error: "must be a whole number, 0 or more" }).int().min(0).default(0),
  limit: z.coerce.number({ error: "must be a whole number from 1 to 500" }).int().min(1).max(500).default(50),
  order: z.enum(["newest", "oldest"], { error: 'must be "newest" or "oldest"' }).default("newest"),
});

export function auditRouter(audit: AuditLog, instructorOnly: RequestHandler[]): Router {
  const router = Router();
  router.get("/", ...instructorOnly, (req, res) => {
    const { offset, limit, order } = parseOr400(AuditQuerySchema, req.query, "audit query");
    res.json(audit.page(offset, limit, order));
  });
  return router;
}
