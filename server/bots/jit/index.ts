/**
 * The just-in-time liquidity provider. It reads every pending router swap through one pool paired
 * with WETH and, when its share of the swap's fee pays for the gas, bundles [add liquidity, the
 * trader's own signed swap, remove liquidity, payment to the builder].
 *
 * read.ts reads the pool and its balances, decide.ts sizes the deposit (pure, with
 * server/math/jit.ts), explain.ts words it, act.ts sends the bundle.
 */
import type { Bot } from "../../engine/bot";
import { worldIndex } from "../../world/market";
import { BlockClock } from "../kit/clock";
import { foundEvent, skippedEvent } from "../kit/decision";
import { routerSwap } from "../kit/routerSwap";
import { sendJit } from "./act";
import { decide } from "./decide";
import { finding } from "./explain";
import { readSnapshot } from "./read";
import { JIT, type JitSettings } from "./settings";

export { ADD_LIQUIDITY_GAS, JIT_BID_BPS, type JitSettings, REMOVE_LIQUIDITY_GAS } from "./settings";

export function createJitProvider(settings: JitSettings): Bot {
  const clock = new BlockClock();
  const seen = new Set<string>();
  return {
    name: JIT,
    actor: "searcher",
    async onBlock(block) {
      clock.remember(block.number, block.timestamp);
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
        if (choice.kind === "refuse") {
          ctx.decide(skippedEvent(JIT, "jit", ctx.blockNumber, choice));
          continue;
        }
        const sent = await sendJit(choice, swap, ctx, clock);
        ctx.decide(foundEvent(JIT, "jit", ctx.blockNumber, finding(choice, sent.bundle), sent.txs));
      }
    },
  };
}
