/**
 * The one place control requests are written to the audit chain (server/store/audit.ts): an express
 * middleware in every instructor route's guard and on the students' actions (joining, answering),
 * after the rate limiter and before any check, so refused attempts are recorded too with their status.
 * The entry is appended when the answer has gone out: method, path, body (secrets redacted, never
 * the token), who, the status, the signature headers if any, and the wall-clock time.
 */
import type { Request, RequestHandler } from "express";
import { SIGNATURE_HEADERS } from "../lib/controlSignature";
import { bearerToken, tokensMatch } from "../lib/token";
import type { AuditLog } from "../store/audit";
import { type AuditActor, type AuditSignature, redactSecrets } from "../store/auditChain";

/** Says who sent a request. */
export type ActorOf = (req: Request) => AuditActor;

/** Who a request's bearer token says it is: the instructor, a student by name, or nobody known. */
export function actorByToken(
  instructorToken: string,
  studentNameOf: (token: string) => string | undefined,
): ActorOf {
  return (req) => {
    const given = bearerToken(req.get("authorization"));
    if (given === undefined) return { role: "anonymous" };
    if (tokensMatch(given, instructorToken)) return { role: "instructor" };
    const name = studentNameOf(given);
    return name === undefined ? { role: "anonymous" } : { role: "student", name };
  };
}

/** A student joining has no token yet: the name they join under. */
export const joiningStudent: ActorOf = (req) => {
  const name = (req.body as { name?: unknown } | undefined)?.name;
  return typeof name === "string" ? { role: "student", name } : { role: "anonymous" };
};

/** The middleware: appends the request to `log` once it is answered (status 0: the client left first). */
export function auditRequests(
  log: AuditLog,
  actorOf: ActorOf,
  onError: (error: unknown) => void,
): RequestHandler {
  return (req, res, next) => {
    let recorded = false;
    const record = () => {
      if (recorded) return;
      recorded = true;
      try {
        log.append({
          actor: actorOf(req),
          method: req.method,
          path: req.originalUrl,
          body: req.body === undefined ? null : redactSecrets(req.body),
          status: res.writableFinished ? res.statusCode : 0,
          signature: signatureOf(req),
          at: Date.now(),
        });
      } catch (error) {
        onError(error);
      }
    };
    res.once("finish", record);
    res.once("close", record);
    next();
  };
}

/** The signature headers the request carried (all three), as presented, or null. */
function signatureOf(req: Request): AuditSignature | null {
  const timestamp = req.get(SIGNATURE_HEADERS.timestamp);
  const nonce = req.get(SIGNATURE_HEADERS.nonce);
  const signature = req.get(SIGNATURE_HEADERS.signature);
  if (timestamp === undefined && nonce === undefined && signature === undefined) return null;
  return { timestamp: timestamp ?? "", nonce: nonce ?? "", signature: signature ?? "" };
}

/**
 * The socket.io counterpart, for control messages (`run:control`): runs `action` and appends it to
 * `log` with its outcome as an HTTP status (200, or the status its error would have had).
 */
export async function auditSocketControl<T>(
  log: AuditLog | undefined,
  entry: { instructor: boolean; event: string; payload: unknown },
  action: () => Promise<T> | T,
  statusOf: (error: unknown) => number,
  onError: (error: unknown) => void,
): Promise<T> {
  let status = 200;
  try {
    return await action();
  } catch (error) {
    status = statusOf(error);
    throw error;
  } finally {
    try {
      log?.append({
        actor: entry.instructor ? { role: "instructor" } : { role: "anonymous" },
        method: "SOCKET",
        path: entry.event,
        body: redactSecrets(entry.payload),
        status,
        signature: null,
        at: Date.now(),
      });
    } catch (error) {
      onError(error);
    }
  }
}
