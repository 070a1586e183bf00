/**
 * The instructor token: generated, read from an `Authorization: Bearer` header, and compared in
 * constant time. Shared by both ports (HTTP with socket.io, and JSON-RPC).
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** Letters and digits a class reads off a projector without confusing them (no 0/O, 1/I/L). */
const CLASS_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/** A fresh class code: 6 characters a class can type, e.g. "K7QX2M". */
export function generateClassCode(): string {
  return [...randomBytes(6)].map((byte) => CLASS_CODE_ALPHABET[byte % CLASS_CODE_ALPHABET.length]).join("");
}

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

/** The token of an `Authorization: Bearer <token>` header, if it has that form. */
export function bearerToken(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(header ?? "")?.[1];
}

/** Whether an Authorization header carries the instructor's token. */
export function isInstructor(header: string | undefined, expected: string): boolean {
  const given = bearerToken(header);
  return given !== undefined && tokensMatch(given, expected);
}
