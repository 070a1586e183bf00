/**
 * Gas costs and budgets are in ETH; a bot trading another token converts them at the marginal price
 * of a WETH pool of that token (server/math/price.ts). WETH itself needs no conversion.
 */
import { tokenToWeth, wethToToken } from "../../math/price";
import { GAS_TOKEN, orient, type PoolReserves } from "../../world/market";

/** A token's price in WETH, as a WETH/token pool's reserves give it. */
export interface WethPrice {
  reserveWeth: bigint;
  reserveToken: bigint;
}

/** The price a WETH pool (its token0, its reserves) gives the token it pairs with WETH. */
export function wethPriceOf(pool: { token0: string }, reserves: PoolReserves): WethPrice {
  const { reserveIn: reserveWeth, reserveOut: reserveToken } = orient(pool, reserves, GAS_TOKEN);
  return { reserveWeth, reserveToken };
}

function required(symbol: string, price: WethPrice | undefined): WethPrice {
  if (!price) throw new Error(`no WETH/${symbol} pool to price ${symbol} in`);
  return price;
}

/** An amount of WETH (a gas cost in wei, a budget) in `symbol`, rounded down. */
export function wethTo(symbol: string, amount: bigint, price?: WethPrice): bigint {
  if (symbol === GAS_TOKEN || amount === 0n) return amount;
  const { reserveWeth, reserveToken } = required(symbol, price);
  return wethToToken(amount, reserveWeth, reserveToken);
}

/** An amount of `symbol` in WETH (the inverse of {@link wethTo}), rounded toward zero. */
export function toWeth(symbol: string, amount: bigint, price?: WethPrice): bigint {
  if (symbol === GAS_TOKEN) return amount;
  const { reserveWeth, reserveToken } = required(symbol, price);
  return tokenToWeth(amount, reserveToken, reserveWeth);
}
