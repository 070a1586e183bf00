/**
 * What a flash liquidation (`contracts/searchers/FlashLiquidator.sol`) yields, predicted from state read
 * off the chain: the pool's liquidation math (server/math/lending.ts), the AMM's swap math
 * (server/math/amm.ts) and the flash-loan fee, put together in the contract's order. Pure; no I/O.
 */
import { getAmountOut, type HopReserves } from "./amm";
import { divUp } from "./bigint";
import {
  type AvailableCollateralToLiquidateParameters,
  calculateActualDebtToLiquidate,
  calculateAvailableCollateralToLiquidate,
  flashFee,
} from "./lending";

/** Decimals of ETH (wei per ether): gas is paid in it. */
const ETH_DECIMALS = 18n;

export interface FlashLiquidationProfitParameters
  extends Omit<AvailableCollateralToLiquidateParameters, "debtToCover"> {
  /** What the liquidator borrows and offers to `liquidationCall` (`debtToCover` of `liquidate`). */
  debtToCover: bigint;
  /** The user's debt in the debt asset, before the liquidation. */
  userDebt: bigint;
  /** The user's health factor, 1e18-scaled: it picks the close factor. */
  healthFactor: bigint;
  /** The DEX pair that buys the collateral, oriented collateral → debt asset. */
  swap: HopReserves;
}

export interface FlashLiquidationProfitReturnType {
  /** Debt the pool lets the liquidator repay (capped by the close factor and the collateral). */
  debtCovered: bigint;
  /** Collateral received for it, bonus included. */
  collateralSeized: bigint;
  /** Debt asset the DEX pays for all the seized collateral. */
  collateralSoldFor: bigint;
  /** Fee of the flash loan: charged on everything borrowed, covered or not. */
  flashFee: bigint;
  /** collateralSoldFor − debtCovered − flashFee; negative when the liquidation loses. */
  profit: bigint;
}

/**
 * Profit of `FlashLiquidator.liquidate`: borrow `debtToCover`, liquidate, sell every seized unit of
 * collateral on the pair, repay loan + fee. The unspent part of the loan (when the pool covers less than
 * asked) goes back with the repayment, so only the fee on it is lost.
 *
 * @example
 * const { profit } = flashLiquidationProfit({ debtToCover, userDebt, healthFactor, ...collateral, swap });
 * if (profit > minProfit) await liquidator.liquidate(weth, usdc, user, debtToCover, router, minProfit);
 */
export function flashLiquidationProfit(
  params: FlashLiquidationProfitParameters,
): FlashLiquidationProfitReturnType {
  const { debtToCover, userDebt, healthFactor, swap, ...collateral } = params;
  const cappedDebt = calculateActualDebtToLiquidate(userDebt, healthFactor, debtToCover);
  const { collateralAmount: collateralSeized, debtAmountNeeded: debtCovered } =
    calculateAvailableCollateralToLiquidate({ ...collateral, debtToCover: cappedDebt });
  const collateralSoldFor = getAmountOut(collateralSeized, swap.reserveIn, swap.reserveOut, swap.feeBps);
  const fee = flashFee(debtToCover);
  return {
    debtCovered,
    collateralSeized,
    collateralSoldFor,
    flashFee: fee,
    profit: collateralSoldFor - debtCovered - fee,
  };
}

/**
 * ETH spent on gas, expressed in a token at oracle prices (USD with 8 decimals per whole token):
 * `wei · ethPrice · 10^tokenDecimals / (tokenPrice · 10^18)`, rounded up: a cost is never understated.
 *
 * @example
 * gasCostInToken(3_200_000_000_000_000n, 176_000_000_000n, 100_000_000n, 6n); // 5_632_000n: 0.0032 ETH at $1,760 = 5.632 USDC
 */
export function gasCostInToken(
  gasWei: bigint,
  ethPrice: bigint,
  tokenPrice: bigint,
  tokenDecimals: bigint,
): bigint {
  return divUp(gasWei * ethPrice * 10n ** tokenDecimals, tokenPrice * 10n ** ETH_DECIMALS);
}
