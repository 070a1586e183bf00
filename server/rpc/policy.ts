/**
 * Who may call which JSON-RPC method. Pure: a method name, its parameters and who is asking go in,
 * a verdict comes out. The classroom table (see ../../README.md, "Classroom mode"):
 *
 * - open to everyone: what a wallet and a searcher need — `eth_*` reads, `eth_sendRawTransaction`,
 *   `eth_call`, `eth_estimateGas`, filters and subscriptions, `net_*`, `web3_*`, the bundle methods
 *   (MEV-Share's `mev_sendBundle` and `mev_simBundle` too);
 * - the instructor's (with the token): `evm_*`, `hardhat_*`, `debug_*` and anything else;
 * - nobody from outside, not even with the token: signing with the sandbox's own accounts, and the
 *   calls that would cut the sandbox off its world (`hardhat_reset`, `evm_revert` of a snapshot the
 *   sandbox did not hand out).
 *
 * In solo mode (loopback, one learner) everything is open; the sandbox heals itself afterwards.
 */

/** "classroom": the table above is enforced; "solo": everything is open. */
export type RpcMode = "classroom" | "solo";

/** Who sent the request: the token was the instructor's, absent, or wrong. */
export type Caller = "instructor" | "anonymous" | "wrong-token";

export type Verdict = { allowed: true } | { allowed: false; reason: string };

/** EIP-1193's "Unauthorized": the method exists, this caller may not use it. */
export const UNAUTHORIZED_CODE = 4100;

/** Methods that sign with a key the node holds: the sandbox's actors and bots. */
const SIGNING_METHODS = new Set([
  "eth_sendTransaction",
  "eth_sign",
  "eth_signTransaction",
  "eth_signTypedData",
  "eth_signTypedData_v1",
  "eth_signTypedData_v3",
  "eth_signTypedData_v4",
]);

const OPEN_PREFIXES = ["eth_", "net_", "web3_"];
/** Flashbots' read-only searcher statistics and MEV-Share's bundle methods, open like the bundle methods. */
const OPEN_METHODS = new Set([
  "flashbots_getBundleStatsV2",
  "flashbots_getUserStatsV2",
  "mev_sendBundle",
  "mev_simBundle",
]);

/** Where to go instead of cutting the sandbox off its world. */
const RESET_INSTEAD =
  "to start again from the clean world, reset a run with POST /api/runs/:id/reset (instructor)";

export interface JudgeInput {
  method: string;
  params: unknown;
  mode: RpcMode;
  caller: Caller;
  /** Whether this snapshot id was handed out by an outside `evm_snapshot` (which the instructor may revert). */
  handedOut: (snapshotId: string) => boolean;
}

/** Whether the method signs with a key the node holds (never from outside in classroom mode). */
export function isSigningMethod(method: string): boolean {
  return SIGNING_METHODS.has(method) || method.startsWith("personal_");
}

/** Whether everyone may call the method in classroom mode. */
export function isOpenMethod(method: string): boolean {
  if (OPEN_METHODS.has(method)) return true;
  return !isSigningMethod(method) && OPEN_PREFIXES.some((prefix) => method.startsWith(prefix));
}

export function judge({ method, params, mode, caller, handedOut }: JudgeInput): Verdict {
  if (mode === "solo") return { allowed: true };
  if (isSigningMethod(method)) {
    return refuse(
      `${method} would sign with a key the sandbox holds (its actors' and bots' accounts): in classroom mode the sandbox signs for nobody. Sign the transaction in your own wallet and send it with eth_sendRawTransaction`,
    );
  }
  if (isOpenMethod(method)) return { allowed: true };
  if (method === "hardhat_reset") {
    return refuse(`hardhat_reset would wipe the sandbox's world for the whole class: ${RESET_INSTEAD}`);
  }
  if (caller !== "instructor") return refuse(instructorOnly(method, caller));
  if (method === "evm_revert") {
    const id = firstParam(params);
    if (typeof id !== "string" || !handedOut(id)) {
      return refuse(
        `evm_revert of ${JSON.stringify(id)}: only snapshots this port handed out with evm_snapshot can be reverted, never the sandbox's own; ${RESET_INSTEAD}`,
      );
    }
  }
  return { allowed: true };
}

function instructorOnly(method: string, caller: Caller): string {
  const why =
    caller === "wrong-token"
      ? "the instructor token sent is wrong (use the one npm start printed)"
      : "send the header 'Authorization: Bearer <instructor token>'";
  return `${method} is the instructor's: in classroom mode it needs the instructor token; ${why}`;
}

function refuse(reason: string): Verdict {
  return { allowed: false, reason };
}

function firstParam(params: unknown): unknown {
  return Array.isArray(params) ? params[0] : undefined;
}
