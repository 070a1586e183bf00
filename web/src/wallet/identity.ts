/**
 * The student's key and class token, kept in this browser's localStorage and nowhere else: the key
 * is made here (`Wallet.createRandom()`), only its address goes to the server, and the token the
 * server answers with proves who the student is (answering polls).
 */
import { Wallet } from "ethers";

const STUDENT_KEY = "mev-sandbox.student";
const WATCH_KEY = "mev-sandbox.watch-only";

export interface StudentIdentity {
  privateKey: string;
  address: string;
  /** Set once the class accepted the address. */
  joined: { id: string; name: string; token: string } | null;
}

export function loadIdentity(): StudentIdentity | null {
  try {
    const stored = JSON.parse(localStorage.getItem(STUDENT_KEY) ?? "null") as StudentIdentity | null;
    return stored?.privateKey && stored.address ? stored : null;
  } catch {
    return null;
  }
}

export function saveIdentity(identity: StudentIdentity): void {
  localStorage.setItem(STUDENT_KEY, JSON.stringify(identity));
}

/** The stored key, or a new one made here and stored at once (a retried join keeps its address). */
export function keyForJoining(): StudentIdentity {
  const stored = loadIdentity();
  if (stored) return stored;
  const wallet = Wallet.createRandom();
  const identity: StudentIdentity = { privateKey: wallet.privateKey, address: wallet.address, joined: null };
  saveIdentity(identity);
  return identity;
}

/** The signer of the student's transactions and bundles (no provider: it only signs). */
export function signerOf(identity: StudentIdentity): Wallet {
  return new Wallet(identity.privateKey);
}

/** The viewer chose to watch without joining; remembered until they ask to join. */
export function watchesOnly(): boolean {
  return localStorage.getItem(WATCH_KEY) === "1";
}

export function setWatchOnly(value: boolean): void {
  if (value) localStorage.setItem(WATCH_KEY, "1");
  else localStorage.removeItem(WATCH_KEY);
}
