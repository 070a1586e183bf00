/**
 * How the liquidator pays for a liquidation, pure: with its own tokens (valued at the oracle prices)
 * or with a flash loan, selling the seized collateral on the DEX pool that pays the most for it
 * (server/math/liquidation.ts); and the sealed bid it adds in a bundle.
 */
import { collateralValueInBase, debtValueInBase } from "../../math/lending";
import { flashLiquidationProfit, gasCostInToken } from "../../math/liquidation";
import { usdToWei } from "../../math/price";
import { orient } from "../../world/market";
import type { Refusal } from "../kit/decision";
import { PAYMENT_GAS } from "../kit/fees";
import {
  explainNoCapital,
  explainNoFlashLiquidity,
  explainNoMarket,
  explainUnprofitableFlash,
  explainUnprofitableOwn,
} from "./explain";
import {
  flashFeeFormula,
  flashProfitFormula,
  gasFormula,
  profitFormula,
  shortAmount,
  swapFormula,
  USD,
} from "./formulas";
import { collateralParamsOf } from "./plan";
import { FLASH_LIQUIDATION_GAS, LIQUIDATION_CALL_GAS, TIP } from "./settings";
import type {
  DexPool,
  Draft,
  GasEstimate,
  LiquidationBid,
  LiquidationPlan,
  LiquidatorPlan,
  Market,
} from "./types";

/** With its own tokens: it pays the debt asset and keeps the collateral, valued at the oracle prices. */
export function ownCapital(draft: Draft): LiquidatorPlan | Refusal {
  const { snapshot, plan, inputs, formulas, refuse } = draft;
  const { debt, collateral } = plan;
  const balance = snapshot.balances.get(debt.asset.address) ?? 0n;
  inputs.liquidatorBalance = shortAmount(balance, debt.asset, Number(debt.asset.decimals));
  if (balance < plan.debtToCover) return refuse("no-capital", explainNoCapital(plan, balance));
  const collateralUsd = collateralValueInBase(
    plan.collateralAmount,
    collateral.asset.price,
    collateral.asset.decimals,
  );
  const debtUsd = debtValueInBase(plan.debtToCover, debt.asset.price, debt.asset.decimals);
  const profit = collateralUsd - debtUsd;
  const gas = estimateGas(LIQUIDATION_CALL_GAS, draft);
  // gas valued like debt, rounded up: a cost is never understated
  const gasUsd = debtValueInBase(gas.wei, gas.ethPrice, 18n);
  formulas.push(
    profitFormula(plan, collateralUsd, debtUsd, profit),
    gasFormula(gas, gasUsd, { ...USD, priceOfOne: gas.ethPrice }),
  );
  if (profit <= gasUsd) return refuse("unprofitable", explainUnprofitableOwn(profit, gasUsd));
  const funding = { kind: "own" as const, collateralUsd, debtUsd, profit, gasUsd };
  return { kind: "liquidate", id: draft.id, inputs, formulas, plan, funding, gas, netUsd: profit - gasUsd };
}

/** The world's pools that trade the collateral for the debt asset, as markets for the seized collateral. */
export function marketsFor(plan: LiquidationPlan, pools: readonly DexPool[]): Market[] {
  const collateral = plan.collateral.asset.address;
  const debt = plan.debt.asset.address;
  const markets: Market[] = [];
  for (const pool of pools) {
    const pair = new Set([pool.token0, pool.token1]);
    if (!pair.has(collateral) || !pair.has(debt) || collateral === debt) continue;
    const swap = { ...orient(pool, pool, collateral), feeBps: pool.feeBps };
    markets.push({ name: pool.name, router: pool.router, swap });
  }
  return markets;
}

/**
 * With a flash loan: the FlashLiquidator borrows `debtToCover`, liquidates, sells all the seized
 * collateral on the pool that pays the most for it, repays loan + 9 bps fee and sends the rest (the
 * profit, in the debt asset) to the bot. No capital of the bot's own moves.
 */
