/**
 * Liquidating with its own tokens and selling what it seized at once, pure: the sale is quoted on the
 * DEX pool as the bot's earlier sales of the block leave it, and the liquidation is worth sending only
 * if the sale brings back more than the debt it repays plus the gas. The collateral is valued at what
 * the DEX pays, not at the oracle price: when the oracle lags the DEX, the bonus may not cover it.
 */
import { amountOutMinFor, getAmountOut } from "../../math/amm";
import { debtValueInBase } from "../../math/lending";
import { gasCostInToken } from "../../math/liquidation";
import type { Refusal } from "../kit/decision";
import { explainNoCapital, explainNoMarket, explainUnprofitableSale } from "./explain";
import { gasFormula, saleProfitFormula, shortAmount, swapFormula } from "./formulas";
import { estimateGas, marketsFor } from "./funding";
import { SALE_GAS, SALE_SLIPPAGE_BPS, TWAP_LIQUIDATION_CALL_GAS } from "./settings";
import type { DexPool, Draft, LiquidatorPlan } from "./types";

/** With its own tokens, selling the seized collateral on the snapshot's DEX pool right after the liquidation. */
export function ownCapitalWithSale(draft: Draft): LiquidatorPlan | Refusal {
  const { snapshot, plan, inputs, formulas, refuse } = draft;
  const { debt } = plan;
  const balance = snapshot.balances.get(debt.asset.address) ?? 0n;
  inputs.liquidatorBalance = shortAmount(balance, debt.asset, Number(debt.asset.decimals));
  if (balance < plan.debtToCover) return refuse("no-capital", explainNoCapital(plan, balance));
  const [market] = marketsFor(plan, snapshot.dexPools);
  if (!market) return refuse("no-market", explainNoMarket(plan));
  const { reserveIn, reserveOut, feeBps } = market.swap;
  const soldFor = getAmountOut(plan.collateralAmount, reserveIn, reserveOut, feeBps);
  const profit = soldFor - plan.debtToCover;
  const gas = estimateGas(TWAP_LIQUIDATION_CALL_GAS + SALE_GAS, draft);
  const gasInDebt = gasCostInToken(gas.wei, gas.ethPrice, debt.asset.price, debt.asset.decimals);
  inputs.market = market.name;
  formulas.push(
    swapFormula(plan, market, soldFor),
    saleProfitFormula(plan, soldFor, profit),
    gasFormula(gas, gasInDebt, {
      symbol: debt.asset.symbol,
      decimals: Number(debt.asset.decimals),
      priceOfOne: debt.asset.price,
    }),
  );
  if (profit <= gasInDebt)
    return refuse("unprofitable", explainUnprofitableSale(plan, market, soldFor, gasInDebt));
  const minOut = amountOutMinFor(soldFor, SALE_SLIPPAGE_BPS);
  const funding = { kind: "sell" as const, market, soldFor, profit, gasInDebt, minOut };
  const netUsd = debtValueInBase(profit - gasInDebt, debt.asset.price, debt.asset.decimals);
  return { kind: "liquidate", id: draft.id, inputs, formulas, plan, funding, gas, netUsd };
}

/** The DEX pool after selling `amountIn` of `tokenIn` on it: what the bot's next sale of the block is quoted on. */
export function afterSale(pool: DexPool, tokenIn: string, amountIn: bigint): DexPool {
  const inIs0 = tokenIn === pool.token0;
  const [reserveIn, reserveOut] = inIs0 ? [pool.reserve0, pool.reserve1] : [pool.reserve1, pool.reserve0];
  const out = getAmountOut(amountIn, reserveIn, reserveOut, pool.feeBps);
  const [newIn, newOut] = [reserveIn + amountIn, reserveOut - out];
  return inIs0
    ? { ...pool, reserve0: newIn, reserve1: newOut }
    : { ...pool, reserve0: newOut, reserve1: newIn };
}
