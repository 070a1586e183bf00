/**
 * What the liquidator shows learners, part two: the sentences of its refusals and of what it sent.
 * Pure: no chain, no decisions. The inputs and formulas are in ./formulas.ts.
 */
import type { EventDraft, OpportunityFound } from "../../events";
import { formatGwei, formatUsd } from "../../format";
import { BPS } from "../../math/amm";
import { CLOSE_FACTOR_HF_THRESHOLD } from "../../math/lending";
import { showEth } from "../kit/amounts";
import { bpsText, hfText, shortAmount, USD } from "./formulas";
import { LIQUIDATOR, TIP } from "./settings";
import type {
  Funding,
  LiquidationBid,
  LiquidationPlan,
  LiquidatorPlan,
  Market,
  OracleUpdate,
  Position,
} from "./types";

/** Enough fraction digits for any token: amounts shown in full. */
const EXACT = 18;

/** "borrower's health factor is 0.9553 (below 1). Repaying 7,600 USDC … buys 4.5341 WETH …". */
export function introText(plan: LiquidationPlan): string {
  const { position, debt, collateral } = plan;
  const side = position.healthFactor > CLOSE_FACTOR_HF_THRESHOLD ? "above" : "at or below";
  const bonus = collateral.asset.liquidationBonusBps - BPS;
  const when = position.ahead
    ? ` at the oracle's price for the next block (${collateral.asset.symbol} ${formatUsd(collateral.asset.price)})`
    : "";
  return (
    `${position.label}'s health factor is ${hfText(position.healthFactor)}${when}, below 1. ` +
    `Repaying ${shortAmount(plan.debtToCover, debt.asset)} of its ${shortAmount(debt.debt, debt.asset)} debt ` +
    `(close factor ${bpsText(plan.closeFactor)}: HF is ${side} 0.95) buys ${shortAmount(plan.collateralAmount, collateral.asset)} ` +
    `of its ${shortAmount(collateral.collateral, collateral.asset)} collateral (the oracle value of the debt plus a ${bpsText(bonus)} bonus).`
  );
}

/** "WETH/USD update to $1,520.00 (0x…)": the pending update it back-runs. */
export function backRunsText(update: OracleUpdate): string {
  return `${update.symbol}/USD update to ${formatUsd(update.price)} (${update.hash})`;
}

/** What the liquidation would do: what a risk control's refusal begins with. */
export function riskLead(plan: LiquidationPlan): string {
  const { position, debt, collateral } = plan;
  return `liquidating ${position.label} (health factor ${hfText(position.healthFactor)}) would repay ${shortAmount(plan.debtToCover, debt.asset)} of its debt for ${shortAmount(plan.collateralAmount, collateral.asset)} of its collateral`;
}

export function explainNoCollateral(position: Position): string {
  return `${position.label}'s health factor is ${hfText(position.healthFactor)}, but no collateral is left to seize: the rest of its debt is bad debt no liquidation can repay.`;
}

export function explainDust(plan: LiquidationPlan): string {
  return (
    `${plan.position.label}'s ${shortAmount(plan.collateral.collateral, plan.collateral.asset, EXACT)} of collateral left pays for ` +
    `${shortAmount(plan.debtToCover, plan.debt.asset, EXACT)} of its ${shortAmount(plan.debt.debt, plan.debt.asset)} debt: nothing worth liquidating is left, the rest is bad debt.`
  );
}

export function explainIlliquid(plan: LiquidationPlan, held: bigint): string {
  return `The lending pool holds only ${shortAmount(held, plan.collateral.asset)}, less than the ${shortAmount(plan.collateralAmount, plan.collateral.asset)} the liquidation would pay out.`;
}

export function explainNoCapital(plan: LiquidationPlan, balance: bigint): string {
  return `Liquidating ${plan.position.label} needs ${shortAmount(plan.debtToCover, plan.debt.asset)}, but the liquidator holds only ${shortAmount(balance, plan.debt.asset)}.`;
}

export function explainUnprofitableOwn(profit: bigint, gasUsd: bigint): string {
  return `The liquidation would earn ${formatUsd(profit)} at the oracle prices but cost ${formatUsd(gasUsd)} of gas.`;
}

export function explainNoMarket(plan: LiquidationPlan): string {
  return `No DEX pool trades ${plan.collateral.asset.symbol} for ${plan.debt.asset.symbol}: the seized collateral could not be sold to repay the flash loan.`;
}

export function explainNoFlashLiquidity(plan: LiquidationPlan, available: bigint): string {
  return `The flash loan would need ${shortAmount(plan.debtToCover, plan.debt.asset)}, but the lending pool can lend only ${shortAmount(available, plan.debt.asset)}.`;
}

