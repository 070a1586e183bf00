/**
 * Errors the control layer throws when a request cannot be honoured. Each has a stable `code`
 * and an HTTP status; the HTTP and socket adapters turn them into `{ error: { code, message, details } }`.
 */

export class ControlError extends Error {
  override name = "ControlError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** 404: no such run, scenario, block or opportunity. */
export function notFound(code: string, message: string, details?: unknown): ControlError {
  return new ControlError(404, code, message, details);
}

/** 409: the request is valid but the sandbox's state forbids it now (another run holds the chain …). */
export function conflict(code: string, message: string, details?: unknown): ControlError {
  return new ControlError(409, code, message, details);
}

/** 400: the input is wrong. */
export function badRequest(code: string, message: string, details?: unknown): ControlError {
  return new ControlError(400, code, message, details);
}
