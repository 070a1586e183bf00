/** What the sandwicher reads for one victim: the swap, its pool, its own balance, the WETH price of its input. */
import type { BotContext } from "../../engine/bot";
import type { TokenSymbol } from "../../world/config";
import { GAS_TOKEN, orient, poolOf, readBalance, readReserves, type WorldIndex } from "../../world/market";
import type { PoolHandle } from "../../world/types";
import { wethPriceOf } from "../kit/pricing";
import type { RouterSwap } from "../kit/routerSwap";
import type { SandwichSnapshot } from "./types";

/** Reads the victim's pool, the searcher's balance and the WETH price, with one call per pool. */
export async function readSnapshot(
  swap: RouterSwap,
  ctx: BotContext,
  index: WorldIndex,
): Promise<SandwichSnapshot> {
  const { world } = ctx;
  const [tokenIn, tokenOut] = swap.path;
  const handle = tokenIn && tokenOut && poolOf(index, swap.dex.id, tokenIn, tokenOut);
  const snapshot: SandwichSnapshot = {
    swap: {
      hash: swap.tx.hash,
      victim: world.registry.label(swap.tx.from),
      router: world.registry.label(swap.tx.to!),
      dex: swap.dex.name,
      tip: swap.tx.tip,
      amountIn: swap.amountIn,
      amountOutMin: swap.amountOutMin,
      path: swap.path,
    },
    pool: undefined,
    balance: 0n,
    wethPrice: undefined,
    tokens: world.tokens,
    nextBaseFee: ctx.nextBaseFee,
  };
  if (swap.path.length !== 2 || !handle || !tokenIn || !tokenOut) return snapshot;
  const pricing = pricingPool(index, handle, tokenIn);
  const [reserves, balance, pricingReserves] = await Promise.all([
    readReserves(world, handle),
    readBalance(world, tokenIn, world.actors.searcher.address),
    pricing && pricing !== handle ? readReserves(world, pricing) : undefined,
  ]);
  const { reserveIn, reserveOut } = orient(handle, reserves, tokenIn);
  return {
    ...snapshot,
    pool: { name: handle.name, feeBps: handle.feeBps, tokenIn, tokenOut, reserveIn, reserveOut },
    balance,
    wethPrice: pricing && wethPriceOf(pricing, pricing === handle ? reserves : pricingReserves!),
  };
}

/**
 * Where the searcher prices its input token in WETH (gas and its budget are in WETH): the victim's
 * own pool when it pairs the token with WETH, else a WETH pool of the same DEX. None for WETH itself.
 */
export function pricingPool(
  index: WorldIndex,
  pool: PoolHandle,
  tokenIn: TokenSymbol,
): PoolHandle | undefined {
  if (tokenIn === GAS_TOKEN) return undefined;
  if (pool.token0 === GAS_TOKEN || pool.token1 === GAS_TOKEN) return pool;
  const candidates = index.wethPools.get(tokenIn) ?? [];
  return candidates.find((p) => p.dex === pool.dex) ?? candidates[0];
}
