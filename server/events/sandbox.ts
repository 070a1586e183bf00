/** The sandbox's own news. */
import type { HEALED_ACTION_TEXT } from "../format";
import type { Base } from "./common";

/**
 * The sandbox healed itself: something from outside altered or removed its world (a chain reset, a
 * revert past its clean snapshot, changed contract code or mining settings) and the sandbox put the
 * clean world back. Sent to every viewer, whatever run they follow; carries the live chain's run id.
 */
export interface SandboxHealed extends Base {
  type: "sandbox:healed";
  /** What was wrong, in words. */
  problem: string;
  /** What the sandbox did: put the mining settings back, returned to the clean snapshot, or redeployed the world from genesis (same addresses). */
  action: keyof typeof HEALED_ACTION_TEXT;
  /** The latest block once healed. */
  block: number;
}
