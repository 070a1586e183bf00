/** The JIT liquidity provider's settings and the gas figures it plans with. */

/** The name it publishes under. */
export const JIT = "jit";

/**
 * Gas of `addLiquidity` through the router, measured on DEX A WETH/USDC the first time the provider
 * holds LP tokens of the pool (157,441: the balance slot is written from zero), rounded up.
 */
export const ADD_LIQUIDITY_GAS = 165_000n;
/** Gas of `removeLiquidity` right after the swap (measured 135,547), rounded up. */
export const REMOVE_LIQUIDITY_GAS = 140_000n;
/** Gas limits: room above the estimates so nothing runs out. */
export const LIQUIDITY_GAS_LIMIT = 250_000n;
/** The provider bids the builder this share of what the fee share leaves after gas. */
export const JIT_BID_BPS = 5_000n;

export interface JitSettings {
  /** Most WETH the provider deposits (the other token follows at the pool's ratio). */
  capital: bigint;
}
