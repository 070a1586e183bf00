/**
 * The cross-chain arbitrageur. After every block of the main chain it reads both chains' WETH/USDC
 * pools and both bridges; when WETH is cheaper on one chain by more than the fees and the gas, it buys
 * there, locks what it bought in the bridge, waits for the relayer and the bridge's delay, and sells
 * what is released on the other chain, whatever the price has become by then. One trade at a time.
 *
 * read.ts reads both chains, decide.ts sizes the trade (pure, server/math/crossChain.ts), explain.ts
 * words it, act.ts sends each leg.
 */
import { linkOf } from "../../crosschain/link";
import { readPool, type Venue } from "../../crosschain/venue";
import type { Bot, BotContext } from "../../engine/bot";
import { amountOutMinFor, getAmountOut } from "../../math/amm";
import { orient } from "../../world/market";
import { foundEvent, skippedEvent } from "../kit/decision";
import { sendLock, sendSwap } from "./act";
import { decide } from "./decide";
import { finding } from "./explain";
import { isReleased, lockedTransfer, readSnapshot, receiptOn } from "./read";
import { CROSS_CHAIN_ACTOR, CROSS_CHAIN_ARBITRAGEUR, SELL_SLIPPAGE_BPS } from "./settings";
import type { CrossChainPlan } from "./types";

export { CROSS_CHAIN_ARBITRAGEUR } from "./settings";

export interface CrossChainArbitrageurSettings {
  /** How much less than the price read just before the sale it accepts, in basis points (default 1%). */
  sellSlippageBps?: bigint;
}

/** Where its trade stands: each leg waits for the previous one to be mined. */
type Position = { plan: CrossChainPlan; from: Venue; to: Venue } & (
  | { stage: "buying"; tx: string }
  | { stage: "locking"; tx: string }
  | { stage: "in flight"; transferId: string; released: bigint }
  | { stage: "selling"; tx: string }
);

export function createCrossChainArbitrageur(settings: CrossChainArbitrageurSettings = {}): Bot {
  const slippage = settings.sellSlippageBps ?? SELL_SLIPPAGE_BPS;
  let position: Position | undefined;
  /** The last skip it published: an unchanged situation is not announced again every block. */
  let lastSkipId: string | undefined;

  /** Moves the trade on by a leg when the previous one is done; undefined once it is over. */
  async function advance(p: Position, trader: string): Promise<Position | undefined> {
    if (p.stage === "in flight") {
      if (!(await isReleased(p.to, p.transferId))) return p;
      const reserves = orient(p.to.pool, await readPool(p.to), "WETH");
      const quote = getAmountOut(p.released, reserves.reserveIn, reserves.reserveOut, p.to.pool.feeBps);
      const tx = await sendSwap(p.to, trader, ["WETH", "USDC"], p.released, amountOutMinFor(quote, slippage));
      return { ...p, stage: "selling", tx };
    }
    const venue = p.stage === "selling" ? p.to : p.from;
    const receipt = await receiptOn(venue, p.tx);
    if (!receipt) return p;
    if (receipt.status !== 1 || p.stage === "selling") return undefined;
    if (p.stage === "buying") {
      const tx = await sendLock(p.from, trader, p.plan.outcome.bought, p.to.ref.id);
      return { ...p, stage: "locking", tx };
    }
    return { ...p, stage: "in flight", ...lockedTransfer(p.from, receipt) };
  }

  async function look(ctx: BotContext, trader: string): Promise<void> {
    const link = linkOf(ctx.world)!;
    const choice = decide(await readSnapshot(link, ctx));
    if (!choice) return; // no gap beats the fees: nothing to say
    if (choice.kind === "refuse") {
      if (choice.id !== lastSkipId)
        ctx.decide(skippedEvent(CROSS_CHAIN_ARBITRAGEUR, "arbitrage", ctx.blockNumber, choice));
      lastSkipId = choice.id;
      return;
    }
    const venues = [link.main, link.side] as const;
    const [from, to] = [venues[choice.direction.from]!, venues[choice.direction.to]!];
    const { amountIn, bought } = choice.outcome;
    // At least exactly what the plan buys: if anyone moved the pool first, the buy reverts and nothing is at risk.
    const tx = await sendSwap(from, trader, ["USDC", "WETH"], amountIn, bought);
    position = { plan: choice, from, to, stage: "buying", tx };
    lastSkipId = undefined;
    ctx.decide(foundEvent(CROSS_CHAIN_ARBITRAGEUR, "arbitrage", ctx.blockNumber, finding(choice), [tx]));
  }

  return {
    name: CROSS_CHAIN_ARBITRAGEUR,
    actor: CROSS_CHAIN_ACTOR,
    async onBlock(_block, ctx) {
      if (!linkOf(ctx.world)) return; // no bridge opened in this run
      const trader = ctx.world.actors[CROSS_CHAIN_ACTOR].address;
      if (position) position = await advance(position, trader);
      else await look(ctx, trader);
    },
  };
}
