/**
 * Every error the API returns has one shape: `{ "error": { "code", "message", "details" } }`,
 * with the right HTTP status. The error middleware (mounted last) turns whatever was thrown into it;
 * nothing a client sends can take the server down.
 */
import type { ErrorRequestHandler, RequestHandler } from "express";
import type { z } from "zod";
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  RateLimitedError,
  SandboxError,
  UnauthorizedError,
} from "../errors";

/** The HTTP status of each kind of error: chosen here, not where the error is thrown. */
const STATUS_OF: [new (...args: never[]) => SandboxError, number][] = [
  [InvalidInputError, 400],
  [UnauthorizedError, 401],
  [ForbiddenError, 403],
  [NotFoundError, 404],
  [ConflictError, 409],
  [RateLimitedError, 429],
];

export interface ApiErrorBody {
  code: string;
  message: string;
  details: unknown;
}

/** Turns a zod error into a list of `{ path, message }`: what was wrong, where. */
export function zodProblems(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: issue.path.join(".") || "(root)", message: issue.message }));
}

/** Validates `value` against `schema`; a 400 naming every problem otherwise. */
export function parseOr400<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = zodProblems(parsed.error);
  throw new InvalidInputError(
    `invalid ${what}: ${problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`,
    {
      code: "invalid_request",
      details: { problems },
    },
  );
}

/** The body of an error response, from anything thrown. */
export function errorBody(error: unknown): { status: number; body: { error: ApiErrorBody } } {
  if (error instanceof SandboxError) {
    // A kind of error with no status of its own (a domain error nobody expected here) is the server's fault.
    const status = STATUS_OF.find(([kind]) => error instanceof kind)?.[1] ?? 500;
    return { status, body: { error: { code: error.code, message: error.message, details: error.details } } };
  }
  const http = error as { type?: string; status?: number; message?: string };
  if (http.type === "entity.parse.failed") {
    return {
      status: 400,
      body: {
        error: { code: "malformed_json", message: "the request body is not valid JSON", details: null },
      },
    };
  }
  if (http.type === "entity.too.large") {
    return {
      status: 413,
      body: { error: { code: "body_too_large", message: "the request body is too large", details: null } },
    };
  }
  if (typeof http.status === "number" && http.status >= 400 && http.status < 500) {
    return {
      status: http.status,
      body: { error: { code: "bad_request", message: http.message ?? "bad request", details: null } },
    };
  }
  return {
    status: 500,
    body: {
      error: {
        code: "internal_error",
        message: `the sandbox failed to answer: ${(error as Error)?.message ?? String(error)}`,
        details: null,
      },
    },
  };
}

/** Unknown routes: 404 in the same shape as every other error. */
export const notFoundHandler: RequestHandler = (req, res) => {
  res.status(404).json({
    error: {
      code: "not_found",
      message: `no route ${req.method} ${req.originalUrl.split("?")[0]}`,
      details: null,
    },
  });
};

/** The error middleware: mounted last. */
export function errorHandler(onServerError: (error: unknown) => void): ErrorRequestHandler {
  return (error, _req, res, _next) => {
    const { status, body } = errorBody(error);
    if (status >= 500) onServerError(error);
    if (res.headersSent) return;
    res.status(status).json(body);
  };
}