export function explainUnprofitableFlash(
  plan: LiquidationPlan,
  market: Market,
  outcome: Extract<Funding, { kind: "flash" }>["outcome"],
  gasInDebt: bigint,
): string {
  const { debt, collateral } = plan;
  return (
    `Selling the ${shortAmount(outcome.collateralSeized, collateral.asset)} seized on ${market.name} would bring ${shortAmount(outcome.collateralSoldFor, debt.asset)}: ` +
    `after repaying ${shortAmount(outcome.debtCovered, debt.asset)} and the ${shortAmount(outcome.flashFee, debt.asset)} flash fee that leaves ${shortAmount(outcome.profit, debt.asset)}, not more than the ${shortAmount(gasInDebt, debt.asset)} of gas.`
  );
}

export function explainUnprofitableSale(
  plan: LiquidationPlan,
  market: Market,
  soldFor: bigint,
  gasInDebt: bigint,
): string {
  const { debt, collateral } = plan;
  return (
    `Selling the ${shortAmount(plan.collateralAmount, collateral.asset)} it would seize on ${market.name} would bring ${shortAmount(soldFor, debt.asset)} ` +
    `for the ${shortAmount(plan.debtToCover, debt.asset)} it would repay: not more than the ${shortAmount(gasInDebt, debt.asset)} of gas. ` +
    `The oracle values the collateral at ${formatUsd(collateral.asset.price)}, more than the pool pays for it after the sale's price impact.`
  );
}

/** How it sent the liquidation: with a tip, or in a bundle (behind the update it back-runs) with a payment. */
export function howSent(bid: LiquidationBid | undefined, update: OracleUpdate | undefined): string {
  if (!bid) return `with a ${formatGwei(TIP)} tip`;
  const behind = update ? `right behind the pending ${update.symbol}/USD update, ` : "";
  return `${behind}in a bundle with no tip, followed by a payment of ${showEth(bid.wei)} to the builder (${bid.bps / 100}% of the profit after gas)`;
}

/** What it says of the liquidation it sent `how`. */
export function summarize(plan: LiquidationPlan, funding: Funding, how: string, bid: boolean): string {
  const { debt } = plan;
  if (funding.kind === "own") {
    const { collateralUsd, debtUsd, profit, gasUsd } = funding;
    return (
      `${introText(plan)} That collateral is worth ${formatUsd(collateralUsd)} against ${formatUsd(debtUsd)} repaid at the oracle prices: ` +
      `${formatUsd(profit)} profit, ${formatUsd(gasUsd)} of gas, ${formatUsd(profit - gasUsd)} net. Sent liquidationCall ${how}.`
    );
  }
  if (funding.kind === "sell") {
    const { market, soldFor, profit, gasInDebt } = funding;
    return (
      `${introText(plan)} It repays with its own ${debt.asset.symbol} and sells the collateral at once on ${market.name} ` +
      `for ${shortAmount(soldFor, debt.asset)}: ${shortAmount(profit, debt.asset)} profit, ${shortAmount(gasInDebt, debt.asset)} of gas, ` +
      `${shortAmount(profit - gasInDebt, debt.asset)} net. Sent liquidationCall and the sale (at least ${shortAmount(funding.minOut, debt.asset)}) ${how}.`
    );
  }
  const { market, markets, outcome, gasInDebt } = funding;
  return (
    `${introText(plan)} The flash liquidator borrows the ${shortAmount(plan.debtToCover, debt.asset)}, sells the collateral on ${market.name} ` +
    `(the best of ${markets}) for ${shortAmount(outcome.collateralSoldFor, debt.asset)} and repays the loan plus ${shortAmount(outcome.flashFee, debt.asset)} fee: ` +
    `${shortAmount(outcome.profit, debt.asset)} profit for the liquidator, ${shortAmount(gasInDebt, debt.asset)} of gas, ${shortAmount(outcome.profit - gasInDebt, debt.asset)} net. ` +
    `Sent liquidate with minProfit = the gas cost${bid ? " plus the payment" : ""}, ${how}.`
  );
}

/** The `opportunity:found` of a liquidation sent `how` (its own order of fields: the summary before the transactions). */
export function foundEvent(
  p: LiquidatorPlan,
  block: number,
  txs: string[],
  how: string,
  bid: boolean,
): EventDraft<OpportunityFound> {
  const { plan, funding } = p;
  const debtToken = { symbol: plan.debt.asset.symbol, decimals: Number(plan.debt.asset.decimals) };
  const [profit, gasCost, unit] =
    funding.kind === "own"
      ? [funding.profit, funding.gasUsd, USD]
      : funding.kind === "sell"
        ? [funding.profit, funding.gasInDebt, debtToken]
        : [funding.outcome.profit, funding.gasInDebt, debtToken];
  return {
    type: "opportunity:found",
    id: p.id,
    bot: LIQUIDATOR,
    kind: "liquidation",
    block,
    inputs: p.inputs,
    formulas: p.formulas,
    size: { amount: plan.debtToCover.toString(), ...debtToken },
    expectedProfit: { amount: profit.toString(), ...unit },
    gasCost: { amount: gasCost.toString(), ...unit },
    summary: summarize(plan, funding, how, bid),
    txs,
  };
}
