/**
 * The pool's liquidation as the liquidator plans it, pure: which debt to repay and which collateral
 * to seize, how much the close factor and the collateral allow, and a position's health at a
 * pending oracle price.
 */
import {
  calculateActualDebtToLiquidate,
  calculateAvailableCollateralToLiquidate,
  calculateUserAccountData,
  closeFactorFor,
  collateralValueInBase,
  debtValueInBase,
  HEALTH_FACTOR_LIQUIDATION_THRESHOLD,
} from "../../math/lending";
import type { Holding, LiquidationPlan, Position } from "./types";

/** The holding worth the most by `value`; the first in the pool's listing order wins a tie. */
function largest(holdings: readonly Holding[], value: (h: Holding) => bigint): Holding | undefined {
  let best: { holding: Holding; value: bigint } | undefined;
  for (const holding of holdings) {
    const v = value(holding);
    if (v > 0n && (best === undefined || v > best.value)) best = { holding, value: v };
  }
  return best?.holding;
}

/**
 * What liquidating `position` would do: repay the largest debt, seize the largest collateral, as much
 * as the close factor and the collateral allow. Undefined when there is no debt or no collateral left.
 */
export function planLiquidation(position: Position): LiquidationPlan | undefined {
  const debt = largest(position.holdings, (h) => debtValueInBase(h.debt, h.asset.price, h.asset.decimals));
  const collateral = largest(position.holdings, (h) =>
    collateralValueInBase(h.collateral, h.asset.price, h.asset.decimals),
  );
  if (!debt || !collateral) return undefined;
  const collateralParams = collateralParamsOf(debt, collateral);
  // everything the close factor allows; if the collateral cannot pay for all of it, only what it can
  // pay for (a flash loan of more would pay its fee on money the pool does not take)
  const closeFactorDebt = calculateActualDebtToLiquidate(debt.debt, position.healthFactor, debt.debt);
  const { debtAmountNeeded: debtToCover } = calculateAvailableCollateralToLiquidate({
    ...collateralParams,
    debtToCover: closeFactorDebt,
  });
  const { collateralAmount } = calculateAvailableCollateralToLiquidate({ ...collateralParams, debtToCover });
  return {
    position,
    debt,
    collateral,
    closeFactor: closeFactorFor(position.healthFactor),
    closeFactorDebt,
    debtToCover,
    collateralAmount,
  };
}

/** What the pool's collateral formula needs to know about a debt and a collateral holding. */
export function collateralParamsOf(debt: Holding, collateral: Holding) {
  return {
    userCollateralBalance: collateral.collateral,
    liquidationBonusBps: collateral.asset.liquidationBonusBps,
    collateralPrice: collateral.asset.price,
    debtPrice: debt.asset.price,
    collateralDecimals: collateral.asset.decimals,
    debtDecimals: debt.asset.decimals,
  };
}

/** The position at the price a pending oracle update sets, its health factor recomputed as the pool will. */
export function repriced(position: Position, asset: string, price: bigint): Position {
  const holdings = position.holdings.map((h) =>
    h.asset.address === asset ? { ...h, asset: { ...h.asset, price } } : h,
  );
  return { ...position, holdings, healthFactor: healthOfHoldings(holdings) };
}

/** The health factor the pool computes for `holdings` at their assets' prices. */
export function healthOfHoldings(holdings: readonly Holding[]): bigint {
  return calculateUserAccountData(
    holdings.map((h) => ({
      collateral: h.collateral,
      debt: h.debt,
      price: h.asset.price,
      decimals: h.asset.decimals,
      ltvBps: 0n,
      liquidationThresholdBps: h.asset.liquidationThresholdBps,
    })),
  ).healthFactor;
}

/** Below health factor 1: the pool lets anyone liquidate it. Healthy positions are not news. */
export function liquidatable(healthFactor: bigint): boolean {
  return healthFactor < HEALTH_FACTOR_LIQUIDATION_THRESHOLD;
}
