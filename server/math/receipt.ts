/**
 * The victim's receipt: what a swap cost, in parts that add up exactly. Pure, over bigint base units.
 *
 * Take the trade's input `amountIn` and the pool it went through as it was before the attack
 * (`reserveIn`, `reserveOut`, fee `feeBps`). At the pool's mid price, with no fee and no slippage, the
 * input is worth `amountOutIdeal = quote(amountIn, reserveIn, reserveOut)`. Trading it without a fee
 * gives `amountOutNoFee = getAmountOut(amountIn, reserveIn, reserveOut, 0)`: less, because the trade
 * moves the price against itself as it goes, its own price impact `priceImpact = ideal − noFee`.
 * With the pool's fee it gives `amountOutNoAttack = getAmountOut(amountIn, reserveIn, reserveOut, feeBps)`
 * (the inspector's counterfactual): the difference, `lpFee = noFee − noAttack`, stays in the pool for
 * its liquidity providers. What the trade really got, `amountOut`, is less again when a searcher traded
 * first: `mevLoss = noAttack − amountOut` (negative when the searcher made it better, as JIT liquidity
 * does). So the trade's result at the mid price, `pnl = amountOut − amountOutIdeal`, is exactly
 * `−(lpFee + priceImpact + mevLoss)` in the output token's base units, with no rounding left over; the gas,
 * `gasUsed · effectiveGasPrice` wei, is paid in ETH on top and is not converted.
 */
import { getAmountOut, quote } from "./amm";

export interface SwapCostParameters {
  amountIn: bigint;
  /** The pool before the attack, oriented for the trade. */
  reserveIn: bigint;
  reserveOut: bigint;
  feeBps: bigint;
  /** The same trade on the same state without the attack (the inspector's counterfactual). */
  amountOutNoAttack: bigint;
  /** What the trade really received. */
  amountOut: bigint;
  gasUsed: bigint;
  effectiveGasPrice: bigint;
}

export interface SwapCost {
  amountOutIdeal: bigint;
  amountOutNoFee: bigint;
  amountOutNoAttack: bigint;
  amountOut: bigint;
  /** Costs in the output token (positive: less received). */
  lpFee: bigint;
  priceImpact: bigint;
  mevLoss: bigint;
  /** `amountOut − amountOutIdeal` = −(lpFee + priceImpact + mevLoss). */
  pnl: bigint;
  /** `gasUsed · effectiveGasPrice`, in wei. */
  gasCost: bigint;
}

/** The receipt of one swap: the four outputs and the parts between them (see the comment above). */
export function swapCost(p: SwapCostParameters): SwapCost {
  const amountOutIdeal = quote(p.amountIn, p.reserveIn, p.reserveOut);
  const amountOutNoFee = getAmountOut(p.amountIn, p.reserveIn, p.reserveOut, 0n);
  return {
    amountOutIdeal,
    amountOutNoFee,
    amountOutNoAttack: p.amountOutNoAttack,
    amountOut: p.amountOut,
    lpFee: amountOutNoFee - p.amountOutNoAttack,
    priceImpact: amountOutIdeal - amountOutNoFee,
    mevLoss: p.amountOutNoAttack - p.amountOut,
    pnl: p.amountOut - amountOutIdeal,
    gasCost: p.gasUsed * p.effectiveGasPrice,
  };
}
