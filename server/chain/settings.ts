/**
 * How the sandbox's chain is set up, in one place: hardhat.config.ts configures Hardhat with these,
 * and the sandbox puts them back if anything from outside changes them (see control/guard.ts).
 * Pure constants: hardhat.config.ts imports this file before Hardhat is loaded.
 */

/** The chain id wallets are told (Hardhat's default). */
export const CHAIN_ID = 31337;

/** Fixed start date: block timestamps, and so every event, are the same on every run. */
export const GENESIS_DATE = "2026-01-01T00:00:00Z";

/** Every block's gas limit, as on Ethereum mainnet. */
export const BLOCK_GAS_LIMIT = 30_000_000;

/**
 * Automine is off: transactions wait in the mempool until the sandbox mines a block (through its
 * builder), which is what makes MEV visible.
 */
export const AUTOMINE = false;

/** What a block time (seconds between the blocks the sandbox mines on its own) may be, in words. */
export const BLOCK_TIME_RULE = "must be 0 (mine only on request) or a number of seconds from 1 to 3600";

/** 0 (mine on request only) or 1–3600 seconds: anything faster would bury the server in blocks. */
export function isBlockTime(seconds: number): boolean {
  return seconds === 0 || (seconds >= 1 && seconds <= 3600);
}
