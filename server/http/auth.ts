/**
 * Who may do what: reading is open to anyone; starting, stepping, resetting and anything that
 * changes the chain needs the instructor token, sent as `Authorization: Bearer <token>` (HTTP) or
 * `auth: { token }` (socket.io). Tokens are compared in constant time.
 */
import type { RequestHandler } from "express";
import type { Student } from "../classroom/students";
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

export const STUDENT_TOKEN_MESSAGE =
  "this is a student's token: this action is the instructor's (a student may answer polls and trade with their own key)";

/**
 * Express middleware: lets the request through only with the instructor's bearer token. A student's
 * token is refused as such (`isStudentToken`), so the student learns why.
 */
export function requireInstructor(
  expected: string,
  isStudentToken: (token: string) => boolean = () => false,
): RequestHandler {
  return (req, res, next) => {
    const given = bearerToken(req.get("authorization"));
    let problem = tokenProblem(given, expected);
    if (problem && given && isStudentToken(given)) problem = new UnauthorizedError(STUDENT_TOKEN_MESSAGE);
    if (!problem) return next();
    res.set("WWW-Authenticate", 'Bearer realm="mev-sandbox"');
    next(problem);
  };
}

export const STUDENT_MISSING_MESSAGE =
  "this action needs your student token: send the header 'Authorization: Bearer <token>' (joining gave it to you)";

/** Express middleware: lets a student through with their token; `res.locals.student` is who they are. */
export function requireStudent(studentOf: (token: string) => Student | undefined): RequestHandler {
  return (req, res, next) => {
    const given = bearerToken(req.get("authorization"));
    const student = given === undefined ? undefined : studentOf(given);
    if (student) {
      res.locals.student = student;
      return next();
    }
    res.set("WWW-Authenticate", 'Bearer realm="mev-sandbox-student"');
    next(
      new UnauthorizedError(
        given
          ? "this token is no student's: join the class first (POST /api/students)"
          : STUDENT_MISSING_MESSAGE,
      ),
    );
  };
}
