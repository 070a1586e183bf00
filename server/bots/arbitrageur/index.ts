/**
 * The arbitrage searcher. After every block it reads every pool's reserves, looks for cycles of
 * tokens whose prices multiply to more than one after fees (every pair and triangle of pools
 * weighed by −log rates, server/math/shortCycles.ts), sizes each (server/math/arbitrage.ts), subtracts the gas, simulates the
 * best with `eth_call`, and sends it to its executor contract, which trades the whole cycle in one
 * transaction or reverts. Publicly it bids with its tip (and may answer a rival's); in a bundle it
 * pays the builder a sealed bid.
 *
 * read.ts reads the pools, decide.ts ranks the cycles and prices the bids (pure), explain.ts words
 * them, act.ts simulates and sends. Before it sends, its risk controls (../kit/riskBook.ts) may stop it.
 */
import type { TransactionReceipt } from "ethers";
import type { Bot, BotContext, MinedBlock } from "../../engine/bot";
import { DEFAULT_BIDDING, type SealedBidder, validateBidding } from "../kit/bidding";
import { foundEvent, type Refusal, skippedEvent } from "../kit/decision";
import { RiskBook } from "../kit/riskBook";
import { type SealedAttempt, sealedBidderFor, sealedBidEvent, settleSealed } from "../kit/sealedBid";
import { executeData, nonceOf, replaceTip, sendPublic, sendSealed, simulate } from "./act";
import { answerRival, decide, publicLimits, refuse, refuseByRisk, refuseOutbid, sealedTerms } from "./decide";
import { explainSimulation, publicBidEvent, publicFinding, sealedFinding } from "./explain";
import { highestCompetingTip, readSnapshot, receiptOf, type Seat, seatOf } from "./read";
import { ARBITRAGE_TIP, type ArbitrageurSettings } from "./settings";
import type { ArbitragePlan, PublicAuction } from "./types";

export { ARBITRAGE_TIP, type ArbitrageSearcher, type ArbitrageurSettings } from "./settings";

/** Its bundle while it waits for the block it targets: the trade, then the payment. */
interface SentBundle extends SealedAttempt {
  txs: string[];
}

