/**
 * How the liquidator sends: `liquidationCall` (its own tokens) or `FlashLiquidator.liquidate`, to
 * the mempool with its tip, or as the bundle [liquidation (no tip), payment], behind the pending
 * oracle update it back-runs when there is one.
 */
import type { TransactionRequest } from "ethers";
import { AmmRouter__factory, type LendingPool } from "../../../typechain-types";
import { BLOCK_TIME_SECONDS } from "../../chain/chain";
import type { BotContext } from "../../engine/bot";
import type { World } from "../../world/types";
import { payment } from "../kit/fees";
import { sealedBidEvent } from "../kit/sealedBid";
import {
  FLASH_LIQUIDATION_GAS,
  GAS_LIMIT_FACTOR,
  LIQUIDATION_CALL_GAS,
  LIQUIDATOR,
  SALE_GAS,
  TIP,
  TWAP_LIQUIDATION_CALL_GAS,
} from "./settings";
import type { LiquidationBid, LiquidatorPlan, OracleUpdate } from "./types";

const routerInterface = AmmRouter__factory.createInterface();

/** The liquidation's transaction (on `pool`, the world's by default), with an explicit gas limit (no slow estimation). */
export async function liquidationTx(
  world: World,
  p: LiquidatorPlan,
  pool: LendingPool = world.lendingPool,
): Promise<TransactionRequest> {
  const { plan, funding } = p;
  if (funding.kind !== "flash") {
    const gas = funding.kind === "sell" ? TWAP_LIQUIDATION_CALL_GAS : LIQUIDATION_CALL_GAS;
    return {
      to: await pool.getAddress(),
      data: pool.interface.encodeFunctionData("liquidationCall", [
        plan.collateral.asset.address,
        plan.debt.asset.address,
        plan.position.user,
        plan.debtToCover,
      ]),
      gasLimit: gas * GAS_LIMIT_FACTOR,
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
 * The sale of the collateral a "sell" plan seizes: all of it for the debt asset on its market's router,
 * at least the plan's `minOut`, before a deadline one block after `timestamp` (the latest block's).
 */
export function saleTx(world: World, p: LiquidatorPlan, timestamp: number): TransactionRequest {
  const { plan, funding } = p;
  if (funding.kind !== "sell") throw new Error("liquidator: only a sell plan has a sale");
  return {
    to: funding.market.router,
    data: routerInterface.encodeFunctionData("swapExactTokensForTokens", [
      plan.collateralAmount,
      funding.minOut,
      [plan.collateral.asset.address, plan.debt.asset.address],
      world.actors.liquidator.address,
      BigInt(timestamp + BLOCK_TIME_SECONDS),
    ]),
    gasLimit: SALE_GAS * GAS_LIMIT_FACTOR,
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
