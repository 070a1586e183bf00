/**
 * How the arbitrage searcher acts: it simulates the exact call with `eth_call`, then sends it to its
 * executor, publicly with a tip (replaced with a higher tip when a rival outbids it) or as a bundle
 * [trade with no tip, payment to the builder].
 */
import type { BotContext } from "../../engine/bot";
import type { TokenSymbol } from "../../world/config";
import type { World } from "../../world/types";
import { replacementFees } from "../kit/bidding";
import { EXECUTE_GAS_LIMIT_MARGIN, encodeExecute, executeProfit, executeRevertText } from "../kit/executor";
import { feeFields, payment } from "../kit/fees";
import type { Seat } from "./read";
import type { ArbitragePlan, Candidate, PublicAuction } from "./types";

/**
 * The executor's calldata for the cycle. minProfit = at least the gas cost in the start token: the
 * trade lands only if it pays for its own gas. The executor computes each hop from the reserves it
 * finds, so if another trade moved the prices first, the cycle would still go through at a worse
 * profit; this floor makes it revert instead of landing a trade that loses money after gas (a revert
 * in a public block still burns its gas, but keeps the capital where it was; sent as a private bundle
 * it would cost nothing at all).
 */
export function executeData(world: World, best: Candidate, minProfit: bigint): string {
  const { opportunity } = best;
  const addressOf = (symbol: string) => world.tokens[symbol as TokenSymbol].address;
  return encodeExecute(best.startToken, opportunity.amountIn, opportunity.cycle, minProfit, addressOf);
}

export interface Simulation {
  /** The executor's returned profit, or undefined when the call reverted. */
  profit: bigint | undefined;
  reason: string;
  error?: string;
}

/** `eth_call` of the exact transaction from the searcher, on the latest state. */
export async function simulate(ctx: BotContext, seat: Seat, data: string): Promise<Simulation> {
  try {
    const result = await ctx.chain.provider.call({
      from: seat.address,
      to: await seat.executor.getAddress(),
      data,
    });
    return { profit: executeProfit(result), reason: "simulation-disagrees" };
  } catch (error) {
    return { profit: undefined, reason: "simulation-reverted", error: executeRevertText(error) };
  }
}

/** Sends the trade to the mempool with its tip; returns its hash, nonce and fees. */
export async function sendPublic(ctx: BotContext, seat: Seat, plan: ArbitragePlan, data: string) {
  const { best } = plan;
  const fees = feeFields(ctx.nextBaseFee, best.tip);
  const hash = await ctx.send(seat.address, {
    to: await seat.executor.getAddress(),
    data,
    gasLimit: best.gasUnits + EXECUTE_GAS_LIMIT_MARGIN,
    ...fees,
  });
  return { hash, fees };
}

/** The nonce its public transaction was sent with: a replacement reuses it. */
export async function nonceOf(ctx: BotContext, hash: string): Promise<number> {
  return (await ctx.chain.provider.getTransaction(hash))!.nonce;
}

/** Replaces its pending transaction (same nonce) with one tipping `tip`; returns the new hash and max fee. */
export async function replaceTip(
  ctx: BotContext,
  seat: Seat,
  auction: PublicAuction,
  tip: bigint,
  minProfit: bigint,
): Promise<{ hash: string; maxFee: bigint }> {
  const { best } = auction.plan;
  const fees = replacementFees(ctx.nextBaseFee, tip, auction.maxFee);
  const hash = await ctx.send(seat.address, {
    to: await seat.executor.getAddress(),
    data: executeData(ctx.world, best, minProfit),
    gasLimit: best.gasUnits + EXECUTE_GAS_LIMIT_MARGIN,
    nonce: auction.nonce,
    ...fees,
  });
  return { hash, maxFee: fees.maxFeePerGas };
}

/** Sends the bundle [trade (no tip), payment of `bid` to the builder]. */
export async function sendSealed(
  ctx: BotContext,
  seat: Seat,
  name: string,
  plan: ArbitragePlan,
  data: string,
  bid: bigint,
): Promise<{ bundle: string; txs: string[] }> {
  const trade = {
    to: await seat.executor.getAddress(),
    data,
    gasLimit: plan.best.gasUnits + EXECUTE_GAS_LIMIT_MARGIN,
  };
  return ctx.sendBundle(name, seat.address, [trade, payment(bid)]);
}
