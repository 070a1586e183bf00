/**
 * The liquidator's decision, pure: from a position below health factor 1 and what it read around
 * it, the liquidation the pool's formulas allow (./plan.ts), paid with its own tokens or a flash loan
 * (./funding.ts), or a refusal with the reason, the numbers and the sentence why.
 */
import { decisionId } from "../../lib/decisionId";
import type { TokenSymbol } from "../../world/config";
import type { Refusal } from "../kit/decision";
import type { RiskFigures, RiskLimits, RiskStop } from "../kit/risk";
import type { Stake } from "../kit/riskBook";
import { riskRefusal } from "../kit/riskText";
import { backRunsText, explainDust, explainIlliquid, explainNoCollateral, riskLead } from "./explain";
import { closeFactorFormula, collateralFormula, healthFactorFormula, planInputs } from "./formulas";
import { flashLoan, ownCapital } from "./funding";
import { planLiquidation } from "./plan";
import { ownCapitalWithSale } from "./sale";
import type { DecideSettings, Draft, LiquidationSnapshot, LiquidatorPlan } from "./types";

/** Liquidate the position, or refuse with the reason, the numbers and the sentence why. */
export function decide(snapshot: LiquidationSnapshot, settings: DecideSettings): LiquidatorPlan | Refusal {
  const { position, update } = snapshot;
  const plan = planLiquidation(position);
  const inputs = planInputs(position, plan);
  const formulas = [healthFactorFormula(position)];
  if (plan) formulas.push(closeFactorFormula(plan), collateralFormula(plan));
  const id = decisionId([
    "liquidation",
    snapshot.block,
    position.user,
    position.healthFactor,
    plan?.collateral.asset.address ?? "",
    plan?.debt.asset.address ?? "",
    plan?.debtToCover ?? 0n,
  ]);
  const refuse = (reason: string, explanation: string): Refusal => ({
    kind: "refuse",
    id,
    reason,
    explanation,
    inputs,
    formulas,
  });
  if (!plan) return refuse("no-collateral", explainNoCollateral(position));
  if (plan.debtToCover === 0n || plan.collateralAmount === 0n) return refuse("dust", explainDust(plan));
  // the pool pays the collateral from what it holds, and may have lent it out
  const held = snapshot.poolHoldings.get(plan.collateral.asset.address) ?? 0n;
  if (held < plan.collateralAmount) return refuse("pool-illiquid", explainIlliquid(plan, held));
  if (update) inputs["back-runs"] = backRunsText(update);
  const draft: Draft = { snapshot, settings, plan, id, inputs, formulas, refuse };
  if (settings.flash) return flashLoan(draft);
  return settings.sell ? ownCapitalWithSale(draft) : ownCapital(draft);
}

/** What the liquidation puts in: the debt it repays (a flash loan's too: the trade is as large). */
export function stakeOf({ plan }: LiquidatorPlan): Stake {
  return [[plan.debt.asset.symbol as TokenSymbol, plan.debtToCover]];
}

/** A refusal of the liquidation because a risk control stops it, with the figures and limits it compared. */
export function refuseByRisk(
  p: LiquidatorPlan,
  stop: RiskStop,
  figures: RiskFigures,
  limits: RiskLimits,
): Refusal {
  return riskRefusal(p, riskLead(p.plan), stop, figures, limits);
}
