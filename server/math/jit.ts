/**
 * Just-in-time liquidity on a constant-product pool: add liquidity right before a known swap, take
 * it out right after, keep a share of the swap's fee. The liquidity functions mirror
 * `AmmRouter._addLiquidity`, `AmmPair.mint` and `AmmPair.burn` with their integer rounding, so every
 * amount equals the contracts' to the wei. Pure functions over bigint base units; no I/O.
 *
 * Orientation: "in" is the token the victim sells into the pool, "out" the one it buys.
 */
import { BPS, getAmountOut, quote } from "./amm";
import { min } from "./bigint";

/**
 * Mirrors `AmmRouter._addLiquidity` on a pool with reserves: the desired amount of A and the quote of
 * B at the pool's ratio if it fits, else the desired B and the quote of A.
 */
export function addLiquidityAmounts(
  amountADesired: bigint,
  amountBDesired: bigint,
  reserveA: bigint,
  reserveB: bigint,
): { amountA: bigint; amountB: bigint } {
  const amountBOptimal = quote(amountADesired, reserveA, reserveB);
  if (amountBOptimal <= amountBDesired) return { amountA: amountADesired, amountB: amountBOptimal };
  return { amountA: quote(amountBDesired, reserveB, reserveA), amountB: amountBDesired };
}

/** Mirrors `AmmPair.mint` on a pool with supply: `liquidity = min(amount0·supply/reserve0, amount1·supply/reserve1)`, each rounded down. */
export function mintLiquidity(
  amount0: bigint,
  amount1: bigint,
  reserve0: bigint,
  reserve1: bigint,
  totalSupply: bigint,
): bigint {
  return min((amount0 * totalSupply) / reserve0, (amount1 * totalSupply) / reserve1);
}

/** Mirrors `AmmPair.burn`: `amount = liquidity·balance/supply` for each token, rounded down. */
export function burnAmounts(
  liquidity: bigint,
  balance0: bigint,
  balance1: bigint,
  totalSupply: bigint,
): { amount0: bigint; amount1: bigint } {
  return { amount0: (liquidity * balance0) / totalSupply, amount1: (liquidity * balance1) / totalSupply };
}

/**
 * The provider's share of a swap's fee: `amountIn·fee·liquidity / (10000·supply)`, rounded down, where
 * `supply` counts the provider's `liquidity` (the pool's LP tokens while the swap runs).
 */
export function jitFeeShare(amountIn: bigint, feeBps: bigint, liquidity: bigint, supply: bigint): bigint {
  return (amountIn * feeBps * liquidity) / (BPS * supply);
}

export interface JitParameters {
  /** The pool's reserves before the provider's deposit, oriented for the victim's trade. */
  reserveIn: bigint;
  reserveOut: bigint;
  /** LP tokens in existence before the deposit. */
  totalSupply: bigint;
  feeBps: bigint;
  /** What the victim sells into the pool. */
  victimAmountIn: bigint;
  /** The most the provider deposits of each token (the router takes them at the pool's ratio). */
  depositInDesired: bigint;
  depositOutDesired: bigint;
}

export interface JitOutcome {
  depositIn: bigint;
  depositOut: bigint;
  liquidity: bigint;
  /** LP tokens while the victim's swap runs: totalSupply + liquidity. */
  supply: bigint;
  /** The victim's output with the provider's liquidity in, and without it. */
  victimOut: bigint;
  victimOutAlone: bigint;
  /** What the provider takes out after the swap. */
  withdrawIn: bigint;
  withdrawOut: bigint;
  /** withdraw − deposit, per token: the in side gains, the out side loses (it sold its share of the victim's output). */
  deltaIn: bigint;
  deltaOut: bigint;
  /** jitFeeShare(victimAmountIn, fee, liquidity, supply), in the in token. */
  feeShare: bigint;
  /** The deltas valued in the in token at the pool's price before the swap (after the deposit), rounded down. */
  valueBefore: bigint;
  /** The same at the pool's price after the swap: what the deltas are worth if the price stays there. */
  valueAfter: bigint;
}

/** `deltaIn + deltaOut·reserveIn/reserveOut`: token changes valued in the in token at a pool's price, rounded down. */
export function valueIn(deltaIn: bigint, deltaOut: bigint, reserveIn: bigint, reserveOut: bigint): bigint {
  const scaled = deltaIn * reserveOut + deltaOut * reserveIn;
  const value = scaled / reserveOut;
  return scaled < 0n && value * reserveOut !== scaled ? value - 1n : value;
}

/** Plays deposit → victim's swap → withdrawal on the pool with the contracts' rounding. */
export function simulateJit(p: JitParameters): JitOutcome {
  const { amountA: depositIn, amountB: depositOut } = addLiquidityAmounts(
    p.depositInDesired,
    p.depositOutDesired,
    p.reserveIn,
    p.reserveOut,
  );
  const liquidity = mintLiquidity(depositIn, depositOut, p.reserveIn, p.reserveOut, p.totalSupply);
  const supply = p.totalSupply + liquidity;
  const [x, y] = [p.reserveIn + depositIn, p.reserveOut + depositOut];
  const victimOut = getAmountOut(p.victimAmountIn, x, y, p.feeBps);
  const [x1, y1] = [x + p.victimAmountIn, y - victimOut];
  const { amount0: withdrawIn, amount1: withdrawOut } = burnAmounts(liquidity, x1, y1, supply);
  const deltaIn = withdrawIn - depositIn;
  const deltaOut = withdrawOut - depositOut;
  return {
    depositIn,
    depositOut,
    liquidity,
    supply,
    victimOut,
    victimOutAlone: getAmountOut(p.victimAmountIn, p.reserveIn, p.reserveOut, p.feeBps),
    withdrawIn,
    withdrawOut,
    deltaIn,
    deltaOut,
    feeShare: jitFeeShare(p.victimAmountIn, p.feeBps, liquidity, supply),
    valueBefore: valueIn(deltaIn, deltaOut, x, y),
    valueAfter: valueIn(deltaIn, deltaOut, x1, y1),
  };
}

/** Why a JIT provider declines. */
export type JitSkipReason = "no-liquidity-minted" | "fee-share-below-gas" | "unprofitable-after-price-move";

export type JitDecision =
  | { kind: "jit"; outcome: JitOutcome; bid: bigint; netProfit: bigint }
  | { kind: "skip"; reason: JitSkipReason; outcome?: JitOutcome };

/**
 * Decides: the fee share alone must pay the gas (it is the only income that does not depend on the
 * price); the builder is bid `bidBps` of what is left; and the deltas valued at the price before the
 * swap, minus gas and bid, must stay positive. `gasCost` is in the in token.
 */
export function planJit(p: JitParameters, gasCost: bigint, bidBps: bigint): JitDecision {
  // The router cannot quote a zero deposit (it reverts): nothing to add.
  if (p.depositInDesired <= 0n || p.depositOutDesired <= 0n)
    return { kind: "skip", reason: "no-liquidity-minted" };
  const outcome = simulateJit(p);
  if (outcome.liquidity <= 0n) return { kind: "skip", reason: "no-liquidity-minted", outcome };
  if (outcome.feeShare <= gasCost) return { kind: "skip", reason: "fee-share-below-gas", outcome };
  const bid = ((outcome.feeShare - gasCost) * bidBps) / BPS;
  const netProfit = outcome.valueBefore - gasCost - bid;
  if (netProfit <= 0n) return { kind: "skip", reason: "unprofitable-after-price-move", outcome };
  return { kind: "jit", outcome, bid, netProfit };
}
