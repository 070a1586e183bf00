/**
 * The back-runner. For each pending router swap it plays the swap on the reserves it reads, finds the
 * arbitrage the swap will open, and bundles its own cycle right behind the swap's signed transaction,
 * paying the builder a share of the profit.
 *
 * read.ts reads every pool, decide.ts plays the swap and sizes the cycle (pure, with
 * server/math/graph.ts), explain.ts words it, act.ts sends the bundle.
 */
import type { Bot } from "../../engine/bot";
import { worldIndex } from "../../world/market";
import { foundEvent, skippedEvent } from "../kit/decision";
import { routerSwap } from "../kit/routerSwap";
import { sendBackrun } from "./act";
import { decide } from "./decide";
import { finding } from "./explain";
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
  };
}
