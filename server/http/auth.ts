/**
 * Who may do what: reading is open to anyone; starting, stepping, resetting and anything that
 * changes the chain needs the instructor token, sent as `Authorization: Bearer <token>` (HTTP) or
 * `auth: { token }` (socket.io). Tokens are compared in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";
import { ControlError } from "../control/errors";

/** A fresh random instructor token: 128 bits, hex. */
export function generateToken(): string {
  return randomBytes(16).toString("hex");
}

/**
 * True when `given` equals `expected`. Both are hashed first, so the comparison takes the same
 * time whatever the lengths and wherever the first difference is.
 */
export function tokensMatch(given: string, expected: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export const MISSING_TOKEN_MESSAGE =
  "this action needs the instructor token: send the header 'Authorization: Bearer <token>' (npm start prints the token)";
export const WRONG_TOKEN_MESSAGE = "the instructor token is wrong: use the one npm start printed";

/** The reason a presented token is refused, or undefined when it is the instructor's. */
export function tokenProblem(given: string | undefined, expected: string): ControlError | undefined {
  if (!given) return new ControlError(401, "unauthorized", MISSING_TOKEN_MESSAGE);
  if (!tokensMatch(given, expected)) return new ControlError(401, "unauthorized", WRONG_TOKEN_MESSAGE);
  return undefined;
}

/** Express middleware: lets the request through only with the instructor's bearer token. */
export function requireInstructor(expected: string): RequestHandler {
  return (req, res, next) => {
    const header = req.get("authorization") ?? "";
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const problem = tokenProblem(match?.[1], expected);
    if (!problem) return next();
    res.set("WWW-Authenticate", 'Bearer realm="mev-sandbox"');
    next(problem);
  };
}
