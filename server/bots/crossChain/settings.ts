/** The cross-chain arbitrageur's name, its tips and the gas it budgets for each leg. */
import { GWEI } from "../../format";

/** The name it publishes under (it trades from the `arbitrageur` account, on both chains). */
export const CROSS_CHAIN_ARBITRAGEUR = "cross-chain arbitrageur";
/** The account it trades from. */
export const CROSS_CHAIN_ACTOR = "arbitrageur";

/** Its priority fee on every leg: no victim to outbid, just a fair place in the block. */
export const CROSS_CHAIN_TIP = 2n * GWEI;

/**
 * Gas it budgets for a router swap and a bridge lock, its cost estimate: what they use, rounded up (a
 * swap into a token the trader does not hold yet costs the most, a fresh storage slot).
 */
export const SWAP_GAS = 145_000n;
export const LOCK_GAS = 70_000n;
/** Gas limits it sends with: the estimate and room to spare. */
export const SWAP_GAS_LIMIT = 200_000n;
export const LOCK_GAS_LIMIT = 150_000n;

/**
 * The sale after the bridge accepts up to 1% less than the price read just before: by then the
 * position is taken, and the bot sells whatever the price has become rather than hold the risk.
 */
export const SELL_SLIPPAGE_BPS = 100n;
