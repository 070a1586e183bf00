/** The sandwicher's settings, their defaults, and the gas figures it plans with. */
import { BLOCK_TIME_SECONDS } from "../../chain/chain";
import { GWEI } from "../../format";
import { BiddingError, type SealedBid, validateBidding } from "../kit/bidding";
import type { RiskLimits } from "../kit/risk";

/**
 * Gas of the frontrun, a single-hop router swap, measured on the sandbox's pools and rounded up. The
 * first swap of a block in a pool also updates the pool's price accumulators; the first such update
 * ever writes them from zero (about 40,000 more): measured 144,716 then. The estimate errs high.
 */
export const FRONTRUN_GAS = 150_000n;
/** Gas of the backrun, the same swap the other way, later in the same block (measured 99,499). */
export const BACKRUN_GAS = 105_000n;
/** Gas limit sent with each leg: room above {@link FRONTRUN_GAS}, so a leg never runs out. */
export const SWAP_GAS_LIMIT = 200_000n;
/** The frontrun outbids the victim by this tip, so the block puts it first. */
export const FRONTRUN_TIP_ABOVE_VICTIM = GWEI;
/** The backrun bids this much less than the victim, so the block puts it right after. */
export const BACKRUN_TIP_BELOW_VICTIM = GWEI;
/** Valid for the next block only: a sandwich that lands without its victim is two losing swaps. */
export const DEADLINE_SECONDS = BLOCK_TIME_SECONDS;

/** The name it publishes under. */
export const SANDWICHER = "sandwicher";

/** How the sandwich reaches the block. */
export type SandwichPath = "public" | "bundle";
export const SANDWICH_PATHS: readonly SandwichPath[] = ["public", "bundle"];
/** In a bundle, by default: half of the expected profit after gas goes to the builder. */
export const DEFAULT_SANDWICH_BID: SealedBid = { kind: "fixed", bps: 5_000 };

export interface SandwicherSettings {
  /** Most WETH the searcher puts into one frontrun (for another input token: its worth at the pool price). */
  capital: bigint;
  /** "public" (default): both legs to the mempool, ordered by tips. "bundle": one bundle to the builder. */
  path?: SandwichPath;
  /** In a bundle: the share of its expected profit after gas it pays the builder (default {@link DEFAULT_SANDWICH_BID}). */
  bid?: SealedBid;
  /** Its risk limits, each defaulting to DEFAULT_RISK_LIMITS' (server/bots/kit/risk.ts). */
  risk?: Partial<RiskLimits>;
}

/** Throws a BiddingError naming the setting out of range. */
export function validateSandwicher(settings: SandwicherSettings): void {
  const path = settings.path ?? "public";
  if (!SANDWICH_PATHS.includes(path))
    throw new BiddingError(`path must be one of ${SANDWICH_PATHS.join(", ")}, got ${String(path)}`);
  if (settings.bid) validateBidding({ path: "bundle", bid: settings.bid });
}
