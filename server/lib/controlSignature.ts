/**
 * Signed control (`npm start -- --instructor-key <key>`): each control request carries an Ed25519
 * signature by the instructor's private key, besides the token.
 *
 * Headers: X-Sandbox-Timestamp (Unix time in whole seconds), X-Sandbox-Nonce (16 to 128 characters
 * among A–Z a–z 0–9 _ -, never used twice), X-Sandbox-Signature (the 64-byte signature in hex).
 * The signed message (written once, here) is these six lines joined by "\n", no final newline:
 *   mev-sandbox-control-v1
 *   <METHOD in capitals>
 *   <path as requested, with its query string: /api/runs/run-1/step>
 *   <timestamp, as in its header>
 *   <nonce>
 *   <lowercase hex SHA-256 of the body's bytes exactly as sent; of "" when there is none>
 * A request is refused when its timestamp is more than SIGNATURE_WINDOW_S from the server's clock
 * (either way), or when its nonce was already seen while within that window (a replay).
 *
 * The public key is given as the raw 32 bytes in hex (64 digits) or base64, or as a PEM (SPKI) text;
 * private keys are PEM (PKCS#8), as `npm run sign -- --keygen` and `openssl genpkey -algorithm ed25519` write.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  type KeyObject,
  randomBytes,
  sign,
  verify,
} from "node:crypto";

export const SIGNATURE_HEADERS = {
  timestamp: "X-Sandbox-Timestamp",
  nonce: "X-Sandbox-Nonce",
  signature: "X-Sandbox-Signature",
} as const;
export const SIGNED_MESSAGE_VERSION = "mev-sandbox-control-v1";
/** How far a timestamp may be from the server's clock, in seconds, into the past or the future. */
export const SIGNATURE_WINDOW_S = 60;

const NONCE = /^[A-Za-z0-9_-]{16,128}$/;

export interface ControlRequest {
  method: string;
  path: string;
  /** The body exactly as sent ("" for none). */
  body: string;
}

export interface SignatureHeaders {
  timestamp: string;
  nonce: string;
  signature: string;
}

/** The message a control request's signature covers (see the top of this file). */
export function signedMessage(request: ControlRequest, timestamp: string, nonce: string): string {
  const bodyHash = createHash("sha256").update(request.body, "utf8").digest("hex");
  return [
    SIGNED_MESSAGE_VERSION,
    request.method.toUpperCase(),
    request.path,
    timestamp,
    nonce,
    bodyHash,
  ].join("\n");
}

/** Signs a control request now (or at `nowMs`), with a fresh random nonce unless one is given. */
export function signControl(
  privateKey: KeyObject,
  request: ControlRequest,
  nowMs = Date.now(),
  nonce = randomBytes(16).toString("hex"),
): SignatureHeaders {
  const timestamp = String(Math.floor(nowMs / 1000));
  const signature = sign(null, Buffer.from(signedMessage(request, timestamp, nonce)), privateKey);
  return { timestamp, nonce, signature: signature.toString("hex") };
}

/** A refusal's code and reason, or undefined when the request is signed as it should be. */
export type SignatureProblem = { code: string; reason: string } | undefined;

/**
 * Checks a control request's signature headers against the instructor's public key; a nonce that
 * passes is remembered in `nonces`.
 */