export function flashLoan(draft: Draft): LiquidatorPlan | Refusal {
  const { snapshot, plan, inputs, formulas, refuse } = draft;
  const { debt, collateral } = plan;
  const outcomes = marketsFor(plan, snapshot.dexPools).map((market) => ({
    market,
    outcome: flashLiquidationProfit({
      debtToCover: plan.debtToCover,
      userDebt: debt.debt,
      healthFactor: plan.position.healthFactor,
      ...collateralParamsOf(debt, collateral),
      swap: market.swap,
    }),
  }));
  for (const { market, outcome } of outcomes) {
    inputs[`sale on ${market.name}`] = shortAmount(
      outcome.collateralSoldFor,
      debt.asset,
      Number(debt.asset.decimals),
    );
  }
  // the market that pays the most debt asset for the collateral; the first listed wins a tie
  const best = outcomes.reduce<(typeof outcomes)[number] | undefined>(
    (top, o) => (top === undefined || o.outcome.collateralSoldFor > top.outcome.collateralSoldFor ? o : top),
    undefined,
  );
  if (!best) return refuse("no-market", explainNoMarket(plan));
  const available = snapshot.flashLiquidity.get(debt.asset.address) ?? 0n;
  if (available < plan.debtToCover)
    return refuse("no-flash-liquidity", explainNoFlashLiquidity(plan, available));
  const { market, outcome } = best;
  const gas = estimateGas(FLASH_LIQUIDATION_GAS, draft);
  const gasInDebt = gasCostInToken(gas.wei, gas.ethPrice, debt.asset.price, debt.asset.decimals);
  inputs.market = market.name;
  formulas.push(
    swapFormula(plan, market, outcome.collateralSoldFor),
    flashFeeFormula(plan, outcome.flashFee),
    flashProfitFormula(plan, outcome),
    gasFormula(gas, gasInDebt, {
      symbol: debt.asset.symbol,
      decimals: Number(debt.asset.decimals),
      priceOfOne: debt.asset.price,
    }),
  );
  if (outcome.profit <= gasInDebt)
    return refuse("unprofitable", explainUnprofitableFlash(plan, market, outcome, gasInDebt));
  // minProfit = the gas cost: the contract reverts unless the liquidation at least pays for itself. If
  // the pool or the position moved before it is mined (another liquidator, a trade on the pool), the
  // trade is undone instead of completed at a loss; only the gas of the revert is lost.
  const netUsd = debtValueInBase(outcome.profit - gasInDebt, debt.asset.price, debt.asset.decimals);
  const funding = {
    kind: "flash" as const,
    market,
    markets: outcomes.length,
    outcome,
    gasInDebt,
    minProfit: gasInDebt,
  };
  return { kind: "liquidate", id: draft.id, inputs, formulas, plan, funding, gas, netUsd };
}

/**
 * Gas of a transaction using `units`, in ETH, at the next block's base fee plus the tip. In a bundle
 * there is no tip, and the payment's gas counts.
 */
export function estimateGas(units: bigint, { snapshot, settings }: Draft): GasEstimate {
  const all = settings.bundled ? units + PAYMENT_GAS : units;
  const tip = settings.bundled ? 0n : TIP;
  const baseFee = snapshot.nextBaseFee;
  return { units: all, baseFee, tip, wei: all * (baseFee + tip), ethPrice: snapshot.ethPrice };
}

/**
 * A sealed bid of `bps` of the profit after gas, in wei at the oracle's ETH price, recorded in the
 * decision's inputs; with a flash loan the contract's minProfit then covers the payment too (valued
 * like debt, rounded down): the liquidation never lands at a loss.
 */
export function withSealedBid(p: LiquidatorPlan, bps: number): { plan: LiquidatorPlan; bid: LiquidationBid } {
  const { netUsd, gas } = p;
  const wei = usdToWei(netUsd > 0n ? netUsd : 0n, gas.ethPrice, BigInt(bps));
  const bid = { bps, wei, valueWei: usdToWei(netUsd, gas.ethPrice) };
  const inputs = { ...p.inputs, "bid share (bps)": String(bps), "bid (wei)": wei.toString() };
  const { funding } = p;
  if (funding.kind !== "flash") return { plan: { ...p, inputs }, bid };
  const { price, decimals } = p.plan.debt.asset;
  const minProfit = funding.minProfit + gasCostInToken(wei, gas.ethPrice, price, decimals);
  return { plan: { ...p, inputs, funding: { ...funding, minProfit } }, bid };
}
