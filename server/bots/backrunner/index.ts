/**
 * The back-runner. For each pending router swap it plays the swap on the reserves it reads, finds the
 * arbitrage the swap will open, and bundles its own cycle right behind the swap's signed transaction,
 * paying the builder a share of the profit. On MEV-Share it never sees the transaction: it reads the
 * swap from the hint's logs, and back-runs it by its hash (mev_sendBundle); the builder pays the
 * user back a share of what it pays.
 *
 * read.ts reads every pool (hint.ts, from a hint), decide.ts plays the swap and sizes the cycle (pure,
 * with server/math/graph.ts), explain.ts words it, act.ts sends the bundle. Before it sends, its risk
 * controls (../kit/riskBook.ts) may stop it: its position is what its cycle puts in, valued in ETH.
 */
import type { Bot, BotContext } from "../../engine/bot";
import { decisionId } from "../../lib/decisionId";
import type { TokenSymbol } from "../../world/config";
import { worldIndex } from "../../world/market";
import { foundEvent, type Refusal, skippedEvent } from "../kit/decision";
import { RiskBook } from "../kit/riskBook";
import { routerSwap } from "../kit/routerSwap";
import { sendBackrun, sendMevBackrun } from "./act";
import { decide, refuseByRisk } from "./decide";
import { type BackrunRoute, explainHiddenAmounts, finding } from "./explain";
import { readHintSnapshot, swapsInHint } from "./hint";
import { readSnapshot } from "./read";
import { BACKRUNNER, type BackrunnerSettings } from "./settings";
import type { BackrunPlan } from "./types";

export { BACKRUN_BID_BPS, type BackrunnerSettings } from "./settings";

export function createBackrunner(settings: BackrunnerSettings): Bot {
  const seen = new Set<string>();
  /** Its risk controls: its record read from the chain, its limits, the instructor's kill switch. */
  const risk = new RiskBook(BACKRUNNER, "arbitrageur", settings.risk);

  /** Sends the back-run `via` a bundle or MEV-Share, or says which risk control stops it. */
  async function backrun(plan: BackrunPlan, ctx: BotContext, via: BackrunRoute): Promise<void> {
    const { best } = plan;
    const { stop, figures, notional } = await risk.vet(ctx, [
      [best.startToken as TokenSymbol, best.amountIn],
    ]);
    if (stop) {
      const refusal = refuseByRisk(plan, stop, figures, risk.limits);
      ctx.decide(skippedEvent(BACKRUNNER, "backrun", ctx.blockNumber, refusal));
      return;
    }
    const sent = via === "bundle" ? await sendBackrun(plan, ctx) : await sendMevBackrun(plan, ctx);
    // Both bundles begin with the target: its own transactions follow.
    risk.sent(notional, sent.txs.slice(1), ctx.blockNumber + 1);
    ctx.decide(foundEvent(BACKRUNNER, "backrun", ctx.blockNumber, finding(plan, sent.bundle, via), sent.txs));
  }

  return risk.guarding({
    name: BACKRUNNER,
    actor: "arbitrageur",
    async onBlock(block, ctx) {
      await risk.afterBlock(block, ctx);
    },
    async onPending(txs, ctx) {
      const index = await worldIndex(ctx.world);
      for (const tx of txs) {
        if (seen.has(tx.hash)) continue;
        const swap = routerSwap(ctx.world, index, tx);
        if (!swap || swap.path.some((symbol) => symbol === undefined)) continue;
        seen.add(tx.hash);
        const snapshot = await readSnapshot(swap, ctx, index);
        if (!snapshot) continue;
        const choice = decide(snapshot, settings);
        if (choice.kind === "refuse") {
          ctx.decide(skippedEvent(BACKRUNNER, "backrun", ctx.blockNumber, choice));
          continue;
        }
        await backrun(choice, ctx, "bundle");
      }
    },
    async onHint(hints, ctx) {
      for (const hint of hints) {
        if (seen.has(hint.hash)) continue;
        seen.add(hint.hash);
        const swaps = swapsInHint(ctx.world, hint);
        if (swaps.kind === "hidden") {
          ctx.decide(
            skippedEvent(BACKRUNNER, "backrun", ctx.blockNumber, hiddenAmounts(hint.hash, swaps.pools)),
          );
          continue;
        }
        if (swaps.kind === "none") continue;
        const choice = decide(await readHintSnapshot(hint, swaps.hops, ctx), settings);
        if (choice.kind === "refuse") {
          ctx.decide(skippedEvent(BACKRUNNER, "backrun", ctx.blockNumber, choice));
          continue;
        }
        await backrun(choice, ctx, "mev-share");
      }
    },
  });
}

function hiddenAmounts(hash: string, pools: string[]): Refusal {
  return {
    kind: "refuse",
    id: decisionId([BACKRUNNER, hash, "hidden-amounts"]),
    reason: "hint-without-amounts",
    explanation: explainHiddenAmounts(hash, pools),
    inputs: { targetTx: hash, pools: pools.join(", ") },
    formulas: [],
  };
}
