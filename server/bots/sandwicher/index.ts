/**
 * The sandwich searcher. It reads every pending router swap. When a victim's `amountOutMin` leaves
 * room, it buys the victim's output token just before the victim (a higher tip), lets the victim buy
 * at the worse price, and sells right after (a lower tip) on the same pool.
 *
 * Two paths, a setting: "public" sends both legs to the mempool and lets the tips order the block;
 * "bundle" sends the builder one bundle, [frontrun, the victim's own signed transaction, backrun,
 * payment to the builder], with no tips: the builder is paid a sealed bid, a share of the expected
 * profit after gas (server/bots/kit/bidding.ts). The backrun's minimum output covers the frontrun, the
 * gas and the payment, so a sandwich that would lose money reverts and the builder drops it whole.
 *
 * read.ts reads one victim's pool (one call per pool), decide.ts sizes the sandwich (pure, with
 * server/math/sandwich.ts), explain.ts words it, act.ts sends it. Before it sends, its risk controls
 * (../kit/riskBook.ts) may stop it: its position is its frontrun's input, valued in ETH.
 */
import type { Bot, BotContext, MinedBlock } from "../../engine/bot";
import { worldIndex } from "../../world/market";
import type { SealedBidder } from "../kit/bidding";
import { BlockClock } from "../kit/clock";
import { foundEvent, skippedEvent } from "../kit/decision";
import { toWeth } from "../kit/pricing";
import { RiskBook } from "../kit/riskBook";
import { type RouterSwap, routerSwap } from "../kit/routerSwap";
import { type SealedAttempt, sealedBidderFor, sealedBidEvent, settleSealed } from "../kit/sealedBid";
import { sendPublic, sendSealed } from "./act";
import { decide, refuseByRisk, sealedTerms } from "./decide";
import { publicFinding, sealedFinding } from "./explain";
import { readSnapshot } from "./read";
import { DEFAULT_SANDWICH_BID, SANDWICHER, type SandwicherSettings, validateSandwicher } from "./settings";
import type { SandwichPlan } from "./types";

export {
  BACKRUN_GAS,
  BACKRUN_TIP_BELOW_VICTIM,
  DEFAULT_SANDWICH_BID,
  FRONTRUN_GAS,
  FRONTRUN_TIP_ABOVE_VICTIM,
  SANDWICH_PATHS,
  type SandwicherSettings,
  type SandwichPath,
  SWAP_GAS_LIMIT,
} from "./settings";

/** Its bundle until the target block: the frontrun is in that block if and only if the bundle landed. */
interface SentBundle extends SealedAttempt {
  front: string;
  /** Its own transactions (frontrun, backrun, payment), whose gas it pays. */
  own: string[];
}

export function createSandwicher(settings: SandwicherSettings): Bot {
  validateSandwicher(settings);
  const path = settings.path === "bundle" ? "bundle" : "public";
  const bidder =
    path === "bundle" ? sealedBidderFor(SANDWICHER, settings.bid ?? DEFAULT_SANDWICH_BID) : undefined;
  const clock = new BlockClock();
  const seen = new Set<string>();
  let pending: SentBundle | undefined;
  /** Its risk controls: its record read from the chain, its limits, the instructor's kill switch. */
  const risk = new RiskBook(SANDWICHER, "searcher", settings.risk);

  /** Reads, decides, and sends the sandwich or says why not. */
  async function consider(swap: RouterSwap, ctx: BotContext): Promise<void> {
    const snapshot = await readSnapshot(swap, ctx, await worldIndex(ctx.world));
    const choice = decide(snapshot, { capital: settings.capital, path });
    if (choice.kind === "refuse")
      return ctx.decide(skippedEvent(SANDWICHER, "sandwich", ctx.blockNumber, choice));
    const { pool } = choice.situation;
    const { stop, figures, notional } = await risk.vet(ctx, [
      [pool.tokenIn, choice.decision.outcome.frontrun.amountIn],
    ]);
    if (stop) {
      const refusal = refuseByRisk(choice, stop, figures, risk.limits);
      ctx.decide(skippedEvent(SANDWICHER, "sandwich", ctx.blockNumber, refusal));
    } else if (bidder) await bundle(choice, swap, ctx, bidder, notional);
    else await publicly(choice, swap, ctx, notional);
  }

  /** Sends both legs to the mempool, ordered by their tips around the victim's. */
  async function publicly(plan: SandwichPlan, swap: RouterSwap, ctx: BotContext, notional: bigint) {
    const { situation, decision } = plan;
    const txs = await sendPublic(situation, swap, decision.outcome, ctx, clock);
    risk.sent(notional, txs);
    ctx.decide(foundEvent(SANDWICHER, "sandwich", ctx.blockNumber, publicFinding(situation, decision), txs));
  }

  /** Bids a share of the profit after gas, sends the bundle, and remembers it until its block. */
  async function bundle(
    plan: SandwichPlan,
    swap: RouterSwap,
    ctx: BotContext,
    sealed: SealedBidder,
    notional: bigint,
  ) {
    const { situation: s, decision } = plan;
    const { outcome } = decision;
    const { bps, arm } = sealed.choose();
    const terms = sealedTerms(s, outcome, bps, arm);
    const sent = await sendSealed(s, swap, outcome, terms, ctx, clock);
    const [front, , back, pay] = sent.txs as [string, string, string, string];
    risk.sent(notional, [front, back, pay], ctx.blockNumber + 1);
    pending = {
      targetBlock: ctx.blockNumber + 1,
      arm,
      front,
      own: [front, back, pay],
      grossWei: toWeth(s.pool.tokenIn, outcome.grossProfit, s.wethPrice),
      bidWei: terms.bidWei,
    };
    const finding = sealedFinding(s, decision, terms, sent.bundle);
    ctx.decide(foundEvent(SANDWICHER, "sandwich", ctx.blockNumber, finding, sent.txs));
    const value = toWeth(s.pool.tokenIn, outcome.netProfit, s.wethPrice);
    ctx.publish(sealedBidEvent(SANDWICHER, s.id, terms.bidWei, value, sent.bundle));
  }

  /** After its target block a bandit learns whether the bundle landed and what it kept. */
  function settle(ctx: BotContext, block: MinedBlock, attempt: SentBundle): void {
    const won = block.number === attempt.targetBlock && block.receipts.some((r) => r.hash === attempt.front);
    const own = block.receipts.filter((r) => attempt.own.includes(r.hash));
    const update = settleSealed(bidder!, SANDWICHER, attempt, won, own);
    if (update) ctx.publish(update);
  }

  return risk.guarding({
    name: SANDWICHER,
    actor: "searcher",
    async onBlock(block, ctx) {
      clock.remember(block.number, block.timestamp);
      if (pending && block.number >= pending.targetBlock) {
        settle(ctx, block, pending);
        pending = undefined;
      }
      await risk.afterBlock(block, ctx);
    },
    async onPending(txs, ctx) {
      const index = await worldIndex(ctx.world);
      const me = ctx.world.actors.searcher.address;
      for (const tx of txs) {
        if (seen.has(tx.hash) || tx.from === me) continue;
        const swap = routerSwap(ctx.world, index, tx);
        if (!swap) continue; // only router swaps qualify: never other searchers' contracts
        seen.add(tx.hash);
        await consider(swap, ctx);
      }
    },
  });
}
