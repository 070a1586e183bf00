/**
 * Signed control (`npm start -- --instructor-key <key>`): an express middleware, in every instructor
 * route's guard after the token check, that lets a request through only with a valid Ed25519
 * signature of the instructor's over it (server/lib/controlSignature.ts). A refusal is a 401 whose
 * message says why: missing, malformed, stale, from the future, a bad signature or a replay.
 */
import type { KeyObject } from "node:crypto";
import type { RequestHandler } from "express";
import { UnauthorizedError } from "../errors";
import { checkControlSignature, NonceBook, SIGNATURE_HEADERS } from "../lib/controlSignature";
import { rawBodyOf } from "./rawBody";

export function requireSignature(publicKey: KeyObject, now: () => number = Date.now): RequestHandler {
  const nonces = new NonceBook();
  return (req, res, next) => {
    const headers = {
      timestamp: req.get(SIGNATURE_HEADERS.timestamp),
      nonce: req.get(SIGNATURE_HEADERS.nonce),
      signature: req.get(SIGNATURE_HEADERS.signature),
    };
    const request = { method: req.method, path: req.originalUrl, body: rawBodyOf(req) };
    const problem = checkControlSignature(publicKey, headers, request, nonces, now());
    if (!problem) return next();
    res.set("WWW-Authenticate", 'Ed25519-Signature realm="mev-sandbox"');
    next(new UnauthorizedError(problem.reason, { code: problem.code }));
  };
}
