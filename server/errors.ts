/**
 * One error family for the whole sandbox. Every error the sandbox means to throw is a
 * `SandboxError` with a stable `code` and `details` (what was wrong, what is accepted); its kind says
 * what went wrong, never how an adapter answers it: HTTP statuses are chosen in server/http/errors.ts,
 * JSON-RPC codes in server/rpc.
 *
 *   SandboxError
 *   ├── InvalidInputError    the input is wrong (bad parameters, a bad bundle, a bad bid setting)
 *   ├── NotFoundError        no such run, scenario, block or opportunity
 *   ├── ConflictError        valid, but the sandbox's state forbids it now (another run holds the chain)
 *   ├── UnauthorizedError    it needs the instructor token
 *   ├── ForbiddenError       known, but not allowed (a wrong class code)
 *   ├── RateLimitedError     over the caller's fair share
 *   └── domain errors        a reverted transaction, an altered world, impossible math
 */

export interface SandboxErrorOptions {
  /** Stable and machine-readable: "run_in_progress", "invalid_params" … */
  code?: string;
  /** What was wrong, and what is accepted. */
  details?: unknown;
  cause?: unknown;
}

export class SandboxError extends Error {
  override name = "SandboxError";
  readonly code: string;
  readonly details: unknown;

  constructor(message: string, options: SandboxErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code ?? "sandbox_error";
    this.details = options.details ?? null;
  }
}

export class InvalidInputError extends SandboxError {
  override name = "InvalidInputError";
  constructor(message: string, options: SandboxErrorOptions = {}) {
    super(message, { code: "invalid_input", ...options });
  }
}

export class NotFoundError extends SandboxError {
  override name = "NotFoundError";
  constructor(message: string, options: SandboxErrorOptions = {}) {
    super(message, { code: "not_found", ...options });
  }
}

export class ConflictError extends SandboxError {
  override name = "ConflictError";
  constructor(message: string, options: SandboxErrorOptions = {}) {
    super(message, { code: "conflict", ...options });
  }
}

export class UnauthorizedError extends SandboxError {
  override name = "UnauthorizedError";
  constructor(message: string, options: SandboxErrorOptions = {}) {
    super(message, { code: "unauthorized", ...options });
  }
}

export class ForbiddenError extends SandboxError {
  override name = "ForbiddenError";
  constructor(message: string, options: SandboxErrorOptions = {}) {
    super(message, { code: "forbidden", ...options });
  }
}

export class RateLimitedError extends SandboxError {
  override name = "RateLimitedError";
  constructor(message: string, options: SandboxErrorOptions = {}) {
    super(message, { code: "rate_limited", ...options });
  }
}

/** Shorthands for the control layer: `throw notFound("unknown_run", "no run with id …", { id })`. */
export const notFound = (code: string, message: string, details?: unknown) =>
  new NotFoundError(message, { code, details });
export const conflict = (code: string, message: string, details?: unknown) =>
  new ConflictError(message, { code, details });
export const invalidInput = (code: string, message: string, details?: unknown) =>
  new InvalidInputError(message, { code, details });
