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
 * With `lendingPool` it watches a pool a scenario deployed instead of the world's, pricing positions as
 * the next block will read them (a DEX TWAP oracle's answer is known a block ahead), and with `sellOn`
 * it sells what it seizes at once on that DEX pool: the sale moves the price the oracle follows.
 *
 * read.ts reads the positions, decide.ts plans the liquidation (pure: ./plan.ts, ./funding.ts,
 * ./sale.ts), explain.ts and formulas.ts word it, act.ts sends it. Before it sends, its risk controls
 * (../kit/riskBook.ts) may stop it: its position is the debt it repays, valued in ETH.
 */
import type { Bot, BotContext, MinedBlock } from "../../engine/bot";
import { lendingPoolNamed, nextBlockPrices } from "../../world/lendingMarket";
import { type Refusal, skippedEvent } from "../kit/decision";
import { RiskBook } from "../kit/riskBook";
import { sealedBidderFor } from "../kit/sealedBid";
import { liquidationTx, saleTx, submit } from "./act";
import { decide, refuseByRisk, stakeOf } from "./decide";
import { foundEvent, howSent } from "./explain";
import { withSealedBid } from "./funding";
import { liquidatable, repriced } from "./plan";
import {
  type BorrowerLog,
  discoverBorrowers,
  forgetMined,
  healthFactorOf,
  oracleUpdateOf,
  readAssets,
  readDexPool,
  readPosition,
  readPositionAhead,
  readSnapshot,
  type Watch,
} from "./read";
import { afterSale } from "./sale";
import {
  DEFAULT_LIQUIDATION_BID,
  LIQUIDATOR,
  type LiquidatorSettings,
  TIP,
  validateLiquidator,
} from "./settings";
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
  /** Its risk controls: its record read from the chain, its limits, the instructor's kill switch. */
  const risk = new RiskBook(LIQUIDATOR, LIQUIDATOR, settings.risk);

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
    const { stop, figures, notional } = await risk.vet(ctx, stakeOf(choice));
    if (stop) return skip(ctx, refuseByRisk(choice, stop, figures, risk.limits));
    const { plan, bid } = bidder
      ? withSealedBid(choice, bidder.choose().bps)
      : { plan: choice, bid: undefined };
    const sent = await submit(ctx, await liquidationTx(ctx.world, plan), plan.id, bid, update);
    pending.set(position.user, { hash: sent.hash, targetBlock: sent.targetBlock });
    // A back-run's bundle begins with the oracle update: its own transactions follow.
    risk.sent(notional, update ? sent.txs.slice(1) : sent.txs, sent.targetBlock);
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

  /**
   * On a pool of its own (`lendingPool`): each known borrower priced as the next block will read it;
   * those below 1 liquidated, each seized collateral sold at once, each sale quoted after the last.
   */
  async function watchOwnPool(block: MinedBlock, ctx: BotContext, name: string): Promise<void> {
    const pool = lendingPoolNamed(ctx.world, name);
    // nothing bears the name yet: the pool is not deployed
    if (!pool) return;
    await discoverBorrowers(log, ctx, pool);
    await forgetMined(pending, ctx);
    const assets = await readAssets(ctx.world, pool, await nextBlockPrices(ctx.world, pool, block));
    let salePool = settings.sellOn ? await readDexPool(ctx.world, settings.sellOn) : undefined;
    const users = [...log.borrowers].filter((user) => !pending.has(user));
    const positions = await Promise.all(
      users.map((user) => readPositionAhead(ctx.world, pool, user, assets)),
    );
    for (const position of positions) {
      if (!liquidatable(position.healthFactor)) continue;
      const watch = salePool && { pool, salePool };
      const sold = await liquidateOnOwnPool(position, ctx, block.timestamp, watch);
      if (sold && salePool) salePool = afterSale(salePool, sold.token, sold.amount);
    }
  }

  /** Liquidates on a pool of its own (selling at once when it has a DEX pool); returns what it sells. */
  async function liquidateOnOwnPool(
    position: Position,
    ctx: BotContext,
    timestamp: number,
    watch: Watch | undefined,
  ): Promise<{ token: string; amount: bigint } | undefined> {
    const snapshot = await readSnapshot(ctx, position, false, undefined, watch);
    const choice = decide(snapshot, { flash: false, bundled: false, sell: watch !== undefined });
    if (choice.kind === "refuse") {
      skip(ctx, choice);
      return undefined;
    }
    const { stop, figures, notional } = await risk.vet(ctx, stakeOf(choice));
    if (stop) {
      skip(ctx, refuseByRisk(choice, stop, figures, risk.limits));
      return undefined;
    }
    const me = ctx.world.actors.liquidator.address;
    const pool = watch?.pool ?? ctx.world.lendingPool;
    const hash = await ctx.send(me, {
      ...(await liquidationTx(ctx.world, choice, pool)),
      maxPriorityFeePerGas: TIP,
    });
    const txs = [hash];
    if (choice.funding.kind === "sell")
      txs.push(await ctx.send(me, { ...saleTx(ctx.world, choice, timestamp), maxPriorityFeePerGas: TIP }));
    pending.set(position.user, { hash });
    risk.sent(notional, txs);
    ctx.decide(foundEvent(choice, ctx.blockNumber, txs, howSent(undefined, undefined), false));
    const { plan } = choice;
    return choice.funding.kind === "sell"
      ? { token: plan.collateral.asset.address, amount: plan.collateralAmount }
      : undefined;
  }

  return risk.guarding({
    name: LIQUIDATOR,
    actor: LIQUIDATOR,
    async onPending(txs, ctx) {
      if (!settings.backrunOracle) return;
      for (const tx of txs) {
        const update = oracleUpdateOf(ctx.world, tx);
        if (update) await backrun(update, ctx);
      }
    },
    async onBlock(block, ctx) {
      await risk.afterBlock(block, ctx);
      if (settings.lendingPool !== undefined) return watchOwnPool(block, ctx, settings.lendingPool);
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
  });
}
