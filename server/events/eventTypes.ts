/** Every event type of the catalog at run time (for the page's socket and for reading run files). */
import type { SandboxEventType } from "./catalog";

/** Every event type, once (a Record, so that the compiler insists on each type of the catalog). */
export const EVENT_TYPES: Record<SandboxEventType, true> = {
  "run:started": true,
  "run:finished": true,
  "run:failed": true,
  "step:started": true,
  "step:finished": true,
  "tx:pending": true,
  "block:mined": true,
  "pool:updated": true,
  "oracle:updated": true,
  "position:updated": true,
  "opportunity:found": true,
  "opportunity:skipped": true,
  "mev:classified": true,
  "flashloan:taken": true,
  "balances:updated": true,
  "bundle:received": true,
  "bundle:cancelled": true,
  "block:built": true,
  "auction:bid": true,
  "bandit:updated": true,
  "risk:limit-hit": true,
  "risk:killed": true,
  "risk:resumed": true,
  "sandbox:healed": true,
  "student:joined": true,
  "challenge:started": true,
  "challenge:standings": true,
  "challenge:finished": true,
  "poll:opened": true,
  "poll:answered": true,
  "poll:revealed": true,
  "hint:shared": true,
  "refund:paid": true,
  "crosschain:opened": true,
  "crosschain:block": true,
  "bridge:locked": true,
  "bridge:relayed": true,
  "bridge:released": true,
};

/** Whether `type` names an event of the catalog. */
export function isEventType(type: string): type is SandboxEventType {
  return Object.hasOwn(EVENT_TYPES, type);
}
