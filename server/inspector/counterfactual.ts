/**
 * A sandwich victim's counterfactual: what the same trade would have paid out on the state before
 * the attack. Pure helpers; `inspector.ts` runs the `eth_call` and reads reserves.
 *
 * Two ways, best first:
 * 1. Replay the victim's own transaction with `eth_call` at the parent block. A router's
 *    `swapExactTokensForTokens` returns the amounts of every hop; the sandwiched hop's output is
 *    the counterfactual.
 * 2. Otherwise (other calldata, or the replay reverts), quote the victim's input with
 *    `getAmountOut` on the pool's reserves before the front-run.
 * Either way each victim is replayed alone: with several victims, each one's loss also contains
 * the price impact of the victims before it.
 */
import { getAddress, Interface } from "ethers";
import { getAmountOut } from "../math/amm";
import type { DecodedSwap, PoolTokens, Reserves } from "./logs";

/** Uniswap V2 Router02's exact-input swap, the one a trader with slippage protection calls. */
export const ROUTER_INTERFACE = new Interface([
  "function swapExactTokensForTokens(uint256 amountIn, uint256 amountOutMin, address[] path, address to, uint256 deadline) returns (uint256[] amounts)",
]);

/** How a counterfactual was obtained, for the explanation. */
export type CounterfactualMethod = "replayed" | "quoted";

export interface Counterfactual {
  amountOut: bigint;
  method: CounterfactualMethod;
}

/** The token path of a router `swapExactTokensForTokens` call, or undefined for any other calldata. */
export function exactInputPath(data: string): string[] | undefined {
  const call = ROUTER_INTERFACE.parseTransaction({ data });
  if (call?.name !== "swapExactTokensForTokens") return undefined;
  return (call.args.path as string[]).map((token) => getAddress(token));
}

/**
 * The output of the hop `swap.tokenIn → swap.tokenOut` from a router's returned amounts
 * (`amounts[i]` is the input of hop i, `amounts[i+1]` its output), or undefined if the path has no such hop.
 */
export function hopOutputFromAmounts(
  path: readonly string[],
  returnData: string,
  swap: Pick<DecodedSwap, "tokenIn" | "tokenOut">,
): bigint | undefined {
  const [amounts] = ROUTER_INTERFACE.decodeFunctionResult("swapExactTokensForTokens", returnData);
  const hop = path.findIndex((token, i) => token === swap.tokenIn && path[i + 1] === swap.tokenOut);
  if (hop < 0) return undefined;
  return (amounts as bigint[])[hop + 1];
}

/** What `swap.amountIn` would have bought on `reserves` (the pool's, in token0/token1 order). */
export function quoteOnReserves(
  swap: Pick<DecodedSwap, "tokenIn" | "amountIn">,
  reserves: Reserves,
  tokens: PoolTokens,
  feeBps: bigint,
): bigint {
  const zeroForOne = swap.tokenIn === getAddress(tokens.token0);
  const [reserveIn, reserveOut] = zeroForOne
    ? [reserves.reserve0, reserves.reserve1]
    : [reserves.reserve1, reserves.reserve0];
  return getAmountOut(swap.amountIn, reserveIn, reserveOut, feeBps);
}
