/**
 * The sandwicher's decision, pure: from what it read (the victim's swap, the pool, its balance, the
 * WETH price, the base fee) and its settings, a sandwich sized by `planSandwich`
 * (server/math/sandwich.ts), or a refusal that says why, with the numbers.
 */
import { decisionId } from "../../lib/decisionId";
import { BPS } from "../../math/amm";
import { min } from "../../math/bigint";
import { planSandwich, type SandwichOutcome, type SandwichParameters } from "../../math/sandwich";
import type { Refusal } from "../kit/decision";
import { gasCostWei, PAYMENT_GAS } from "../kit/fees";
import { toWeth, wethTo } from "../kit/pricing";
import type { RiskFigures, RiskLimits, RiskStop } from "../kit/risk";
import { riskRefusal } from "../kit/riskText";
import {
  explainSkip,
  explainUnsupported,
  formulasOf,
  inputsOf,
  riskLead,
  unsupportedInputs,
} from "./explain";
import {
  BACKRUN_GAS,
  BACKRUN_TIP_BELOW_VICTIM,
  FRONTRUN_GAS,
  FRONTRUN_TIP_ABOVE_VICTIM,
  SANDWICHER,
  type SandwichPath,
} from "./settings";
import type { SandwichPlan, SandwichPool, SandwichSnapshot, SealedTerms, Situation } from "./types";

export interface DecideSettings {
  /** Most WETH it puts into one frontrun. */
  capital: bigint;
  path: SandwichPath;
}

/** Sandwich the victim, or refuse with the reason, the numbers and the sentence why. */
export function decide(snapshot: SandwichSnapshot, settings: DecideSettings): SandwichPlan | Refusal {
  const { pool } = snapshot;
  if (!pool) return refuseUnsupported(snapshot);
  const situation = situationOf(snapshot, pool, settings);
  const decision = planSandwich(situation.params);
  if (decision.kind === "sandwich") return { kind: "sandwich", situation, decision };
  return {
    kind: "refuse",
    id: situation.id,
    reason: decision.reason,
    explanation: explainSkip(situation, decision),
    inputs: inputsOf(situation),
    formulas: formulasOf(situation, decision, decision.best),
  };
}

/** A refusal of the sandwich because a risk control stops it, with the figures and limits it compared. */
export function refuseByRisk(
  { situation: s, decision }: SandwichPlan,
  stop: RiskStop,
  figures: RiskFigures,
  limits: RiskLimits,
): Refusal {
  const basis = { id: s.id, inputs: inputsOf(s), formulas: formulasOf(s, decision, decision.outcome) };
  return riskRefusal(basis, riskLead(s, decision), stop, figures, limits);
}

/** The tips, the gas and the sandwich's parameters, all in the input token. */
function situationOf(snapshot: SandwichSnapshot, pool: SandwichPool, settings: DecideSettings): Situation {
  const { swap, nextBaseFee: baseFee } = snapshot;
  const bundled = settings.path === "bundle";
  const atWethPrice = (amount: bigint) => wethTo(pool.tokenIn, amount, snapshot.wethPrice);
  // In a bundle the order is the bundle's: no tips, and the builder is paid by the transfer (its gas counts).
  const frontTip = bundled ? 0n : swap.tip + FRONTRUN_TIP_ABOVE_VICTIM;
  const backTip = bundled || swap.tip <= BACKRUN_TIP_BELOW_VICTIM ? 0n : swap.tip - BACKRUN_TIP_BELOW_VICTIM;
  const gasWei =
    gasCostWei(FRONTRUN_GAS, baseFee, frontTip) +
    gasCostWei(BACKRUN_GAS, baseFee, backTip) +
    (bundled ? gasCostWei(PAYMENT_GAS, baseFee, 0n) : 0n);
  const params: SandwichParameters = {
    victimAmountIn: swap.amountIn,
    amountOutMin: swap.amountOutMin,
    reserveIn: pool.reserveIn,
    reserveOut: pool.reserveOut,
    feeBps: pool.feeBps,
    attackerCapital: min(atWethPrice(settings.capital), snapshot.balance),
    gasCost: atWethPrice(gasWei),
  };
  const id = decisionId([
    SANDWICHER,
    swap.hash,
    pool.reserveIn,
    pool.reserveOut,
    params.attackerCapital,
    baseFee,
  ]);
  return {
    swap,
    pool,
    balance: snapshot.balance,
    wethPrice: snapshot.wethPrice,
    tokens: snapshot.tokens,
    params,
    capitalSetting: settings.capital,
    frontTip,
    backTip,
    gasWei,
    baseFee,
    path: settings.path,
    id,
  };
}

/** Only swaps through one pool of the world's tokens can be sandwiched. */
function refuseUnsupported({ swap }: SandwichSnapshot): Refusal {
  const path = swap.path.map((symbol) => symbol ?? "an unknown token").join(" → ");
  return {
    kind: "refuse",
    id: decisionId([SANDWICHER, swap.hash, path]),
    reason: swap.path.length !== 2 ? "multi-hop-path" : "unknown-pool",
    explanation: explainUnsupported(swap, path),
    inputs: unsupportedInputs(swap, path),
    formulas: [],
  };
}

/** The sealed bid: `bps` of the profit after gas, and the backrun's break-even minimum. */
export function sealedTerms(
  s: Situation,
  outcome: SandwichOutcome,
  bps: number,
  arm: number | null,
): SealedTerms {
  const bid = (outcome.netProfit * BigInt(bps)) / BPS;
  return {
    bps,
    arm,
    bid,
    bidWei: toWeth(s.pool.tokenIn, bid, s.wethPrice),
    backMin: breakEvenBackrun(outcome, bid),
  };
}

/**
 * The backrun's minimum output in a bundle: the frontrun's input plus the gas and the payment. Below
 * it the sandwich loses money after paying the builder, so the backrun reverts and the builder drops
 * the bundle whole (nothing of it lands, the victim's swap stays in the mempool).
 */
export function breakEvenBackrun(outcome: SandwichOutcome, bid: bigint): bigint {
  return outcome.frontrun.amountIn + outcome.gasCost + bid;
}
