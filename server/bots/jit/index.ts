/**
 * The just-in-time liquidity provider. It reads every pending router swap through one pool paired
 * with WETH and, when its share of the swap's fee pays for the gas, bundles [add liquidity, the
 * trader's own signed swap, remove liquidity, payment to the builder].
 *
 * read.ts reads the pool and its balances, decide.ts sizes the deposit (pure, with
 * server/math/jit.ts), explain.ts words it, act.ts sends the bundle. Before it sends, its risk controls
 * (../kit/riskBook.ts) may stop it: its position is both tokens of its deposit, valued in ETH.
 */
import type { Bot, BotContext } from "../../engine/bot";
import { worldIndex } from "../../world/market";
import { BlockClock } from "../kit/clock";
import { foundEvent, skippedEvent } from "../kit/decision";
import { RiskBook } from "../kit/riskBook";
import { type RouterSwap, routerSwap } from "../kit/routerSwap";
import { sendJit } from "./act";
import { decide, refuseByRisk } from "./decide";
import { finding } from "./explain";
import { readSnapshot } from "./read";
import { JIT, JIT_RISK_DEFAULTS, type JitSettings } from "./settings";
import type { JitPlan } from "./types";

export { ADD_LIQUIDITY_GAS, JIT_BID_BPS, type JitSettings, REMOVE_LIQUIDITY_GAS } from "./settings";

export function createJitProvider(settings: JitSettings): Bot {
  const clock = new BlockClock();
  const seen = new Set<string>();
  /** Its risk controls: its record read from the chain, its limits, the instructor's kill switch. */
  const risk = new RiskBook(JIT, "searcher", settings.risk, JIT_RISK_DEFAULTS);

  /** Sends the bundle, or says which risk control stops it. */
  async function provide(plan: JitPlan, swap: RouterSwap, ctx: BotContext): Promise<void> {
    const { pool } = plan.situation.snapshot;
    const { outcome } = plan.decision;
    const { stop, figures, notional } = await risk.vet(ctx, [
      [pool.tokenIn, outcome.depositIn],
      [pool.tokenOut, outcome.depositOut],
    ]);
    if (stop) {
      ctx.decide(skippedEvent(JIT, "jit", ctx.blockNumber, refuseByRisk(plan, stop, figures, risk.limits)));
      return;
    }
    const sent = await sendJit(plan, swap, ctx, clock);
    const [add, , remove, pay] = sent.txs as [string, string, string, string];
    risk.sent(notional, [add, remove, pay], ctx.blockNumber + 1);
    ctx.decide(foundEvent(JIT, "jit", ctx.blockNumber, finding(plan, sent.bundle), sent.txs));
  }

  return risk.guarding({
    name: JIT,
    actor: "searcher",
    async onBlock(block, ctx) {
      clock.remember(block.number, block.timestamp);
      await risk.afterBlock(block, ctx);
    },
    async onPending(txs, ctx) {
      const index = await worldIndex(ctx.world);
      for (const tx of txs) {
        if (seen.has(tx.hash)) continue;
        const swap = routerSwap(ctx.world, index, tx);
        if (!swap) continue;
        seen.add(tx.hash);
        const snapshot = await readSnapshot(swap, ctx, index);
        if (!snapshot) continue;
        const choice = decide(snapshot, settings);
        if (choice.kind === "refuse") ctx.decide(skippedEvent(JIT, "jit", ctx.blockNumber, choice));
        else await provide(choice, swap, ctx);
      }
    },
  });
}
