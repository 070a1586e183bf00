/** The back-runner's settings and what it bids. */
import type { RiskLimits } from "../kit/risk";

/** The name it publishes under. */
export const BACKRUNNER = "backrunner";

/** The back-runner bids the builder this share of its profit after gas. */
export const BACKRUN_BID_BPS = 5_000n;

export interface BackrunnerSettings {
  /** Longest cycle searched, in pools (≥ 2). */
  maxHops: number;
  /** Its risk limits, each defaulting to DEFAULT_RISK_LIMITS' (server/bots/kit/risk.ts). */
  risk?: Partial<RiskLimits>;
}
