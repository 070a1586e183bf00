/**
 * The audit chain, as pure functions: every control action is an entry that carries the previous
 * entry's hash and its own SHA-256, so that editing, removing or reordering an entry breaks the chain.
 *
 * The canonical encoding (written once, here): JSON with the keys of every object sorted (by UTF-16
 * code units, as Array.prototype.sort does), no whitespace, bigints as decimal strings, fields that
 * are `undefined` left out, arrays in their order. An entry's hash is the lowercase hex SHA-256 of
 * the UTF-8 bytes of the canonical encoding of the entry without its `hash` field:
 *   { actor, at, body, method, path, prevHash, seq, signature, status }
 * The first entry's `prevHash` is GENESIS_HASH (64 zeros).
 */
import { createHash } from "node:crypto";

export const GENESIS_HASH = "0".repeat(64);

/** Who did it: the instructor, a student by name, or someone who proved nothing (a refused request). */
export type AuditActor = { role: "instructor" } | { role: "student"; name: string } | { role: "anonymous" };

/** The Ed25519 signature headers a signed control request carried (see server/lib/controlSignature.ts). */
export interface AuditSignature {
  timestamp: string;
  nonce: string;
  signature: string;
}

/** One control action as it is recorded. */
export interface AuditAction {
  actor: AuditActor;
  /** HTTP method, or SOCKET for a socket.io control message. */
  method: string;
  /** The path with its query string, or the socket.io event's name. */
  path: string;
  /** The JSON body or payload, secrets replaced by "[redacted]"; null when there was none. */
  body: unknown;
  /** The answer's HTTP status (0: the client left before it). */
  status: number;
  signature: AuditSignature | null;
  /** Wall-clock time the answer went out, ms since the epoch (never part of the deterministic events). */
  at: number;
}

export interface AuditEntry extends AuditAction {
  /** 1, 2, 3 … with no gaps. */
  seq: number;
  prevHash: string;
  hash: string;
}

/** The canonical encoding described above. */
export function canonicalJson(value: unknown): string {
  if (typeof value === "bigint") return JSON.stringify(value.toString());
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(",")}]`;
  const fields = Object.keys(value)
    .sort()
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${fields.join(",")}}`;
}

/** The hash an entry must carry: SHA-256 over the canonical encoding of everything but `hash`. */
export function entryHash(entry: Omit<AuditEntry, "hash">): string {
  const { actor, at, body, method, path, prevHash, seq, signature, status } = entry;
  const canonical = canonicalJson({ actor, at, body, method, path, prevHash, seq, signature, status });
  return createHash("sha256").update(canonical, "utf8").digest("hex");
}

/** The entry that follows `previous` (undefined: the chain is empty). */
export function chainEntry(
  previous: { seq: number; hash: string } | undefined,
  action: AuditAction,
): AuditEntry {
  const unsigned = { ...action, seq: (previous?.seq ?? 0) + 1, prevHash: previous?.hash ?? GENESIS_HASH };
  return { ...unsigned, hash: entryHash(unsigned) };
}

export type AuditProblem = "gap" | "previous-hash-mismatch" | "hash-mismatch" | "unreadable";

export type VerifyResult =
  | { ok: true; count: number; head: string }
  | { ok: false; seq: number; problem: AuditProblem; message: string };

/** An entry as stored, parsed or not: a row whose JSON cannot be read is reported, not thrown. */
export type StoredEntry = AuditEntry | { seq: number; unreadable: string };

/**
 * Checks entries in the order of their sequence numbers and names the first one that is wrong:
 * a gap (an entry removed), a previous hash that is not the entry before's (reordered, or removed and
 * renumbered), or a hash that does not match the content (edited).
 */
export function verifyChain(entries: readonly StoredEntry[]): VerifyResult {
  let previous: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH };
  for (const entry of entries) {
    const expected = previous.seq + 1;
    if (entry.seq !== expected) {
      const missing = entry.seq - 1 > expected ? `${expected}–${entry.seq - 1}` : String(expected);
      const where = previous.seq === 0 ? "the chain starts with" : `after entry ${previous.seq} comes`;
      return fail(expected, "gap", `entry ${missing} is missing: ${where} entry ${entry.seq}`);
    }
    if ("unreadable" in entry)
      return fail(entry.seq, "unreadable", `entry ${entry.seq} is unreadable: ${entry.unreadable}`);
    if (entry.prevHash !== previous.hash) {
      return fail(
        entry.seq,
        "previous-hash-mismatch",
        `entry ${entry.seq} does not follow entry ${previous.seq}: its previous hash is ${entry.prevHash}, entry ${previous.seq}'s hash is ${previous.hash} (entries reordered, or removed and renumbered)`,
      );
    }
    const recomputed = entryHash(entry);
    if (recomputed !== entry.hash) {
      return fail(
        entry.seq,
        "hash-mismatch",
        `entry ${entry.seq} was altered: its content hashes to ${recomputed}, it says ${entry.hash}`,
      );
    }
    previous = entry;
  }
  return { ok: true, count: previous.seq, head: previous.hash };
}

function fail(seq: number, problem: AuditProblem, message: string): VerifyResult {
  return { ok: false, seq, problem, message };
}

/** Body fields never recorded: tokens, the class code, keys. */
const SECRET_KEYS = /^(token|code|classcode|password|secret|privatekey|authorization)$/i;

/** `value` with every secret field (at any depth) replaced by "[redacted]". */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => [
      key,
      SECRET_KEYS.test(key) ? "[redacted]" : redactSecrets(field),
    ]),
  );
}
