/**
 * The arbitrage searcher's decision, pure: from every pool's reserves, its executor's balances and
 * the base fee, the best cycle after gas (every pair and triangle, server/math/shortCycles.ts, then sizing), or a
 * refusal with the reason, the numbers and the sentence why; then, for the cycle it sends, its
 * sealed bid or its answer to a rival's tip.
 */
import { decisionId } from "../../lib/decisionId";
import { BPS } from "../../math/amm";
import { bidOf } from "../../math/bandit";
import { cycleKey, rankArbitrages } from "../../math/graph";
import type { TokenSymbol } from "../../world/config";
import { GAS_TOKEN, graphPools, type PoolInfo } from "../../world/market";
import { nextPublicTip } from "../kit/bidding";
import type { Refusal } from "../kit/decision";
import { executeGas } from "../kit/executor";
import { gasCostWei, PAYMENT_GAS } from "../kit/fees";
import { toWeth, wethPriceOf, wethTo } from "../kit/pricing";
import type { RiskFigures, RiskLimits, RiskStop } from "../kit/risk";
import { riskRefusal } from "../kit/riskText";
import {
  explainNoRoom,
  explainOutbid,
  explainReverted,
  explainUnprofitable,
  formulasOf,
  inputsOf,
  outbidInputs,
  riskLead,
} from "./explain";
import type { ArbitragePlan, ArbitrageSnapshot, Candidate, PublicAuction, SealedTerms } from "./types";

export interface DecideSettings {
  /** The name it publishes under. */
  name: string;
  maxHops: number;
  /** The tip its transactions start with. */
  tip: bigint;
}

/**
 * The best cycle to send, or a refusal; undefined when no cycle pays anything, not even before gas
 * (nothing to say). `reverted` holds the decisions whose transaction reverted, with the block.
 */
export function decide(
  snapshot: ArbitrageSnapshot,
  settings: DecideSettings,
  reverted: ReadonlyMap<string, number>,
): ArbitragePlan | Refusal | undefined {
  const best = rank(snapshot, settings)[0];
  if (!best) return undefined;
  const plan: ArbitragePlan = {
    kind: "arbitrage",
    snapshot,
    best,
    id: idOf(snapshot, best, settings.name),
    opportunity: decisionId(["arbitrage", cycleKey(best.opportunity.cycle), snapshot.block]),
  };
  if (best.netProfit <= 0n)
    return refuse(plan, "unprofitable-after-gas", explainUnprofitable(snapshot, best));
  const revertedIn = reverted.get(plan.id);
  if (revertedIn !== undefined)
    return refuse(plan, "reverted-before", explainReverted(snapshot, best, revertedIn));
  return plan;
}

/** A refusal of the plan's cycle, with its inputs and formulas. */
export function refuse(plan: ArbitragePlan, reason: string, explanation: string): Refusal {
  return {
    kind: "refuse",
    id: plan.id,
    reason,
    explanation,
    inputs: inputsOf(plan.snapshot, plan.best),
    formulas: formulasOf(plan.snapshot, plan.best),
  };
}

/** A refusal of the plan's cycle because a risk control stops it, with the figures and limits it compared. */
export function refuseByRisk(
  plan: ArbitragePlan,
  stop: RiskStop,
  figures: RiskFigures,
  limits: RiskLimits,
): Refusal {
  const { snapshot, best } = plan;
  const decision = { id: plan.id, inputs: inputsOf(snapshot, best), formulas: formulasOf(snapshot, best) };
  return riskRefusal(decision, riskLead(snapshot, best), stop, figures, limits);
}

/** Every profitable cycle up to maxHops from the tokens the executor holds, best net profit (in WETH) first. */
export function rank(snapshot: ArbitrageSnapshot, settings: DecideSettings): Candidate[] {
  const { capital, nextBaseFee } = snapshot;
  const startTokens = [...capital].filter(([, balance]) => balance > 0n).map(([symbol]) => symbol);
  const ranked = rankArbitrages(graphPools(snapshot.pools, snapshot.reserves), {
    maxHops: settings.maxHops,
    startTokens,
    maxAmountIn: (token) => capital.get(token as TokenSymbol),
  });
  const candidates = ranked.map((opportunity): Candidate => {
    const startToken = opportunity.startToken as TokenSymbol;
    const gasUnits = executeGas(opportunity.hops.length);
    const gasWei = gasCostWei(gasUnits, nextBaseFee, settings.tip);
    const wethPrice = deepestWethPrice(snapshot, startToken);
    const gasCost = wethTo(startToken, gasWei, wethPrice);
    const netProfit = opportunity.profit - gasCost;
    return {
      opportunity,
      startToken,
      gasUnits,
      tip: settings.tip,
      gasWei,
      gasCost,
      netProfit,
      netInWeth: toWeth(startToken, netProfit, wethPrice),
      profitInWeth: toWeth(startToken, opportunity.profit, wethPrice),
      wethPrice,
      key: `${cycleKey(opportunity.cycle)} @ ${opportunity.amountIn}`,
    };
  });
  // Profits of different start tokens are compared in WETH; ties keep rankArbitrages' order.
  return candidates.sort((a, b) => (a.netInWeth > b.netInWeth ? -1 : a.netInWeth < b.netInWeth ? 1 : 0));
}

