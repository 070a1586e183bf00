/**
 * How the liquidator sends: `liquidationCall` (its own tokens) or `FlashLiquidator.liquidate`, to
 * the mempool with its tip, or as the bundle [liquidation (no tip), payment], behind the pending
 * oracle update it back-runs when there is one.
 */
import type { TransactionRequest } from "ethers";
import type { BotContext } from "../../engine/bot";
import type { World } from "../../world/types";
import { payment } from "../kit/fees";
import { sealedBidEvent } from "../kit/sealedBid";
import { FLASH_LIQUIDATION_GAS, GAS_LIMIT_FACTOR, LIQUIDATION_CALL_GAS, LIQUIDATOR, TIP } from "./settings";
import type { LiquidationBid, LiquidatorPlan, OracleUpdate } from "./types";

/** The liquidation's transaction, with an explicit gas limit (no slow estimation). */
export async function liquidationTx(world: World, p: LiquidatorPlan): Promise<TransactionRequest> {
  const { plan, funding } = p;
  if (funding.kind === "own") {
    const pool = world.lendingPool;
    return {
      to: await pool.getAddress(),
      data: pool.interface.encodeFunctionData("liquidationCall", [
        plan.collateral.asset.address,
        plan.debt.asset.address,
        plan.position.user,
        plan.debtToCover,
      ]),
      gasLimit: LIQUIDATION_CALL_GAS * GAS_LIMIT_FACTOR,
    };
  }
  const liquidator = world.flashLiquidator;
  return {
    to: await liquidator.getAddress(),
    data: liquidator.interface.encodeFunctionData("liquidate", [
      plan.collateral.asset.address,
      plan.debt.asset.address,
      plan.position.user,
      plan.debtToCover,
      funding.market.router,
      funding.minProfit,
    ]),
    gasLimit: FLASH_LIQUIDATION_GAS * GAS_LIMIT_FACTOR,
  };
}

/**
 * Sends the liquidation: to the mempool with its tip, or as the bundle [liquidation, payment of
 * `bid`] with no tip (behind `update`'s own signed transaction when it back-runs one), publishing the
 * sealed bid. Returns the liquidation's hash, every transaction sent, and the bundle's target block.
 */
export async function submit(
  ctx: BotContext,
  tx: TransactionRequest,
  opportunity: string,
  bid: LiquidationBid | undefined,
  update: OracleUpdate | undefined,
): Promise<{ hash: string; txs: string[]; targetBlock?: number }> {
  const me = ctx.world.actors.liquidator.address;
  if (!bid) {
    const hash = await ctx.send(me, { ...tx, maxPriorityFeePerGas: TIP });
    return { hash, txs: [hash] };
  }
  const own = [tx, payment(bid.wei)];
  const { bundle, txs } = await ctx.sendBundle(
    LIQUIDATOR,
    me,
    update ? [{ pendingTx: update.hash }, ...own] : own,
  );
  ctx.publish(sealedBidEvent(LIQUIDATOR, opportunity, bid.wei, bid.valueWei, bundle));
  return { hash: txs[update ? 1 : 0]!, txs, targetBlock: ctx.blockNumber + 1 };
}
