/**
 * What the liquidator shows learners, part one: the inputs it read and the formulas it used written
 * out with their numbers, so each step can be checked by hand. Pure: no chain, no decisions.
 */
import type { FormulaUse } from "../../events";
import { formatAmount, formatUsd } from "../../format";
import { BPS } from "../../math/amm";
import {
  CLOSE_FACTOR_HF_THRESHOLD,
  collateralValueInBase,
  debtValueInBase,
  FLASH_LOAN_FEE_BPS,
} from "../../math/lending";
import type { FlashLiquidationProfitReturnType } from "../../math/liquidation";
import { USD_DECIMALS } from "../../world/config";
import type { GasEstimate, Holding, LiquidationPlan, Market, Position } from "./types";

/** US dollars with the oracle's 8 decimals: the unit of values at the oracle prices. */
export const USD = { symbol: "USD", decimals: USD_DECIMALS };

interface Unit {
  symbol: string;
  decimals: bigint | number;
}

/** "4.5341 WETH": an amount of a token, rounded to `digits` (all decimals for exact figures). */
export function shortAmount(amount: bigint, unit: Unit, digits = 4): string {
  return `${formatAmount(amount, Number(unit.decimals), digits)} ${unit.symbol}`;
}

/** "0.9553": a 1e18-scaled health factor. */
export function hfText(healthFactor: bigint, digits = 4): string {
  return formatAmount(healthFactor, 18, digits);
}

/** "82.5%": basis points as a percentage. */
export function bpsText(bps: bigint): string {
  return `${formatAmount(bps, 2)}%`;
}

/** "7600000000 (7,600 USDC)": base units, then what they mean. */
function baseUnits(amount: bigint, unit: Unit): string {
  return `${amount} (${shortAmount(amount, unit, Number(unit.decimals))})`;
}

/** "176000000000 ($1,760.00)": an oracle price as the contract sees it, then in dollars. */
function priceText(price: bigint): string {
  return `${price} (${formatUsd(price)})`;
}

const exact = (amount: bigint, unit: Unit) => shortAmount(amount, unit, Number(unit.decimals));
const gwei = (wei: bigint) => `${formatAmount(wei, 9)} gwei`;

/** Everything a decision read about the position and the plan, as exact strings. */
export function planInputs(position: Position, plan: LiquidationPlan | undefined): Record<string, string> {
  const inputs: Record<string, string> = {
    user: `${position.label} (${position.user})`,
    healthFactor: hfText(position.healthFactor, 18),
  };
  for (const { asset, collateral, debt } of position.holdings) {
    if (collateral === 0n && debt === 0n) continue;
    if (collateral > 0n) inputs[`${asset.symbol} collateral`] = exact(collateral, asset);
    if (debt > 0n) inputs[`${asset.symbol} debt`] = exact(debt, asset);
    inputs[`${asset.symbol} price`] = formatUsd(asset.price, USD_DECIMALS);
  }
  if (!plan) return inputs;
  return {
    ...inputs,
    debtAsset: plan.debt.asset.symbol,
    collateralAsset: plan.collateral.asset.symbol,
    closeFactor: bpsText(plan.closeFactor),
    liquidationBonus: bpsText(plan.collateral.asset.liquidationBonusBps),
    debtToCover: exact(plan.debtToCover, plan.debt.asset),
    collateralSeized: exact(plan.collateralAmount, plan.collateral.asset),
    // The same figures in base units, for the page's answer-key chart (repaid against seized).
    [`debt (${plan.debt.asset.symbol})`]: plan.debt.debt.toString(),
    [`collateral (${plan.collateral.asset.symbol})`]: plan.collateral.collateral.toString(),
    "debtPrice (USD, 8 decimals)": plan.debt.asset.price.toString(),
    "collateralPrice (USD, 8 decimals)": plan.collateral.asset.price.toString(),
    collateralDecimals: plan.collateral.asset.decimals.toString(),
  };
}

/** What a holding is worth: "10 WETH × $1,760.00 = $17,600.00". */
function valueText(amount: bigint, holding: Holding, value: bigint): string {
  return `${exact(amount, holding.asset)} × ${formatUsd(holding.asset.price)} = ${formatUsd(value, USD_DECIMALS)}`;
}

export function healthFactorFormula(position: Position): FormulaUse {
  const inputs: Record<string, string> = {};
  for (const holding of position.holdings) {
    const { asset, collateral, debt } = holding;
    if (collateral > 0n) {
      const value = collateralValueInBase(collateral, asset.price, asset.decimals);
      inputs[`${asset.symbol} collateral`] = valueText(collateral, holding, value);
      inputs[`${asset.symbol} liquidation threshold`] = bpsText(asset.liquidationThresholdBps);
    }
    if (debt > 0n) {
      inputs[`${asset.symbol} debt`] = valueText(
        debt,
        holding,
        debtValueInBase(debt, asset.price, asset.decimals),
      );
    }
  }
  return {
    name: "health factor",
    expression: "HF = Σ(collateral × price × liquidation threshold) / Σ(debt × price), at the oracle prices",
    inputs,
    result: `${hfText(position.healthFactor, 18)} (below 1: liquidatable)`,
  };
}

export function closeFactorFormula(plan: LiquidationPlan): FormulaUse {
  return {
    name: "close factor",
    expression: `closeFactor = 50% while HF > ${hfText(CLOSE_FACTOR_HF_THRESHOLD, 2)}, 100% at or below; debtToCover = ⌊debt × closeFactor / 10000⌋ (less if the collateral cannot pay for it)`,
    inputs: {
      healthFactor: hfText(plan.position.healthFactor, 18),
      debt: baseUnits(plan.debt.debt, plan.debt.asset),
      closeFactor: `${plan.closeFactor} bps (${bpsText(plan.closeFactor)})`,
    },
    result: baseUnits(plan.closeFactorDebt, plan.debt.asset),
  };
}