export function createArbitrageur(settings: ArbitrageurSettings): Bot {
  const name = settings.actor ?? "arbitrageur";
  const bidding = settings.bidding ?? DEFAULT_BIDDING;
  validateBidding(bidding);
  const decideSettings = {
    name,
    maxHops: settings.maxHops,
    tip: bidding.path === "bundle" ? 0n : ARBITRAGE_TIP,
  };
  const bidder = bidding.path === "bundle" ? sealedBidderFor(name, bidding.bid) : undefined;
  /** Its risk controls: its record read from the chain, its limits, the instructor's kill switch. */
  const risk = new RiskBook(name, name, settings.risk);
  const { guard } = risk;
  /**
   * Its own transaction not yet mined: it waits for it, since it changes the reserves it reads.
   * `notional`: what the trade puts in, valued in wei (its risk position).
   */
  let pending: { hash: string; id: string; notional: bigint; sealed?: SentBundle } | undefined;
  let auction: PublicAuction | undefined;
  /** Decisions whose transaction reverted, with the block: not retried while nothing has changed. */
  const reverted = new Map<string, number>();
  /** The last skip it published: an unchanged situation is not announced again every block. */
  let lastSkipId: string | undefined;

  function skip(ctx: BotContext, refusal: Refusal): void {
    if (refusal.id === lastSkipId) return;
    lastSkipId = refusal.id;
    ctx.decide(skippedEvent(name, "arbitrage", ctx.blockNumber, refusal));
  }

  /** Simulates the exact call; says why and returns false when it disagrees with the math. */
  async function simulated(ctx: BotContext, seat: Seat, plan: ArbitragePlan, data: string): Promise<boolean> {
    const simulation = await simulate(ctx, seat, data);
    if (simulation.profit === plan.best.opportunity.profit) return true;
    skip(ctx, refuse(plan, simulation.reason, explainSimulation(plan.snapshot, plan.best, simulation)));
    return false;
  }

  async function sendPublicly(ctx: BotContext, seat: Seat, plan: ArbitragePlan, notional: bigint) {
    const data = executeData(ctx.world, plan.best, plan.best.gasCost);
    if (!(await simulated(ctx, seat, plan, data))) return;
    const { hash, fees } = await sendPublic(ctx, seat, plan, data);
    pending = { hash, id: plan.id, notional };
    guard.opened(notional);
    lastSkipId = undefined;
    ctx.decide(foundEvent(name, "arbitrage", ctx.blockNumber, publicFinding(plan, name), [hash]));
    if (bidding.path !== "public" || bidding.bumpBps === 0) return;
    const { value, maxTip } = publicLimits(plan, bidding.maxShareBps);
    auction = {
      plan,
      nonce: await nonceOf(ctx, hash),
      tip: plan.best.tip,
      maxFee: fees.maxFeePerGas,
      value,
      maxTip,
      round: 1,
      pools: new Set(plan.best.opportunity.cycle.map((hop) => hop.pool.id.toLowerCase())),
      stopped: false,
    };
    ctx.publish(publicBidEvent(name, auction, hash));
  }

  async function sendBundled(
    ctx: BotContext,
    seat: Seat,
    plan: ArbitragePlan,
    sealed: SealedBidder,
    notional: bigint,
  ) {
    const { bps, arm } = sealed.choose();
    const terms = sealedTerms(plan, bps, arm);
    if (terms.kind === "refuse") return skip(ctx, terms);
    const data = executeData(ctx.world, plan.best, terms.minProfit);
    if (!(await simulated(ctx, seat, plan, data))) return;
    const { bundle, txs } = await sendSealed(ctx, seat, name, plan, data, terms.bid);
    const sent = {
      targetBlock: ctx.blockNumber + 1,
      arm,
      grossWei: plan.best.profitInWeth,
      bidWei: terms.bid,
      txs,
    };
    pending = { hash: txs[0]!, id: plan.id, notional, sealed: sent };
    guard.opened(notional);
    lastSkipId = undefined;
    ctx.decide(foundEvent(name, "arbitrage", ctx.blockNumber, sealedFinding(plan, terms, name), txs));
    ctx.publish(sealedBidEvent(name, plan.opportunity, terms.bid, terms.value, bundle));
  }

  /** After its target block the bandit learns whether the bundle won, from the receipts of its transactions. */
  async function settle(ctx: BotContext, block: MinedBlock, sent: SentBundle, won: boolean): Promise<void> {
    const receipts: TransactionReceipt[] = [];
    for (const hash of won ? sent.txs : []) {
      const receipt = await receiptOf(hash, block, ctx);
      if (receipt) receipts.push(receipt);
    }
    const update = settleSealed(bidder!, name, sent, won, receipts);
    if (update) ctx.publish(update);
  }

  /** Forgets its transaction once mined (remembering a revert), or its bundle once past its block. */
  async function followUp(block: MinedBlock, ctx: BotContext): Promise<boolean> {
    if (!pending) return true;
    const receipt = await receiptOf(pending.hash, block, ctx);
    const { sealed } = pending;
    // A bundle not in its target block was dropped; a public transaction may still be mined later.
    if (!receipt && (!sealed || block.number < sealed.targetBlock)) return false;
    if (receipt && receipt.status !== 1) reverted.set(pending.id, receipt.blockNumber);
    guard.settled(pending.notional, receipt);
    if (sealed) await settle(ctx, block, sealed, receipt?.status === 1);
    pending = undefined;
    auction = undefined;
    return true;
  }

  const bot: Bot = {
    name,
    actor: name,
    async onBlock(block, ctx) {
      const ready = await followUp(block, ctx);
      await risk.observe(ctx);
      if (!ready) return;
      const seat = seatOf(ctx.world, name);
      const choice = decide(await readSnapshot(ctx, seat), decideSettings, reverted);
      if (!choice) return; // no cycle pays anything, not even before gas: nothing to say
      if (choice.kind === "refuse") return skip(ctx, choice);
      const { startToken, opportunity } = choice.best;
      const { stop, figures, notional } = await risk.vet(ctx, [[startToken, opportunity.amountIn]]);
      if (stop) skip(ctx, refuseByRisk(choice, stop, figures, guard.limits));
      else if (bidder) await sendBundled(ctx, seat, choice, bidder, notional);
      else await sendPublicly(ctx, seat, choice, notional);
    },
    async onPending(txs, ctx) {
      // Its kill switch stops its answers to rivals too: it sends nothing.
      if (!auction || auction.stopped || bidding.path !== "public" || guard.killed) return;
      const rivalTip = highestCompetingTip(txs, auction.pools);
      const answer = answerRival(auction, rivalTip, bidding.bumpBps, ctx.nextBaseFee);
      if (answer.kind === "ignore") return;
      if (answer.kind === "stop") {
        auction.stopped = true;
        const refusal = refuseOutbid(auction, answer, name, bidding.maxShareBps);
        ctx.decide(skippedEvent(name, "arbitrage", ctx.blockNumber, refusal));
        return;
      }
      const { hash, maxFee } = await replaceTip(
        ctx,
        seatOf(ctx.world, name),
        auction,
        answer.tip,
        answer.minProfit,
      );
      auction.tip = answer.tip;
      auction.maxFee = maxFee;
      auction.round += 1;
      if (pending) pending.hash = hash;
      ctx.publish(publicBidEvent(name, auction, hash));
    },
  };
  return risk.guarding(bot);
}
