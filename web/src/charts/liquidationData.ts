/**
 * The liquidation's answer key, from the decision event, the position's history and
 * server/math/lending.ts (the pool's own formulas, which the bot uses): the health factor over
 * blocks against the 1.0 line and the close factor's 0.95, and the collateral seized for each amount
 * repaid, with the bonus and without it. Pure.
 */
import type { OpportunityFound, OpportunitySkipped } from "../../../server/events";
import { BPS } from "../../../server/math/amm";
import {
  CLOSE_FACTOR_HF_THRESHOLD,
  calculateAvailableCollateralToLiquidate,
  HEALTH_FACTOR_LIQUIDATION_THRESHOLD,
  percentMul,
} from "../../../server/math/lending";
import type { HealthPoint } from "../model/lending";
import { bigintInput, inputValue, percentToBps, sampleSizes } from "./decisionInputs";

/** The 1.0 line and the 0.95 line (at or below it, the whole debt may be repaid), as 18-decimal values. */
export const HEALTH_LINES = {
  liquidation: HEALTH_FACTOR_LIQUIDATION_THRESHOLD,
  closeFactor: CLOSE_FACTOR_HF_THRESHOLD,
};

export interface HealthSeries {
  blocks: number[];
  /** 18-decimal health factors; null where the position has no debt ("max"). */
  healthFactors: (bigint | null)[];
}

/** A position's health factor at each block it changed. */
export function healthSeries(history: readonly HealthPoint[]): HealthSeries {
  return {
    blocks: history.map((p) => p.block),
    healthFactors: history.map((p) => (p.healthFactor === "max" ? null : BigInt(p.healthFactor))),
  };
}

export interface LiquidationChartInputs {
  debtSymbol: string;
  collateralSymbol: string;
  debtDecimals: bigint;
  collateralDecimals: bigint;
  /** The user's whole debt and collateral in those assets, base units. */
  debt: bigint;
  collateral: bigint;
  /** USD with 8 decimals, the oracle's. */
  debtPrice: bigint;
  collateralPrice: bigint;
  /** 10500n: 5% bonus. */
  bonusBps: bigint;
  closeFactorBps: bigint;
  /** What the bot repays; null when it declined. */
  repaid: bigint | null;
}

/** The liquidator's figures as its decision event reports them; null for another decision. */
export function liquidationInputs(
  decision: OpportunityFound | OpportunitySkipped,
): LiquidationChartInputs | null {
  if (decision.kind !== "liquidation") return null;
  const { inputs } = decision;
  const debtSymbol = inputValue(inputs, "debtAsset");
  const collateralSymbol = inputValue(inputs, "collateralAsset");
  const figures = {
    debt: bigintInput(inputs, `debt (${debtSymbol})`),
    collateral: bigintInput(inputs, `collateral (${collateralSymbol})`),
    debtPrice: bigintInput(inputs, "debtPrice"),
    collateralPrice: bigintInput(inputs, "collateralPrice"),
    collateralDecimals: bigintInput(inputs, "collateralDecimals"),
    bonusBps: percentToBps(inputValue(inputs, "liquidationBonus")),
    closeFactorBps: percentToBps(inputValue(inputs, "closeFactor")),
  };
  if (!debtSymbol || !collateralSymbol || Object.values(figures).includes(undefined)) return null;
  const found = decision.type === "opportunity:found";
  return {
    ...(figures as { [K in keyof typeof figures]: bigint }),
    debtSymbol,
    collateralSymbol,
    debtDecimals: BigInt(found ? decision.size.decimals : 18),
    repaid: found ? BigInt(decision.size.amount) : null,
  };
}

/** A collateral balance no repayment reaches: the price line is never capped. */
const NO_CAP = 2n ** 160n;

export interface SeizedPoint {
  repaid: bigint;
  /** Collateral the pool pays for `repaid`, bonus included (all the collateral at most). */
  seized: bigint;
  /** The same debt's worth of collateral at the oracle prices, without the bonus. */
  atPrice: bigint;
}

export interface SeizedCurve {
  points: SeizedPoint[];
  /** The most the close factor lets a liquidator repay. */
  closeFactorDebt: bigint;
  chosen: SeizedPoint | null;
}

/** Repaid against seized from 0 to the whole debt, the close factor's limit and the bot's size among the samples. */
export function seizedCurve(input: LiquidationChartInputs, samples = 60): SeizedCurve {
  const closeFactorDebt = percentMul(input.debt, input.closeFactorBps);
  const params = {
    userCollateralBalance: input.collateral,
    collateralPrice: input.collateralPrice,
    debtPrice: input.debtPrice,
    collateralDecimals: input.collateralDecimals,
    debtDecimals: input.debtDecimals,
  };
  const at = (repaid: bigint): SeizedPoint => ({
    repaid,
    seized: calculateAvailableCollateralToLiquidate({
      ...params,
      debtToCover: repaid,
      liquidationBonusBps: input.bonusBps,
    }).collateralAmount,
    atPrice: calculateAvailableCollateralToLiquidate({
      ...params,
      userCollateralBalance: NO_CAP, // the line shows the price alone
      debtToCover: repaid,
      liquidationBonusBps: BPS,
    }).collateralAmount,
  });
  const marks = [closeFactorDebt, ...(input.repaid === null ? [] : [input.repaid])];
  return {
    points: sampleSizes(input.debt, samples, marks).map(at),
    closeFactorDebt,
    chosen: input.repaid === null ? null : at(input.repaid),
  };
}
