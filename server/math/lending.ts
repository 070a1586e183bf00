/**
 * Lending math, mirrored from `contracts/lending/libraries/` (GenericLogic, LiquidationLogic,
 * PercentageMath) and `LendingPool.flashFee`. Same names, same integer rounding: every output equals
 * the contract's to the wei. Pure functions over bigint base units; no I/O.
 *
 * Values "in base currency" are USD with 8 decimals, as the Chainlink-style feeds answer.
 * Percentages are basis points (10000 = 100%); health factors are 1e18-scaled.
 */
import { BPS } from "./amm";

/** One, in the 18-decimal fixed point of health factors. */
export const WAD = 10n ** 18n;
/** Below this health factor a position may be liquidated (and may not withdraw). */
export const HEALTH_FACTOR_LIQUIDATION_THRESHOLD = WAD;
/** `type(uint256).max`: the health factor of a position without debt. */
export const MAX_UINT256 = 2n ** 256n - 1n;
/** Decimals of the base currency (USD), as Chainlink's USD feeds. */
export const BASE_CURRENCY_DECIMALS = 8n;
/** Share of the debt (bps) one liquidation may repay while the health factor is above 0.95. */
export const DEFAULT_LIQUIDATION_CLOSE_FACTOR = 5_000n;
/** Share of the debt (bps) one liquidation may repay at a health factor of 0.95 or less. */
export const MAX_LIQUIDATION_CLOSE_FACTOR = 10_000n;
/** Health factor at or below which the whole debt may be liquidated at once. */
export const CLOSE_FACTOR_HF_THRESHOLD = 95n * 10n ** 16n;
/** Flash-loan fee in basis points: 9 = 0.09%. */
export const FLASH_LOAN_FEE_BPS = 9n;

/** x · bps / 10000, rounded down. */
export function percentMul(x: bigint, bps: bigint): bigint {
  return (x * bps) / BPS;
}

/** x · 10000 / bps, rounded down. */
export function percentDiv(x: bigint, bps: bigint): bigint {
  return (x * BPS) / bps;
}

/** What collateral is worth in base currency: amount · price / 10^decimals, rounded down. */
export function collateralValueInBase(amount: bigint, price: bigint, decimals: bigint): bigint {
  return (amount * price) / 10n ** decimals;
}

/** What debt weighs in base currency: amount · price / 10^decimals, rounded up. */
export function debtValueInBase(amount: bigint, price: bigint, decimals: bigint): bigint {
  const unit = 10n ** decimals;
  return (amount * price + unit - 1n) / unit;
}

/**
 * Health factor, 1e18-scaled: Σ(collateralBase_i · threshold_i) / (10000 · debtBase), rounded down;
 * `2^256 − 1` (the contract's `type(uint256).max`) with no debt.
 *
 * @param thresholdWeightedCollateral Σ(collateralBase_i · liquidationThresholdBps_i), in base · bps.
 * @param totalDebtBase Σ(debtBase_j).
 */
export function calculateHealthFactor(thresholdWeightedCollateral: bigint, totalDebtBase: bigint): bigint {
  if (totalDebtBase === 0n) return MAX_UINT256;
  return (thresholdWeightedCollateral * WAD) / (totalDebtBase * BPS);
}

/** One asset of a user's position, with its price and risk parameters. */
export interface AssetPosition {
  collateral: bigint;
  debt: bigint;
  /** USD price of one whole token, 8 decimals. */
  price: bigint;
  decimals: bigint;
  ltvBps: bigint;
  liquidationThresholdBps: bigint;
}

/** The figures of Aave v3's `getUserAccountData`, in base currency, bps and 1e18. */
export interface UserAccountData {
  totalCollateralBase: bigint;
  totalDebtBase: bigint;
  availableBorrowsBase: bigint;
  currentLiquidationThreshold: bigint;
  ltv: bigint;
  healthFactor: bigint;
}

