/** What the JIT provider reads for one swap: the pool (reserves, LP supply) and its own balances. */
import type { BotContext } from "../../engine/bot";
import { GAS_TOKEN, orient, poolOf, readBalance, readReserves, type WorldIndex } from "../../world/market";
import { wethPriceOf } from "../kit/pricing";
import type { RouterSwap } from "../kit/routerSwap";
import type { JitSnapshot } from "./types";

/** Reads the swap's pool and the provider's balances; undefined for a swap not through one pool paired with WETH. */
export async function readSnapshot(
  swap: RouterSwap,
  ctx: BotContext,
  index: WorldIndex,
): Promise<JitSnapshot | undefined> {
  const { world } = ctx;
  const [tokenIn, tokenOut] = swap.path;
  const pool = tokenIn && tokenOut && poolOf(index, swap.dex.id, tokenIn, tokenOut);
  // One pool, priced in WETH: gas and the bid are paid in ETH.
  if (swap.path.length !== 2 || !pool || !tokenIn || !tokenOut) return undefined;
  if (tokenIn !== GAS_TOKEN && tokenOut !== GAS_TOKEN) return undefined;
  const me = world.actors.searcher.address;
  const [reserves, totalSupply, balanceIn, balanceOut] = await Promise.all([
    readReserves(world, pool),
    pool.pair.totalSupply(),
    readBalance(world, tokenIn, me),
    readBalance(world, tokenOut, me),
  ]);
  return {
    swap: { hash: swap.tx.hash, trader: world.registry.label(swap.tx.from), amountIn: swap.amountIn },
    pool: {
      name: pool.name,
      feeBps: pool.feeBps,
      tokenIn,
      tokenOut,
      ...orient(pool, reserves, tokenIn),
      totalSupply,
      wethPrice: wethPriceOf(pool, reserves),
    },
    balanceIn,
    balanceOut,
    tokens: world.tokens,
    nextBaseFee: ctx.nextBaseFee,
  };
}
