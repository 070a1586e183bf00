/**
 * Each JSON request's body exactly as it arrived: an X-Flashbots-Signature signs those bytes
 * (POST /api/mev/bundle/submit). express.json's `verify` hook records them.
 */
import type { Request } from "express";

const rawBodies = new WeakMap<object, string>();

/** For express.json({ verify }): keeps the bytes of the body being parsed. */
export function keepRawBody(req: object, _res: unknown, buf: Buffer): void {
  rawBodies.set(req, buf.toString("utf8"));
}

/** The body of a JSON request exactly as it arrived ("" when it had none). */
export function rawBodyOf(req: Request): string {
  return rawBodies.get(req) ?? "";
}
