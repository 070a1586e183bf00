/**
 * The back-runner's decision, pure: it plays the target's swap on the reserves it read (the router's
 * math), finds the best WETH cycle on the prices the swap leaves (server/math/graph.ts), and bundles
 * it right behind the target when it pays more than its gas; else it refuses with the numbers.
 */
import { decisionId } from "../../lib/decisionId";
import { BPS, getAmountsOut, type HopReserves } from "../../math/amm";
import { rankArbitrages } from "../../math/graph";
import { GAS_TOKEN, graphPools, orient, type PoolReserves } from "../../world/market";
import type { Refusal } from "../kit/decision";
import { executeGas } from "../kit/executor";
import { gasCostWei, PAYMENT_GAS } from "../kit/fees";
import type { RiskFigures, RiskLimits, RiskStop } from "../kit/risk";
import { riskRefusal } from "../kit/riskText";
import { explainSkip, formulasOf, inputsOf, riskLead } from "./explain";
import { BACKRUN_BID_BPS, BACKRUNNER } from "./settings";
import type { BackrunPlan, BackrunSnapshot, Situation } from "./types";

/** Back-run the target with the best cycle, or refuse with the reason, the numbers and the sentence why. */
export function decide(snapshot: BackrunSnapshot, settings: { maxHops: number }): BackrunPlan | Refusal {
  const s = situationOf(snapshot, settings.maxHops);
  const { best } = s;
  if (best && best.profit > s.gasCost) {
    const bid = ((best.profit - s.gasCost) * BACKRUN_BID_BPS) / BPS;
    return { kind: "backrun", situation: s, best, bid };
  }
  const reason = best ? "unprofitable-after-gas" : "no-cycle";
  return {
    kind: "refuse",
    id: s.id,
    reason,
    explanation: explainSkip(s, reason, settings.maxHops),
    inputs: inputsOf(s),
    formulas: best ? formulasOf(s, best, 0n) : [],
  };
}

/** A refusal of the back-run because a risk control stops it, with the figures and limits it compared. */
export function refuseByRisk(
  plan: BackrunPlan,
  stop: RiskStop,
  figures: RiskFigures,
  limits: RiskLimits,
): Refusal {
  const s = plan.situation;
  const basis = { id: s.id, inputs: inputsOf(s), formulas: formulasOf(s, plan.best, plan.bid) };
  return riskRefusal(basis, riskLead(plan), stop, figures, limits);
}

function situationOf(snapshot: BackrunSnapshot, maxHops: number): Situation {
  const state = [...snapshot.reserves];
  const amounts = playTarget(snapshot, state);
  const [best] = rankArbitrages(graphPools(snapshot.pools, state), {
    maxHops,
    startTokens: [GAS_TOKEN],
    maxAmountIn: () => snapshot.capital,
  });
  const gasUnits = best ? executeGas(best.hops.length) + PAYMENT_GAS : 0n;
  const gasCost = gasCostWei(gasUnits, snapshot.nextBaseFee, 0n);
  const id = decisionId([
    BACKRUNNER,
    snapshot.target.hash,
    ...snapshot.reserves.flatMap((r) => [r.reserve0, r.reserve1]),
    snapshot.capital,
  ]);
  return { snapshot, amounts, best, gasUnits, gasCost, id };
}

/**
 * Plays the target's swap on `state` (reserves in the order of the snapshot's pools) with the
 * router's math, updating the reserves of every pool on its path; returns the amounts along the path.
 */
function playTarget(snapshot: BackrunSnapshot, state: PoolReserves[]): bigint[] {
  const { path, route, amountIn } = snapshot.target;
  const hops: HopReserves[] = route.map((p, i) => ({
    ...orient(snapshot.pools[p]!, state[p]!, path[i]!),
    feeBps: snapshot.pools[p]!.feeBps,
  }));
  const amounts = getAmountsOut(amountIn, hops);
  route.forEach((p, i) => {
    const { reserve0, reserve1 } = state[p]!;
    const [amountIn, amountOut] = [amounts[i]!, amounts[i + 1]!];
    state[p] =
      path[i] === snapshot.pools[p]!.token0
        ? { reserve0: reserve0 + amountIn, reserve1: reserve1 - amountOut }
        : { reserve0: reserve0 - amountOut, reserve1: reserve1 + amountIn };
  });
  return amounts;
}