/** A user's position over every asset, exactly as `LendingPool.getUserAccountData` computes it. */
export function calculateUserAccountData(positions: readonly AssetPosition[]): UserAccountData {
  let totalCollateralBase = 0n;
  let totalDebtBase = 0n;
  let ltvWeightedCollateral = 0n;
  let thresholdWeightedCollateral = 0n;
  for (const position of positions) {
    const collateralBase = collateralValueInBase(position.collateral, position.price, position.decimals);
    totalCollateralBase += collateralBase;
    ltvWeightedCollateral += collateralBase * position.ltvBps;
    thresholdWeightedCollateral += collateralBase * position.liquidationThresholdBps;
    totalDebtBase += debtValueInBase(position.debt, position.price, position.decimals);
  }
  const borrowingPower = ltvWeightedCollateral / BPS;
  return {
    totalCollateralBase,
    totalDebtBase,
    availableBorrowsBase: borrowingPower > totalDebtBase ? borrowingPower - totalDebtBase : 0n,
    currentLiquidationThreshold:
      totalCollateralBase === 0n ? 0n : thresholdWeightedCollateral / totalCollateralBase,
    ltv: totalCollateralBase === 0n ? 0n : ltvWeightedCollateral / totalCollateralBase,
    healthFactor: calculateHealthFactor(thresholdWeightedCollateral, totalDebtBase),
  };
}

/** Share of the debt (bps) a liquidator may repay at this health factor: 50%, or 100% at ≤ 0.95. */
export function closeFactorFor(healthFactor: bigint): bigint {
  return healthFactor > CLOSE_FACTOR_HF_THRESHOLD
    ? DEFAULT_LIQUIDATION_CLOSE_FACTOR
    : MAX_LIQUIDATION_CLOSE_FACTOR;
}

/** Debt a liquidation repays before the collateral check: min(debtToCover, userDebt · closeFactor). */
export function calculateActualDebtToLiquidate(
  userDebt: bigint,
  healthFactor: bigint,
  debtToCover: bigint,
): bigint {
  const maxLiquidatableDebt = percentMul(userDebt, closeFactorFor(healthFactor));
  return debtToCover > maxLiquidatableDebt ? maxLiquidatableDebt : debtToCover;
}

export interface AvailableCollateralToLiquidateParameters {
  /** Debt to repay after the close factor (see `calculateActualDebtToLiquidate`). */
  debtToCover: bigint;
  userCollateralBalance: bigint;
  liquidationBonusBps: bigint;
  collateralPrice: bigint;
  debtPrice: bigint;
  collateralDecimals: bigint;
  debtDecimals: bigint;
}

export interface AvailableCollateralToLiquidateReturnType {
  /** Collateral sent to the liquidator, bonus included. */
  collateralAmount: bigint;
  /** Debt the liquidator repays. */
  debtAmountNeeded: bigint;
}

/**
 * Collateral a liquidator receives for repaying `debtToCover`, in Aave v3's order of operations:
 * `debtPrice · debt · 10^collDec / (collPrice · 10^debtDec)` rounded down, then `× bonus / 10000`
 * rounded down. If that exceeds the user's collateral, all of it is seized and the debt repaid is
 * recomputed backwards (each division rounded down).
 */
export function calculateAvailableCollateralToLiquidate(
  params: AvailableCollateralToLiquidateParameters,
): AvailableCollateralToLiquidateReturnType {
  const collateralUnit = 10n ** params.collateralDecimals;
  const debtUnit = 10n ** params.debtDecimals;
  const baseCollateral =
    (params.debtPrice * params.debtToCover * collateralUnit) / (params.collateralPrice * debtUnit);
  const maxCollateralToLiquidate = percentMul(baseCollateral, params.liquidationBonusBps);
  if (maxCollateralToLiquidate <= params.userCollateralBalance) {
    return { collateralAmount: maxCollateralToLiquidate, debtAmountNeeded: params.debtToCover };
  }
  const collateralAmount = params.userCollateralBalance;
  const debtAmountNeeded = percentDiv(
    (params.collateralPrice * collateralAmount * debtUnit) / (params.debtPrice * collateralUnit),
    params.liquidationBonusBps,
  );
  return { collateralAmount, debtAmountNeeded };
}

/** Fee of an ERC-3156 flash loan of `amount`: amount · 9 / 10000, rounded down. */
export function flashFee(amount: bigint): bigint {
  return percentMul(amount, FLASH_LOAN_FEE_BPS);
}
