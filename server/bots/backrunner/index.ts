/**
 * The back-runner. For each pending router swap it plays the swap on the reserves it reads, finds the
 * arbitrage the swap will open, and bundles its own cycle right behind the swap's signed transaction,
 * paying the builder a share of the profit. On MEV-Share it never sees the transaction: it reads the
 * swap from the hint's logs, and back-runs it by its hash (mev_sendBundle); the builder pays the
 * user back a share of what it pays.
 *
 * read.ts reads every pool (hint.ts, from a hint), decide.ts plays the swap and sizes the cycle (pure,
 * with server/math/graph.ts), explain.ts words it, act.ts sends the bundle.
 */
import type { Bot } from "../../engine/bot";
import { decisionId } from "../../lib/decisionId";
import { worldIndex } from "../../world/market";
import { foundEvent, type Refusal, skippedEvent } from "../kit/decision";
import { routerSwap } from "../kit/routerSwap";
import { sendBackrun, sendMevBackrun } from "./act";
import { decide } from "./decide";
import { explainHiddenAmounts, finding } from "./explain";
import { readHintSnapshot, swapsInHint } from "./hint";
import { readSnapshot } from "./read";
import { BACKRUNNER, type BackrunnerSettings } from "./settings";

export { BACKRUN_BID_BPS, type BackrunnerSettings } from "./settings";

export function createBackrunner(settings: BackrunnerSettings): Bot {
  const seen = new Set<string>();
  return {
    name: BACKRUNNER,
    actor: "arbitrageur",
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
        const sent = await sendBackrun(choice, ctx);
        ctx.decide(
          foundEvent(BACKRUNNER, "backrun", ctx.blockNumber, finding(choice, sent.bundle), sent.txs),
        );
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
        const sent = await sendMevBackrun(choice, ctx);
        const found = finding(choice, sent.bundle, "mev-share");
        ctx.decide(foundEvent(BACKRUNNER, "backrun", ctx.blockNumber, found, sent.txs));
      }
    },
  };
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
