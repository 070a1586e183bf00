/** The liquidator's settings, their defaults, and the gas figures it plans with. */
import { GWEI } from "../../format";
import { BiddingError, type SealedBid, validateBidding } from "../kit/bidding";
import type { RiskLimits } from "../kit/risk";

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
  /**
   * The lending pool it watches, by its name in the registry, instead of the world's (a pool a
   * scenario deploys). It prices positions as the next block will read them: a DEX TWAP oracle's
   * answer moves every block, and is known a block ahead. Public path, own capital.
   */
  lendingPool?: string;
  /**
   * Sells the collateral it seizes at once, on this DEX pool (by name), for the debt asset, in a second
   * transaction right behind the liquidation; it liquidates only if the sale repays more than the debt
   * it covered plus the gas. Own capital only (a flash liquidation sells already).
   */
  sellOn?: string;
  /** Its risk limits, each defaulting to DEFAULT_RISK_LIMITS' (server/bots/kit/risk.ts). */
  risk?: Partial<RiskLimits>;
}

const LIQUIDATION_PATHS = ["public", "bundle"] as const;
/** In a bundle, by default: half of the expected profit after gas goes to the builder. */
export const DEFAULT_LIQUIDATION_BID: SealedBid = { kind: "fixed", bps: 5_000 };

/** Priority fee of its liquidations. */
export const TIP = 2n * GWEI;
/** Gas one `liquidationCall` uses, measured once in the liquidation scenario (138,655): the cost estimate. */
export const LIQUIDATION_CALL_GAS = 140_000n;
/**
 * Gas one `liquidationCall` uses on a pool the bot watches beside the world's, whose WETH price may be a
 * DEX TWAP (DexTwapOracle): each price read averages the pair's accumulator. Measured once in the cascade
 * scenario with a 1-block window (145,707); a longer window adds its search's reads: room is left.
 */
export const TWAP_LIQUIDATION_CALL_GAS = 200_000n;
/** Gas of the router swap that sells the seized collateral, measured once in the cascade scenario (110,528). */
export const SALE_GAS = 110_000n;
/** The sale's slippage tolerance: its minimum output is the quote less 1%. */
export const SALE_SLIPPAGE_BPS = 100n;
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
  if (settings.sellOn !== undefined && settings.lendingPool === undefined)
    throw new BiddingError("sellOn needs lendingPool (the world's pool is liquidated as before)");
  if (settings.lendingPool !== undefined && (settings.flash || path !== "public" || settings.backrunOracle))
    throw new BiddingError(
      "lendingPool takes the public path with the bot's own capital (no flash, bundle or backrunOracle)",
    );
}