export function collateralFormula(plan: LiquidationPlan): FormulaUse {
  const { debt, collateral } = plan;
  const capped = plan.debtToCover !== plan.closeFactorDebt;
  return {
    name: "collateral seized",
    expression:
      "collateral = ⌊⌊debtToCover × debtPrice × 10^collateralDecimals / (collateralPrice × 10^debtDecimals)⌋ × bonus / 10000⌋" +
      (capped
        ? "; the close factor's debt would buy more than the user has, so debtToCover was worked back from all of it: " +
          "⌊⌊userCollateral × collateralPrice × 10^debtDecimals / (debtPrice × 10^collateralDecimals)⌋ × 10000 / bonus⌋"
        : ""),
    inputs: {
      ...(capped ? { closeFactorDebt: baseUnits(plan.closeFactorDebt, debt.asset) } : {}),
      debtToCover: baseUnits(plan.debtToCover, debt.asset),
      debtPrice: priceText(debt.asset.price),
      collateralPrice: priceText(collateral.asset.price),
      collateralDecimals: collateral.asset.decimals.toString(),
      debtDecimals: debt.asset.decimals.toString(),
      bonus: `${collateral.asset.liquidationBonusBps} bps (${bpsText(collateral.asset.liquidationBonusBps)})`,
      userCollateral: baseUnits(collateral.collateral, collateral.asset),
    },
    result: baseUnits(plan.collateralAmount, collateral.asset),
  };
}

export function profitFormula(
  plan: LiquidationPlan,
  collateralUsd: bigint,
  debtUsd: bigint,
  profit: bigint,
): FormulaUse {
  const { debt, collateral } = plan;
  return {
    name: "profit at the oracle prices",
    expression:
      "profit = ⌊collateral × collateralPrice / 10^collateralDecimals⌋ − ⌈debt × debtPrice / 10^debtDecimals⌉ (USD, 8 decimals)",
    inputs: {
      collateral: valueText(plan.collateralAmount, collateral, collateralUsd),
      debt: valueText(plan.debtToCover, debt, debtUsd),
    },
    result: `${profit} (${formatUsd(profit, USD_DECIMALS)})`,
  };
}

/** Gas: units × (base fee + tip) in ETH, converted at the oracle's ETH price into `unit` (USD or a token). */
export function gasFormula(gas: GasEstimate, cost: bigint, unit: Unit & { priceOfOne: bigint }): FormulaUse {
  const inUsd = unit.symbol === "USD";
  return {
    name: "gas cost",
    expression: inUsd
      ? "gas = units × (baseFee + tip); in USD: ⌈wei × ethPrice / 10^18⌉"
      : `gas = units × (baseFee + tip); in ${unit.symbol}: ⌈wei × ethPrice × 10^${unit.decimals} / (${unit.symbol}Price × 10^18)⌉`,
    inputs: {
      units: gas.units.toString(),
      baseFee: gwei(gas.baseFee),
      tip: gwei(gas.tip),
      wei: `${gas.wei} (${formatAmount(gas.wei, 18)} ETH)`,
      ethPrice: priceText(gas.ethPrice),
      ...(inUsd ? {} : { [`${unit.symbol}Price`]: priceText(unit.priceOfOne) }),
    },
    result: inUsd ? `${cost} (${formatUsd(cost, USD_DECIMALS)})` : baseUnits(cost, unit),
  };
}

export function swapFormula(plan: LiquidationPlan, market: Market, soldFor: bigint): FormulaUse {
  const { debt, collateral } = plan;
  return {
    name: `collateral sale on ${market.name}`,
    expression: "out = in·(10000−fee)·Rout / (Rin·10000 + in·(10000−fee))",
    inputs: {
      in: baseUnits(plan.collateralAmount, collateral.asset),
      Rin: baseUnits(market.swap.reserveIn, collateral.asset),
      Rout: baseUnits(market.swap.reserveOut, debt.asset),
      fee: `${market.swap.feeBps} bps`,
    },
    result: baseUnits(soldFor, debt.asset),
  };
}

export function saleProfitFormula(plan: LiquidationPlan, soldFor: bigint, profit: bigint): FormulaUse {
  const unit = plan.debt.asset;
  return {
    name: "liquidation and sale profit",
    expression:
      "profit = collateral sold for − debt repaid (in the debt asset: what the liquidator ends with)",
    inputs: { soldFor: baseUnits(soldFor, unit), debtRepaid: baseUnits(plan.debtToCover, unit) },
    result: baseUnits(profit, unit),
  };
}

export function flashFeeFormula(plan: LiquidationPlan, fee: bigint): FormulaUse {
  return {
    name: "flash-loan fee",
    expression: `fee = ⌊borrowed × ${FLASH_LOAN_FEE_BPS} / ${BPS}⌋ (0.09%)`,
    inputs: { borrowed: baseUnits(plan.debtToCover, plan.debt.asset) },
    result: baseUnits(fee, plan.debt.asset),
  };
}

export function flashProfitFormula(
  plan: LiquidationPlan,
  outcome: FlashLiquidationProfitReturnType,
): FormulaUse {
  const unit = plan.debt.asset;
  return {
    name: "flash liquidation profit",
    expression:
      "profit = collateral sold for − debt covered − flash fee (what the flash liquidator sends its owner)",
    inputs: {
      soldFor: baseUnits(outcome.collateralSoldFor, unit),
      debtCovered: baseUnits(outcome.debtCovered, unit),
      flashFee: baseUnits(outcome.flashFee, unit),
    },
    result: baseUnits(outcome.profit, unit),
  };
}
