import { getAmountOut, type HopReserves } from "../../server/math/amm";

/** Output of sending x through the hops with the contracts' rounding; 0 once an amount rounds to zero. */
export function outputThrough(x: bigint, hops: readonly HopReserves[]): bigint {
  let amount = x;
  for (const hop of hops)
    amount = amount > 0n ? getAmountOut(amount, hop.reserveIn, hop.reserveOut, hop.feeBps) : 0n;
  return amount;
}

/**
 * The best input of a cycle by trying every x in [1, upTo]: the largest rounded profit, the smallest x
 * among ties. A profit needs output > x, and the output is below the last pool's reserve, so
 * upTo = that reserve covers every profitable input.
 */
export function bruteForceBest(
  hops: readonly HopReserves[],
  upTo: bigint,
): { amountIn: bigint; profit: bigint } {
  let best = { amountIn: 0n, profit: 0n };
  for (let x = 1n; x <= upTo; x++) {
    const profit = outputThrough(x, hops) - x;
    if (profit > best.profit) best = { amountIn: x, profit };
  }
  return best;
}
