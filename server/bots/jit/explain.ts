/** What the JIT provider tells learners: the inputs, the formulas with their numbers, and sentences. Pure. */
import type { FormulaUse } from "../../events";
import { formatBps } from "../../format";
import { BPS } from "../../math/amm";
import type { JitOutcome } from "../../math/jit";
import { show, tokenAmount } from "../kit/amounts";
import type { Finding } from "../kit/decision";
import type { JitPlan, JitSkip, Situation } from "./types";

export function inputsOf(s: Situation): Record<string, string> {
  const { params } = s;
  const { swap, pool } = s.snapshot;
  return {
    trader: swap.trader,
    traderTx: swap.hash,
    pool: pool.name,
    [`reserveIn (${pool.tokenIn})`]: params.reserveIn.toString(),
    [`reserveOut (${pool.tokenOut})`]: params.reserveOut.toString(),
    "LP supply": params.totalSupply.toString(),
    feeBps: params.feeBps.toString(),
    [`traderAmountIn (${pool.tokenIn})`]: params.victimAmountIn.toString(),
    [`deposit desired (${pool.tokenIn})`]: params.depositInDesired.toString(),
    [`deposit desired (${pool.tokenOut})`]: params.depositOutDesired.toString(),
    "gas cost (wei)": s.gasWei.toString(),
    [`gas cost (${pool.tokenIn})`]: s.gasCost.toString(),
  };
}

export function formulasOf(s: Situation, o: JitOutcome): FormulaUse[] {
  const { params } = s;
  return [
    {
      name: "deposit and liquidity (router addLiquidity, pair mint)",
      expression: "depositOut = quote(depositIn, Rin, Rout); L = min(depositIn·S/Rin, depositOut·S/Rout)",
      inputs: {
        Rin: params.reserveIn.toString(),
        Rout: params.reserveOut.toString(),
        S: params.totalSupply.toString(),
      },
      result: `depositIn ${o.depositIn}, depositOut ${o.depositOut}, L ${o.liquidity}`,
    },
    {
      name: "fee share",
      expression: "feeShare = amountIn·fee·L / (10000·(S + L))",
      inputs: {
        amountIn: params.victimAmountIn.toString(),
        fee: `${params.feeBps} bps`,
        L: o.liquidity.toString(),
        "S + L": o.supply.toString(),
      },
      result: `${o.feeShare} (${s.snapshot.pool.tokenIn} base units)`,
    },
    {
      name: "withdrawal (pair burn after the swap)",
      expression:
        "traderOut = getAmountOut(amountIn, Rin + depositIn, Rout + depositOut); withdraw = L·reserve/(S + L) per token",
      inputs: { traderOut: o.victimOut.toString(), traderOutWithoutJit: o.victimOutAlone.toString() },
      result: `withdrawIn ${o.withdrawIn}, withdrawOut ${o.withdrawOut}; Δin ${o.deltaIn}, Δout ${o.deltaOut}`,
    },
    {
      name: "price-move exposure",
      expression:
        "value = Δin + Δout·Rin/Rout, at the pool's price before the swap and at its price after it",
      inputs: { Δin: o.deltaIn.toString(), Δout: o.deltaOut.toString() },
      result: `before ${o.valueBefore}, after ${o.valueAfter} (${s.snapshot.pool.tokenIn} base units)`,
    },
  ];
}

function shareText(o: JitOutcome): string {
  return formatBps((o.liquidity * BPS) / o.supply);
}

/** Amounts of the input and the output token, for sentences. */
function units(s: Situation) {
  const { tokens, pool } = s.snapshot;
  return {
    inn: (amount: bigint) => show(tokens, pool.tokenIn, amount),
    out: (amount: bigint) => show(tokens, pool.tokenOut, amount),
  };
}

/** What it says of the bundle it sends. */
export function finding(plan: JitPlan, bundle: string): Finding {
  const { situation: s, decision } = plan;
  const { outcome: o, bid, netProfit: net } = decision;
  const { swap, pool, tokens } = s.snapshot;
  const { inn, out } = units(s);
  return {
    id: s.id,
    inputs: { ...inputsOf(s), bundle, "bid (wei)": plan.bidWei.toString() },
    formulas: formulasOf(s, o),
    size: tokenAmount(tokens, pool.tokenIn, o.depositIn),
    expectedProfit: tokenAmount(tokens, pool.tokenIn, net),
    gasCost: tokenAmount(tokens, pool.tokenIn, s.gasCost),
    summary:
      `${swap.trader} sells ${inn(s.params.victimAmountIn)} on ${pool.name}. The provider adds ${inn(o.depositIn)} and ` +
      `${out(o.depositOut)} just before (${shareText(o)} of the pool while the swap runs) and removes it just after, ` +
      `in one bundle with ${swap.trader}'s own transaction: its fee share is ${inn(o.feeShare)}, against ${inn(s.gasCost)} of gas. ` +
      `It ends with ${inn(o.deltaIn)} more and ${out(-o.deltaOut)} less: worth ${inn(o.valueBefore)} at the price before the swap, ` +
      `${inn(o.valueAfter)} if the price stayed where the swap leaves it (its exposure). It pays the builder ${inn(bid)}: ` +
      `expected ${inn(net)} after gas and payment. ${swap.trader} gets ${out(o.victimOut)} instead of ${out(o.victimOutAlone)} (a deeper pool).`,
  };
}

/** What the liquidity would put in and make: what a risk control's refusal begins with. */
export function riskLead({ situation: s, decision }: JitPlan): string {
  const { inn, out } = units(s);
  const { outcome: o, netProfit } = decision;
  return `adding ${inn(o.depositIn)} and ${out(o.depositOut)} of liquidity around ${s.snapshot.swap.trader}'s swap on ${s.snapshot.pool.name} would make ${inn(netProfit)} after gas and the builder's payment`;
}

export function explainSkip(s: Situation, d: JitSkip): string {
  const { inn, out } = units(s);
  const { swap, pool } = s.snapshot;
  const o = d.outcome;
  if (d.reason === "no-liquidity-minted" || !o)
    return `the provider has too little ${pool.tokenIn} and ${pool.tokenOut} (it may deposit ${inn(s.params.depositInDesired)} and ${out(s.params.depositOutDesired)}) to mint any LP token of ${pool.name}.`;
  switch (d.reason) {
    case "fee-share-below-gas":
      return `${swap.trader}'s ${inn(s.params.victimAmountIn)} pays ${formatBps(s.params.feeBps)} in fees; the provider's ${shareText(o)} of it is ${inn(o.feeShare)}, not more than the ${inn(s.gasCost)} its three transactions cost in gas.`;
    case "unprofitable-after-price-move":
      return `the fee share ${inn(o.feeShare)} covers the gas, but the tokens it would end with are worth only ${inn(o.valueBefore)} at the pool's price: nothing left after gas and the builder's payment.`;
  }
}
