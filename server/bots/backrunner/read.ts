/** What the back-runner reads for one target: every pool's reserves and its executor's WETH. */
import type { BotContext } from "../../engine/bot";
import type { TokenSymbol } from "../../world/config";
import { GAS_TOKEN, poolOf, readAllReserves, readBalance, type WorldIndex } from "../../world/market";
import type { RouterSwap } from "../kit/routerSwap";
import type { BackrunSnapshot } from "./types";

/** Reads every pool and the executor's WETH; undefined for a swap through a pool the DEX does not have (it reverts). */
export async function readSnapshot(
  swap: RouterSwap,
  ctx: BotContext,
  index: WorldIndex,
): Promise<BackrunSnapshot | undefined> {
  const { world } = ctx;
  const path = swap.path as TokenSymbol[]; // every token a world token: the caller checked
  const hops = path.slice(1).map((tokenOut, i) => poolOf(index, swap.dex.id, path[i]!, tokenOut));
  if (hops.some((pool) => !pool)) return undefined;
  return snapshotFor(ctx, {
    hash: swap.tx.hash,
    trader: world.registry.label(swap.tx.from),
    amountIn: swap.amountIn,
    path,
    route: hops.map((pool) => world.pools.indexOf(pool!)),
  });
}

/** The snapshot around a target, however it was learnt (the mempool, a MEV-Share hint): every pool read now. */
export async function snapshotFor(
  ctx: BotContext,
  target: BackrunSnapshot["target"],
): Promise<BackrunSnapshot> {
  const { world } = ctx;
  const executor = await world.arbitrageExecutor.getAddress();
  const [reserves, capital] = await Promise.all([
    readAllReserves(world),
    readBalance(world, GAS_TOKEN, executor),
  ]);
  return {
    target,
    pools: world.pools,
    reserves,
    capital,
    tokens: world.tokens,
    nextBaseFee: ctx.nextBaseFee,
  };
}