export function checkControlSignature(
  publicKey: KeyObject,
  headers: Partial<SignatureHeaders>,
  request: ControlRequest,
  nonces: NonceBook,
  nowMs = Date.now(),
): SignatureProblem {
  const { timestamp, nonce, signature } = headers;
  if (!timestamp || !nonce || !signature) {
    const names = Object.values(SIGNATURE_HEADERS).join(", ");
    return problem(
      "signature_missing",
      `this sandbox takes signed control only (--instructor-key): send ${names} (npm run -s sign -- <method> <path> [body] prints them)`,
    );
  }
  if (!/^\d{1,12}$/.test(timestamp))
    return problem("signature_malformed", `${SIGNATURE_HEADERS.timestamp} must be Unix time in seconds`);
  if (!NONCE.test(nonce))
    return problem(
      "signature_malformed",
      `${SIGNATURE_HEADERS.nonce} must be 16 to 128 characters among A-Z a-z 0-9 _ -`,
    );
  if (!/^[0-9a-fA-F]{128}$/.test(signature))
    return problem("signature_malformed", `${SIGNATURE_HEADERS.signature} must be 64 bytes in hex`);
  const age = Math.floor(nowMs / 1000) - Number(timestamp);
  if (age > SIGNATURE_WINDOW_S)
    return problem(
      "signature_stale",
      `stale timestamp: signed ${age} s ago, more than ${SIGNATURE_WINDOW_S} s; sign the request again`,
    );
  if (-age > SIGNATURE_WINDOW_S)
    return problem(
      "signature_future",
      `timestamp ${-age} s in the future, more than ${SIGNATURE_WINDOW_S} s: check the signing machine's clock`,
    );
  const message = Buffer.from(signedMessage(request, timestamp, nonce));
  if (!verify(null, message, publicKey, Buffer.from(signature, "hex"))) {
    return problem(
      "signature_invalid",
      "bad signature: it does not match this request (method, path, body, timestamp, nonce) under the instructor's key",
    );
  }
  if (!nonces.take(nonce, Number(timestamp), nowMs)) {
    return problem(
      "signature_replayed",
      "replayed request: this nonce was already used; sign the request again",
    );
  }
  return undefined;
}

function problem(code: string, reason: string): SignatureProblem {
  return { code, reason };
}

/** The nonces seen whose timestamps are still within the window (older ones are refused as stale anyway). */
export class NonceBook {
  private readonly seen = new Map<string, number>();

  /** Remembers `nonce`; false when it was already there. */
  take(nonce: string, timestampS: number, nowMs: number): boolean {
    this.forgetExpired(nowMs);
    if (this.seen.has(nonce)) return false;
    this.seen.set(nonce, (timestampS + SIGNATURE_WINDOW_S) * 1000);
    return true;
  }

  private forgetExpired(nowMs: number): void {
    for (const [nonce, expiresMs] of this.seen) if (expiresMs < nowMs) this.seen.delete(nonce);
  }
}

/**
 * An Ed25519 public key from its text: 64 hex digits or base64 of the raw 32 bytes, or a PEM public
 * key. Throws with what is accepted.
 */
export function parsePublicKey(text: string): KeyObject {
  const trimmed = text.trim();
  const raw = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, "hex") : base64Raw(trimmed);
  const key = raw
    ? createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: raw.toString("base64url") }, format: "jwk" })
    : pemPublicKey(trimmed);
  if (key.asymmetricKeyType !== "ed25519")
    throw new Error(`an Ed25519 key is needed, this one is ${key.asymmetricKeyType}`);
  return key;
}

/** An Ed25519 private key from a PEM (PKCS#8) text. */
export function parsePrivateKey(pem: string): KeyObject {
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== "ed25519")
    throw new Error(`an Ed25519 key is needed, this one is ${key.asymmetricKeyType}`);
  return key;
}

/** The raw 32 bytes of a public key, in hex: the form `--instructor-key` takes on the command line. */
export function publicKeyHex(key: KeyObject): string {
  const { x } = key.export({ format: "jwk" }) as { x: string };
  return Buffer.from(x, "base64url").toString("hex");
}

function base64Raw(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]{43}=?$/.test(text)) return undefined;
  const bytes = Buffer.from(text, "base64");
  return bytes.length === 32 ? bytes : undefined;
}

function pemPublicKey(text: string): KeyObject {
  if (!text.includes("-----BEGIN")) {
    throw new Error("must be an Ed25519 public key: 64 hex digits, base64 of its 32 bytes, or a PEM file");
  }
  return createPublicKey(text);
}
