/** The liquidator's settings, their defaults, and the gas figures it plans with. */
import { GWEI } from "../../format";
import { BiddingError, type SealedBid, validateBidding } from "../kit/bidding";

/** The name it publishes under (and its actor). */
export const LIQUIDATOR = "liquidator";

export interface LiquidatorSettings {
  /** Liquidate with a flash loan through the FlashLiquidator contract instead of the bot's own tokens. */
  flash: boolean;
  /** "public" (default): to the mempool with a tip. "bundle": [liquidation, payment] to the builder. */
  path?: "public" | "bundle";
  /** In a bundle: the share of its expected profit after gas it pays the builder (default 50%). */
  bid?: SealedBid;
  /**
   * In a bundle: also read pending oracle updates, and when one would make a position liquidatable,
   * back-run it: [the update's own signed transaction, liquidation, payment], in the update's block.
   */
  backrunOracle?: boolean;
}

const LIQUIDATION_PATHS = ["public", "bundle"] as const;
/** In a bundle, by default: half of the expected profit after gas goes to the builder. */
export const DEFAULT_LIQUIDATION_BID: SealedBid = { kind: "fixed", bps: 5_000 };

/** Priority fee of its liquidations. */
export const TIP = 2n * GWEI;
/** Gas one `liquidationCall` uses, measured once in the liquidation scenario (138,655): the cost estimate. */
export const LIQUIDATION_CALL_GAS = 140_000n;
/** Gas one `FlashLiquidator.liquidate` uses (flash loan, liquidation, one swap), measured once (356,964). */
export const FLASH_LIQUIDATION_GAS = 360_000n;
/** Gas limits are the estimate doubled: explicit (no slow estimation) and never the reason it fails. */
export const GAS_LIMIT_FACTOR = 2n;

/** Throws a BiddingError naming the setting out of range. */
export function validateLiquidator(settings: LiquidatorSettings): void {
  const path = settings.path ?? "public";
  if (!LIQUIDATION_PATHS.includes(path))
    throw new BiddingError(`path must be one of ${LIQUIDATION_PATHS.join(", ")}, got ${String(path)}`);
  if (settings.bid) validateBidding({ path: "bundle", bid: settings.bid });
  // A bandit learns from each outcome; this bot does not track its bundles' outcomes.
  if (settings.bid?.kind === "bandit")
    throw new BiddingError(
      "the liquidator's bid must be fixed or random (a bandit is not supported), got bandit",
    );
  if (settings.backrunOracle && path !== "bundle")
    throw new BiddingError('backrunOracle needs path "bundle" (a back-run is a bundle), got path "public"');
}
