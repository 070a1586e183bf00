/** What the back-runner tells learners: the inputs, the formulas with their numbers, and sentences. Pure. */
import type { FormulaUse } from "../../events";
import type { ArbitrageOpportunity } from "../../math/graph";
import { GAS_TOKEN } from "../../world/market";
import { show, tokenAmount } from "../kit/amounts";
import type { Finding } from "../kit/decision";
import { PAYMENT_GAS } from "../kit/fees";
import { BACKRUN_BID_BPS } from "./settings";
import type { BackrunPlan, Situation } from "./types";

/** A pool's name, from its address (the graph's pool id). */
function poolName(s: Situation, id: string): string {
  return s.snapshot.pools.find((pool) => pool.address === id)!.name;
}

function route(s: Situation, best: ArbitrageOpportunity): string {
  return best.cycle
    .map((hop) => `${hop.tokenIn} → ${hop.tokenOut} on ${poolName(s, hop.pool.id)}`)
    .join(", ");
}

export function inputsOf(s: Situation): Record<string, string> {
  const { target, capital } = s.snapshot;
  const { path } = target;
  const inputs: Record<string, string> = {
    trader: target.trader,
    targetTx: target.hash,
    path: path.join(" → "),
    [`target amountIn (${path[0]})`]: target.amountIn.toString(),
    [`target amountOut (${path.at(-1)})`]: s.amounts.at(-1)!.toString(),
    [`executor balance (${GAS_TOKEN})`]: capital.toString(),
    "gas cost (wei)": s.gasCost.toString(),
  };
  for (const hop of s.best?.cycle ?? []) {
    const name = poolName(s, hop.pool.id);
    inputs[`${name} reserve0 after the target`] = hop.pool.reserve0.toString();
    inputs[`${name} reserve1 after the target`] = hop.pool.reserve1.toString();
  }
  return inputs;
}

export function formulasOf(s: Situation, best: ArbitrageOpportunity, bid: bigint): FormulaUse[] {
  return [
    {
      name: "the target's effect (router getAmountsOut)",
      expression: "amounts[i+1] = getAmountOut(amounts[i], Rin, Rout); each pool on the path gets +in, −out",
      inputs: { amountIn: s.snapshot.target.amountIn.toString() },
      result: s.amounts.map(String).join(" → "),
    },
    {
      name: "best cycle on the state after the target",
      expression:
        "every cycle of 2 or 3 pools is weighed by −ln(rate·(1−fee)); those with Σw < 0 are the candidates; each is sized for the largest amountOut − amountIn with the pools' exact rounding, at most the executor's balance",
      inputs: { hops: best.hops.length.toString(), capital: s.snapshot.capital.toString() },
      result: `amountIn ${best.amountIn}, amountOut ${best.amountOut}, profit ${best.profit} (WETH base units)`,
    },
    {
      name: "gas and the builder's bid",
      expression: `gas = (executeGas(hops) + ${PAYMENT_GAS})·baseFee; bid = (profit − gas)·${BACKRUN_BID_BPS}/10000`,
      inputs: { gasUnits: s.gasUnits.toString(), profit: best.profit.toString() },
      result: `gas ${s.gasCost} wei, bid ${bid} wei`,
    },
  ];
}

/** How the back-run travels: a bundle with the target's own signed transaction, or MEV-Share's mev_sendBundle by its hash. */
export type BackrunRoute = "bundle" | "mev-share";

/** What it says of the bundle it sends. */
export function finding(plan: BackrunPlan, bundle: string, via: BackrunRoute = "bundle"): Finding {
  const { situation: s, best, bid } = plan;
  const { tokens, target } = s.snapshot;
  const weth = (amount: bigint) => show(tokens, GAS_TOKEN, amount);
  const { path } = target;
  return {
    id: s.id,
    inputs: { ...inputsOf(s), bundle, "bid (wei)": bid.toString() },
    formulas: formulasOf(s, best, bid),
    size: tokenAmount(tokens, GAS_TOKEN, best.amountIn),
    expectedProfit: tokenAmount(tokens, GAS_TOKEN, best.profit),
    gasCost: tokenAmount(tokens, GAS_TOKEN, s.gasCost),
    summary:
      `${target.trader} swaps ${show(tokens, path[0]!, target.amountIn)} for ${show(tokens, path.at(-1)!, s.amounts.at(-1)!)} ` +
      `(played on the reserves read now). On the prices it leaves, the best cycle is ${route(s, best)}: ` +
      `${weth(best.amountIn)} in, ${weth(best.amountOut)} out, ${weth(best.profit)} profit. ` +
      `${via === "bundle" ? `It sends one bundle — ${target.trader}'s own signed transaction` : `It answers the hint with mev_sendBundle — ${target.trader}'s transaction by its hash`}, then its cycle, then ${weth(bid)} to the builder${via === "bundle" ? "" : `, who pays ${target.trader} back a share of it`} — ` +
      `so its trade runs right after the target: ${weth(best.profit - s.gasCost - bid)} left after ${weth(s.gasCost)} of gas and the bid.`,
  };
}

/** What the back-run would put in and make: what a risk control's refusal begins with. */
export function riskLead({ situation: s, best, bid }: BackrunPlan): string {
  const weth = (amount: bigint) => show(s.snapshot.tokens, GAS_TOKEN, amount);
  return `the back-run of ${s.snapshot.target.trader}'s swap, ${route(s, best)}, would put in ${weth(best.amountIn)} and make ${weth(best.profit - s.gasCost - bid)} after gas and the bid`;
}

/** Why it cannot size a back-run on a hint that names the pools a transaction swaps on but not the amounts. */
export function explainHiddenAmounts(hash: string, pools: readonly string[]): string {
  return `the MEV-Share hint ${hash.slice(0, 10)}… says it swaps on ${[...new Set(pools)].join(", ")} but shares no amounts (no "logs" hint): without them there is no cycle to size, so it sends nothing.`;
}

export function explainSkip(
  s: Situation,
  reason: "no-cycle" | "unprofitable-after-gas",
  maxHops: number,
): string {
  const { tokens, target } = s.snapshot;
  return reason === "no-cycle"
    ? `after ${target.trader}'s swap no cycle of up to ${maxHops} pools starting from WETH gains anything: nothing to back-run.`
    : `after ${target.trader}'s swap the best cycle gains ${show(tokens, GAS_TOKEN, s.best!.profit)}, not more than the ${show(tokens, GAS_TOKEN, s.gasCost)} of gas.`;
}
