/** How the JIT provider sends: one bundle [add liquidity, the trader's own signed swap, remove liquidity, payment]. */
import { AmmRouter__factory } from "../../../typechain-types";
import { BLOCK_TIME_SECONDS } from "../../chain/chain";
import type { BotContext } from "../../engine/bot";
import type { BlockClock } from "../kit/clock";
import { payment } from "../kit/fees";
import type { RouterSwap } from "../kit/routerSwap";
import { JIT, LIQUIDITY_GAS_LIMIT } from "./settings";
import type { JitPlan } from "./types";

const routerInterface = AmmRouter__factory.createInterface();

/** Signs [add, remove, payment] with consecutive nonces and bundles them around the trader's own transaction. */
export async function sendJit(
  plan: JitPlan,
  swap: RouterSwap,
  ctx: BotContext,
  clock: BlockClock,
): Promise<{ bundle: string; txs: string[] }> {
  const { world } = ctx;
  const { pool } = plan.situation.snapshot;
  const { outcome } = plan.decision;
  const me = world.actors.searcher.address;
  const router = await swap.dex.router.getAddress();
  const deadline = BigInt((await clock.timestampOf(world, ctx.blockNumber)) + BLOCK_TIME_SECONDS);
  const [tokenIn, tokenOut] = [world.tokens[pool.tokenIn].address, world.tokens[pool.tokenOut].address];
  // Exact amounts as minimums: if anything ran before the bundle the amounts differ and it reverts (and is dropped).
  const add = routerInterface.encodeFunctionData("addLiquidity", [
    tokenIn,
    tokenOut,
    outcome.depositIn,
    outcome.depositOut,
    outcome.depositIn,
    outcome.depositOut,
    me,
    deadline,
  ]);
  const remove = routerInterface.encodeFunctionData("removeLiquidity", [
    tokenIn,
    tokenOut,
    outcome.liquidity,
    outcome.withdrawIn,
    outcome.withdrawOut,
    me,
    deadline,
  ]);
  return ctx.sendBundle(JIT, me, [
    { to: router, data: add, gasLimit: LIQUIDITY_GAS_LIMIT },
    { pendingTx: swap.tx.hash },
    { to: router, data: remove, gasLimit: LIQUIDITY_GAS_LIMIT },
    payment(plan.bidWei),
  ]);
}
