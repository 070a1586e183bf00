/** The arbitrage searcher's settings: whose seat it trades from, how long a cycle, how it bids. */
import { GWEI } from "../../format";
import type { World } from "../../world/types";
import type { Bidding } from "../kit/bidding";
import type { RiskLimits } from "../kit/risk";

/** The arbitrageur's priority fee: no victim to outbid, just a fair place in the block. */
export const ARBITRAGE_TIP = 2n * GWEI;

/** The two arbitrage searchers, each with its own account and executor contract. */
export type ArbitrageSearcher = "arbitrageur" | "rival";

/** Each searcher's executor contract in the world. */
export const EXECUTOR_OF = {
  arbitrageur: "arbitrageExecutor",
  rival: "rivalExecutor",
} as const satisfies Record<ArbitrageSearcher, keyof World>;

export interface ArbitrageurSettings {
  /** Longest cycle searched, in pools (≥ 2). */
  maxHops: number;
  /** Whose account and executor it trades with, and the name it publishes under (default "arbitrageur"). */
  actor?: ArbitrageSearcher;
  /** How it bids against rivals: public tips or sealed bundles (default: public, no answer to rivals). */
  bidding?: Bidding;
  /** Its risk limits, each defaulting to DEFAULT_RISK_LIMITS' (server/bots/kit/risk.ts). */
  risk?: Partial<RiskLimits>;
}
