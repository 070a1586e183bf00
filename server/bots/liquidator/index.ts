/**
 * The liquidator: a searcher that watches the lending pool. It learns who borrows from the pool's
 * `Borrow` logs, as any liquidator does, recomputes every known position's health factor after each
 * block and, for each one below 1, repays what the close factor allows in exchange for collateral at
 * a bonus. With its own capital it calls `liquidationCall`; with `flash` it has no capital and uses
 * its FlashLiquidator contract, which borrows the debt asset, liquidates, sells the collateral on the
 * best DEX and repays the loan, all in one transaction.
 *
 * Two paths, a setting: "public" sends the liquidation to the mempool with a tip; "bundle" sends the
 * builder [liquidation (no tip), payment to the builder], the payment a sealed bid: a share of the
 * expected profit after gas (server/bots/kit/bidding.ts). With `backrunOracle` it also back-runs a
 * pending oracle update that would make a position liquidatable.
 *
 * read.ts reads the positions, decide.ts plans the liquidation (pure: ./plan.ts, ./funding.ts),
 * explain.ts and formulas.ts word it, act.ts sends it.
 */
import type { Bot, BotContext } from "../../engine/bot";
import { type Refusal, skippedEvent } from "../kit/decision";
import { sealedBidderFor } from "../kit/sealedBid";
import { liquidationTx, submit } from "./act";
import { decide } from "./decide";
import { foundEvent, howSent } from "./explain";
import { withSealedBid } from "./funding";
import { liquidatable, repriced } from "./plan";
import {
  type BorrowerLog,
  discoverBorrowers,
  forgetMined,
  healthFactorOf,
  oracleUpdateOf,
  readPosition,
  readSnapshot,
} from "./read";
import { DEFAULT_LIQUIDATION_BID, LIQUIDATOR, type LiquidatorSettings, validateLiquidator } from "./settings";
import type { OracleUpdate, Position } from "./types";

export { DEFAULT_LIQUIDATION_BID, type LiquidatorSettings } from "./settings";

export function createLiquidator(settings: LiquidatorSettings): Bot {
  validateLiquidator(settings);
  const bundled = settings.path === "bundle";
  const bidder = bundled ? sealedBidderFor(LIQUIDATOR, settings.bid ?? DEFAULT_LIQUIDATION_BID) : undefined;
  const log: BorrowerLog = { borrowers: new Set(), nextLogBlock: 0 };
  /** Its own liquidation transactions not mined yet, by user; a bundle's is forgotten after its block. */
  const pending = new Map<string, { hash: string; targetBlock?: number }>();
  /** Skips already published (a position that stays unliquidatable is not announced every block). */
  const announcedSkips = new Set<string>();

  /** Publishes a skip, unless this very skip (same reason, same numbers) was published before. */
  function skip(ctx: BotContext, refusal: Refusal): void {
    const key = JSON.stringify([refusal.reason, refusal.inputs]);
    if (announcedSkips.has(key)) return;
    announcedSkips.add(key);
    ctx.decide(skippedEvent(LIQUIDATOR, "liquidation", ctx.blockNumber, refusal));
  }

  /** Reads around a position below 1, decides, and sends the liquidation or says why not. */
  async function liquidate(position: Position, ctx: BotContext, update?: OracleUpdate): Promise<void> {
    const snapshot = await readSnapshot(ctx, position, settings.flash, update);
    const choice = decide(snapshot, { flash: settings.flash, bundled });
    if (choice.kind === "refuse") return skip(ctx, choice);
    const { plan, bid } = bidder
      ? withSealedBid(choice, bidder.choose().bps)
      : { plan: choice, bid: undefined };
    const sent = await submit(ctx, await liquidationTx(ctx.world, plan), plan.id, bid, update);
    pending.set(position.user, { hash: sent.hash, targetBlock: sent.targetBlock });
    ctx.decide(foundEvent(plan, ctx.blockNumber, sent.txs, howSent(bid, update), bid !== undefined));
  }

  /** For each known borrower: its position at the price the pending update sets; liquidates those below 1 right behind it. */
  async function backrun(update: OracleUpdate, ctx: BotContext): Promise<void> {
    await discoverBorrowers(log, ctx);
    for (const user of log.borrowers) {
      if (pending.has(user)) continue;
      const position = repriced(await readPosition(ctx.world, user, 0n), update.asset, update.price);
      if (liquidatable(position.healthFactor)) await liquidate(position, ctx, update);
    }
  }

  return {
    name: LIQUIDATOR,
    actor: LIQUIDATOR,
    async onPending(txs, ctx) {
      if (!settings.backrunOracle) return;
      for (const tx of txs) {
        const update = oracleUpdateOf(ctx.world, tx);
        if (update) await backrun(update, ctx);
      }
    },
    async onBlock(_block, ctx) {
      await discoverBorrowers(log, ctx);
      await forgetMined(pending, ctx);
      for (const user of log.borrowers) {
        if (pending.has(user)) continue;
        const healthFactor = await healthFactorOf(ctx, user);
        // healthy positions are not news: nothing is published for them
        if (!liquidatable(healthFactor)) continue;
        await liquidate(await readPosition(ctx.world, user, healthFactor), ctx);
      }
    },
  };
}
