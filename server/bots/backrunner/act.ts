/**
 * How the back-runner sends: one bundle [the target's own signed swap, its cycle through the executor,
 * payment]; or, for a MEV-Share hint, mev_sendBundle [the target by its hash, its cycle, payment].
 */
import type { TransactionRequest } from "ethers";
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
  return ctx.sendBundle(BACKRUNNER, ctx.world.actors.arbitrageur.address, [
    { pendingTx: plan.situation.snapshot.target.hash },
    ...(await cycleAndPayment(plan, ctx)),
  ]);
}

/** MEV-Share: [execute, payment] sent with mev_sendBundle right after the shared transaction, by its hash. */
export async function sendMevBackrun(
  plan: BackrunPlan,
  ctx: BotContext,
): Promise<{ bundle: string; txs: string[] }> {
  const { arbitrageur } = ctx.world.actors;
  const target = plan.situation.snapshot.target.hash;
  return ctx.sendMevBundle(BACKRUNNER, arbitrageur.address, target, await cycleAndPayment(plan, ctx));
}

/** The cycle through the executor, then the payment to the builder. */
async function cycleAndPayment(plan: BackrunPlan, ctx: BotContext): Promise<TransactionRequest[]> {
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
  return [
    { to: executor, data, gasLimit: situation.gasUnits - PAYMENT_GAS + EXECUTE_GAS_LIMIT_MARGIN },
    payment(plan.bid),
  ];
}
