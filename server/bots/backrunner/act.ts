/** How the back-runner sends: one bundle [the target's own signed swap, its cycle through the executor, payment]. */
import type { BotContext } from "../../engine/bot";
import type { TokenSymbol } from "../../world/config";
import { EXECUTE_GAS_LIMIT_MARGIN, encodeExecute } from "../kit/executor";
import { PAYMENT_GAS, payment } from "../kit/fees";
import { BACKRUNNER } from "./settings";
import type { BackrunPlan } from "./types";

/** Signs [execute, payment] and bundles them right after the target's own signed transaction. */
export async function sendBackrun(
  plan: BackrunPlan,
  ctx: BotContext,
): Promise<{ bundle: string; txs: string[] }> {
  const { world } = ctx;
  const { best, situation } = plan;
  const executor = await world.arbitrageExecutor.getAddress();
  // minProfit = the exact expected profit: if the state differs from the plan, it reverts and the bundle is dropped.
  const data = encodeExecute(
    best.startToken,
    best.amountIn,
    best.cycle,
    best.profit,
    (symbol) => world.tokens[symbol as TokenSymbol].address,
  );
  return ctx.sendBundle(BACKRUNNER, world.actors.arbitrageur.address, [
    { pendingTx: situation.snapshot.target.hash },
    { to: executor, data, gasLimit: situation.gasUnits - PAYMENT_GAS + EXECUTE_GAS_LIMIT_MARGIN },
    payment(plan.bid),
  ]);
}
