/** The JIT liquidity provider's settings and the gas figures it plans with. */
import { DEFAULT_RISK_LIMITS, type RiskLimits } from "../kit/risk";

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

/**
 * Its default limits: DEFAULT_RISK_LIMITS', but a deposit puts in both tokens, up to the searcher's
 * 1,000 WETH and as much again in the other token (jit-liquidity deposits about 2,000 ETH's worth):
 * the position limit is 2,500 ETH.
 */
export const JIT_RISK_DEFAULTS: RiskLimits = { ...DEFAULT_RISK_LIMITS, maxPosition: 2_500n * 10n ** 18n };

export interface JitSettings {
  /** Most WETH the provider deposits (the other token follows at the pool's ratio). */
  capital: bigint;
  /** Its risk limits, each defaulting to {@link JIT_RISK_DEFAULTS}'. */
  risk?: Partial<RiskLimits>;
}
