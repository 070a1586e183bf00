/**
 * The JIT provider's decision, pure: from the pool it read, its balances and the base fee, liquidity
 * sized by `planJit` (server/math/jit.ts) around the swap, or a refusal with the reason and the numbers.
 */
import { decisionId } from "../../lib/decisionId";
import { min } from "../../math/bigint";
import { type JitParameters, planJit } from "../../math/jit";
import type { TokenSymbol } from "../../world/config";
import { GAS_TOKEN } from "../../world/market";
import type { Refusal } from "../kit/decision";
import { gasCostWei, PAYMENT_GAS } from "../kit/fees";
import { toWeth, wethTo } from "../kit/pricing";
import type { RiskFigures, RiskLimits, RiskStop } from "../kit/risk";
import { riskRefusal } from "../kit/riskText";
import { explainSkip, formulasOf, inputsOf, riskLead } from "./explain";
import { ADD_LIQUIDITY_GAS, JIT, JIT_BID_BPS, REMOVE_LIQUIDITY_GAS } from "./settings";
import type { JitPlan, JitSnapshot, Situation } from "./types";

/** Provide liquidity around the swap, or refuse with the reason, the numbers and the sentence why. */
export function decide(snapshot: JitSnapshot, settings: { capital: bigint }): JitPlan | Refusal {
  const s = situationOf(snapshot, settings.capital);
  const decision = planJit(s.params, s.gasCost, JIT_BID_BPS);
  if (decision.kind === "jit") {
    const bidWei = toWeth(snapshot.pool.tokenIn, decision.bid, snapshot.pool.wethPrice);
    return { kind: "jit", situation: s, decision, bidWei };
  }
  return {
    kind: "refuse",
    id: s.id,
    reason: decision.reason,
    explanation: explainSkip(s, decision),
    inputs: inputsOf(s),
    formulas: decision.outcome ? formulasOf(s, decision.outcome) : [],
  };
}

/** A refusal of the liquidity because a risk control stops it, with the figures and limits it compared. */
export function refuseByRisk(
  plan: JitPlan,
  stop: RiskStop,
  figures: RiskFigures,
  limits: RiskLimits,
): Refusal {
  const s = plan.situation;
  const basis = { id: s.id, inputs: inputsOf(s), formulas: formulasOf(s, plan.decision.outcome) };
  return riskRefusal(basis, riskLead(plan), stop, figures, limits);
}

function situationOf(snapshot: JitSnapshot, capital: bigint): Situation {
  const { pool, swap } = snapshot;
  const cap = (symbol: TokenSymbol, balance: bigint) =>
    symbol === GAS_TOKEN ? min(capital, balance) : balance;
  const params: JitParameters = {
    reserveIn: pool.reserveIn,
    reserveOut: pool.reserveOut,
    totalSupply: pool.totalSupply,
    feeBps: pool.feeBps,
    victimAmountIn: swap.amountIn,
    depositInDesired: cap(pool.tokenIn, snapshot.balanceIn),
    depositOutDesired: cap(pool.tokenOut, snapshot.balanceOut),
  };
  // The bundle's own transactions pay no tip: the builder is paid by the transfer.
  const gasWei = gasCostWei(ADD_LIQUIDITY_GAS + REMOVE_LIQUIDITY_GAS + PAYMENT_GAS, snapshot.nextBaseFee, 0n);
  const gasCost = wethTo(pool.tokenIn, gasWei, pool.wethPrice);
  const id = decisionId([
    JIT,
    swap.hash,
    pool.reserveIn,
    pool.reserveOut,
    pool.totalSupply,
    params.depositInDesired,
  ]);
  return { snapshot, params, gasWei, gasCost, id };
}
