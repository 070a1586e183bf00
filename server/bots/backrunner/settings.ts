/** The back-runner's settings and what it bids. */

/** The name it publishes under. */
export const BACKRUNNER = "backrunner";

/** The back-runner bids the builder this share of its profit after gas. */
export const BACKRUN_BID_BPS = 5_000n;

export interface BackrunnerSettings {
  /** Longest cycle searched, in pools (≥ 2). */
  maxHops: number;
}