/** The price of `symbol` in the WETH pool holding the most WETH: the price least moved by any one trade. */
function deepestWethPrice(snapshot: ArbitrageSnapshot, symbol: TokenSymbol) {
  if (symbol === GAS_TOKEN) return undefined;
  const pairs = (pool: PoolInfo) =>
    (pool.token0 === GAS_TOKEN && pool.token1 === symbol) ||
    (pool.token1 === GAS_TOKEN && pool.token0 === symbol);
  let best: { weth: bigint; price: ReturnType<typeof wethPriceOf> } | undefined;
  snapshot.pools.forEach((pool, i) => {
    if (!pairs(pool)) return;
    const price = wethPriceOf(pool, snapshot.reserves[i]!);
    if (!best || price.reserveWeth > best.weth) best = { weth: price.reserveWeth, price };
  });
  return best?.price;
}

function idOf(snapshot: ArbitrageSnapshot, best: Candidate, name: string): string {
  const reserves = best.opportunity.hops.flatMap((hop) => [hop.reserveIn, hop.reserveOut]);
  const capital = snapshot.capital.get(best.startToken) ?? 0n;
  return decisionId([name, best.key, ...reserves, capital, snapshot.nextBaseFee]);
}

/**
 * A sealed bid of `bps` of the trade's value after base-fee gas (its own and the payment's), or a
 * refusal when that pays the builder nothing. minProfit covers its gas and the payment.
 */
export function sealedTerms(plan: ArbitragePlan, bps: number, arm: number | null): SealedTerms | Refusal {
  const { best, snapshot } = plan;
  const { nextBaseFee } = snapshot;
  const value = best.profitInWeth - (best.gasUnits + PAYMENT_GAS) * nextBaseFee;
  const bid = bidOf(value > 0n ? value : 0n, bps);
  if (bid <= 0n) return refuse(plan, "no-room-to-bid", explainNoRoom(value, bps));
  const paymentInStart = wethTo(best.startToken, bid + PAYMENT_GAS * nextBaseFee, best.wethPrice);
  return { kind: "sealed", bps, arm, value, bid, minProfit: best.gasCost + paymentInStart };
}

/** In a public auction: the trade's value before tips (wei) and the highest tip it pays, `maxShareBps` of it. */
export function publicLimits(plan: ArbitragePlan, maxShareBps: number): { value: bigint; maxTip: bigint } {
  const { best, snapshot } = plan;
  const value = best.profitInWeth - best.gasUnits * snapshot.nextBaseFee;
  return { value, maxTip: (value * BigInt(maxShareBps)) / BPS / best.gasUnits };
}

export type RivalAnswer =
  | { kind: "ignore" }
  /** Replace its transaction with one tipping `tip`, its minProfit the new gas cost in the start token. */
  | { kind: "raise"; tip: bigint; minProfit: bigint }
  | { kind: "stop"; rivalTip: bigint; needed: bigint };

/** Its answer to the highest rival tip for the same pools (undefined: none seen). */
export function answerRival(
  auction: PublicAuction,
  rivalTip: bigint | undefined,
  bumpBps: number,
  nextBaseFee: bigint,
): RivalAnswer {
  if (rivalTip === undefined || rivalTip < auction.tip) return { kind: "ignore" };
  const next = nextPublicTip(auction.tip, rivalTip, bumpBps, auction.maxTip);
  if (next.kind === "stop") return { kind: "stop", rivalTip, needed: next.needed };
  const { best } = auction.plan;
  const gasWei = best.gasUnits * (nextBaseFee + next.tip);
  return { kind: "raise", tip: next.tip, minProfit: wethTo(best.startToken, gasWei, best.wethPrice) };
}

/** It stops bidding: beating the rival needs more than its limit. */
export function refuseOutbid(
  auction: PublicAuction,
  stop: { rivalTip: bigint; needed: bigint },
  name: string,
  maxShareBps: number,
): Refusal {
  return {
    kind: "refuse",
    id: decisionId([name, auction.plan.opportunity, "outbid", stop.rivalTip]),
    reason: "outbid",
    explanation: explainOutbid(auction, stop.rivalTip, stop.needed, maxShareBps),
    inputs: outbidInputs(auction, stop.rivalTip, maxShareBps),
    formulas: [],
  };
}
