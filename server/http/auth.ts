/**
 * Who may do what: reading is open to anyone; starting, stepping, resetting and anything that
 * changes the chain needs the instructor token, sent as `Authorization: Bearer <token>` (HTTP) or
 * `auth: { token }` (socket.io). Tokens are compared in constant time.
 */
import type { RequestHandler } from "express";
import { UnauthorizedError } from "../errors";
import { bearerToken, tokensMatch } from "../lib/token";

export const MISSING_TOKEN_MESSAGE =
  "this action needs the instructor token: send the header 'Authorization: Bearer <token>' (npm start prints the token)";
export const WRONG_TOKEN_MESSAGE = "the instructor token is wrong: use the one npm start printed";

/** The reason a presented token is refused, or undefined when it is the instructor's. */
export function tokenProblem(given: string | undefined, expected: string): UnauthorizedError | undefined {
  if (!given) return new UnauthorizedError(MISSING_TOKEN_MESSAGE);
  if (!tokensMatch(given, expected)) return new UnauthorizedError(WRONG_TOKEN_MESSAGE);
  return undefined;
}

/** Express middleware: lets the request through only with the instructor's bearer token. */
export function requireInstructor(expected: string): RequestHandler {
  return (req, res, next) => {
    const problem = tokenProblem(bearerToken(req.get("authorization")), expected);
    if (!problem) return next();
    res.set("WWW-Authenticate", 'Bearer realm="mev-sandbox"');
    next(problem);
  };
}
