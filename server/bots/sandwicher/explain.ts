/**
 * What the sandwicher tells learners: the inputs it read, the formulas it used written out with
 * their numbers, and sentences. Pure: no chain, no decisions.
 */
import type { FormulaUse } from "../../events";
import { formatBps, formatGwei } from "../../format";
import type { SandwichDecision, SandwichOutcome } from "../../math/sandwich";
import { GAS_TOKEN } from "../../world/market";
import { show, showEth, tokenAmount } from "../kit/amounts";
import type { Finding } from "../kit/decision";
import { PAYMENT_GAS } from "../kit/fees";
import { BACKRUN_GAS, FRONTRUN_GAS } from "./settings";
import type { Planned, SealedTerms, Situation, VictimSwap } from "./types";

export function inputsOf(s: Situation): Record<string, string> {
  const { params, pool } = s;
  return {
    victim: s.swap.victim,
    victimTx: s.swap.hash,
    pool: pool.name,
    [`reserveIn (${pool.tokenIn})`]: params.reserveIn.toString(),
    [`reserveOut (${pool.tokenOut})`]: params.reserveOut.toString(),
    feeBps: params.feeBps.toString(),
    [`victimAmountIn (${pool.tokenIn})`]: params.victimAmountIn.toString(),
    [`amountOutMin (${pool.tokenOut})`]: params.amountOutMin.toString(),
    "victimTip (wei)": s.swap.tip.toString(),
    [`capital setting (${GAS_TOKEN})`]: s.capitalSetting.toString(),
    [`searcher balance (${pool.tokenIn})`]: s.balance.toString(),
    [`capital used (${pool.tokenIn})`]: params.attackerCapital.toString(),
    "baseFee (wei)": s.baseFee.toString(),
    "gas cost (wei)": s.gasWei.toString(),
    [`gas cost (${pool.tokenIn})`]: (params.gasCost ?? 0n).toString(),
    ...(s.path === "bundle" ? { path: "bundle" } : {}),
  };
}

export function formulasOf(
  s: Situation,
  decision: SandwichDecision,
  outcome: SandwichOutcome | undefined,
): FormulaUse[] {
  const { params } = s;
  const pool = {
    Rin: params.reserveIn.toString(),
    Rout: params.reserveOut.toString(),
    fee: `${params.feeBps} bps`,
  };
  const fMax = decision.maxFrontrun;
  const formulas: FormulaUse[] = [
    {
      name: "largest frontrun (bisection)",
      expression:
        "largest f ≤ capital with victimOut(f) ≥ amountOutMin, where victimOut(f) = getAmountOut(v, Rin + f, Rout − getAmountOut(f, Rin, Rout)); " +
        "victimOut only falls as f grows, so bisection on f is exact to the wei",
      inputs: {
        v: params.victimAmountIn.toString(),
        amountOutMin: params.amountOutMin.toString(),
        ...pool,
        capital: params.attackerCapital.toString(),
      },
      result: `${fMax.amountIn} (${limitText(fMax.limitedBy)})`,
    },
  ];
  if (outcome) formulas.push(...outcomeFormulas(s, fMax.amountIn, outcome, pool));
  formulas.push(gasFormula(s));
  return formulas;
}

/** The chosen frontrun (when below the largest), then the three swaps and the profit. */
function outcomeFormulas(
  s: Situation,
  fMax: bigint,
  outcome: SandwichOutcome,
  pool: Record<string, string>,
): FormulaUse[] {
  const { params } = s;
  const f = outcome.frontrun.amountIn;
  const formulas: FormulaUse[] = [];
  if (f !== fMax) {
    formulas.push({
      name: "most profitable frontrun",
      expression:
        "f = the input in [1, fMax] with the largest backOut − f (ternary search; of the inputs that buy the same amount, the smallest)",
      inputs: { fMax: fMax.toString() },
      result: f.toString(),
    });
  }
  formulas.push(
    {
      name: "frontrun",
      expression: "frontOut = getAmountOut(f, Rin, Rout)",
      inputs: { f: f.toString(), ...pool },
      result: outcome.frontrun.amountOut.toString(),
    },
    {
      name: "victim after the frontrun",
      expression: "victimOut = getAmountOut(v, Rin + f, Rout − frontOut)",
      inputs: {
        v: params.victimAmountIn.toString(),
        f: f.toString(),
        frontOut: outcome.frontrun.amountOut.toString(),
        ...pool,
      },
      result: `${outcome.victim.amountOut} (amountOutMin ${params.amountOutMin})`,
    },
    {
      name: "backrun",
      expression: "backOut = getAmountOut(frontOut, Rout − frontOut − victimOut, Rin + f + v)",
      inputs: {
        frontOut: outcome.frontrun.amountOut.toString(),
        victimOut: outcome.victim.amountOut.toString(),
        f: f.toString(),
        v: params.victimAmountIn.toString(),
        ...pool,
      },
      result: outcome.backrun.amountOut.toString(),
    },
    {
      name: "profit",
      expression: "profit = backOut − f; net = profit − gas",
      inputs: {
        backOut: outcome.backrun.amountOut.toString(),
        f: f.toString(),
        gas: outcome.gasCost.toString(),
      },
      result: `profit ${outcome.grossProfit}, net ${outcome.netProfit} (${s.pool.tokenIn} base units)`,
    },
  );
  return formulas;
}

function gasFormula(s: Situation): FormulaUse {
  const { tokenIn } = s.pool;
  const converted = tokenIn !== GAS_TOKEN;
  const bundled = s.path === "bundle";
  return {
    name: bundled ? "gas of the two swaps and the payment" : "gas of the two swaps",
    expression: `gas = frontGas·(baseFee + frontTip) + backGas·(baseFee + backTip)${bundled ? " + paymentGas·baseFee" : ""}${converted ? `, in ${tokenIn} at the WETH pool price` : ""}`,
    inputs: {
      frontGas: FRONTRUN_GAS.toString(),
      backGas: BACKRUN_GAS.toString(),
      ...(bundled ? { paymentGas: PAYMENT_GAS.toString() } : {}),
      baseFee: s.baseFee.toString(),
      frontTip: s.frontTip.toString(),
      backTip: s.backTip.toString(),
    },
    result: `${s.gasWei} wei${converted ? ` = ${show(s.tokens, tokenIn, s.params.gasCost ?? 0n)}` : ""}`,
  };
}

function bidFormula(s: Situation, outcome: SandwichOutcome, sealed: SealedTerms): FormulaUse {
  return {
    name: "sealed bid and the backrun's minimum",
    expression:
      "bid = net·share/10000 (net = profit − gas); backrun amountOutMin = f + gas + bid: below it the sandwich loses money after the payment, the backrun reverts and the builder drops the bundle",
    inputs: {
      net: outcome.netProfit.toString(),
      share: `${sealed.bps} bps${sealed.arm === null ? "" : ` (the bandit's arm ${sealed.arm + 1})`}`,
      f: outcome.frontrun.amountIn.toString(),
      gas: outcome.gasCost.toString(),
    },
    result: `bid ${sealed.bid} (${s.pool.tokenIn} base units) = ${sealed.bidWei} wei; amountOutMin ${sealed.backMin} (expected ${outcome.backrun.amountOut})`,
  };
}

function limitText(limitedBy: "slippage" | "capital" | "victim-would-revert"): string {
  if (limitedBy === "slippage") return "one wei more and the victim's swap would revert";
  if (limitedBy === "capital") return "all the capital the searcher may use";
  return "the victim's swap reverts even without a frontrun";
}

/** Amounts of the input and the output token, for sentences. */
function units(s: Situation) {
  return {
    inn: (amount: bigint) => show(s.tokens, s.pool.tokenIn, amount),
    out: (amount: bigint) => show(s.tokens, s.pool.tokenOut, amount),
  };
}

/** Size, expected profit and gas of a sandwich, in its input token. */
function amountsOf(s: Situation, outcome: SandwichOutcome) {
  const { tokenIn } = s.pool;
  return {
    size: tokenAmount(s.tokens, tokenIn, outcome.frontrun.amountIn),
    expectedProfit: tokenAmount(s.tokens, tokenIn, outcome.grossProfit),
    gasCost: tokenAmount(s.tokens, tokenIn, outcome.gasCost),
  };
}

/** What it says of the two public legs it sends. */
export function publicFinding(s: Situation, decision: Planned): Finding {
  const { outcome } = decision;
  const { inn, out } = units(s);
  const v = s.swap.victim;
  return {
    id: s.id,
    inputs: inputsOf(s),
    formulas: formulasOf(s, decision, outcome),
    ...amountsOf(s, outcome),
    summary:
      `${v} sells ${inn(s.params.victimAmountIn)} for at least ${out(s.params.amountOutMin)} on ${s.pool.name}. ` +
      `The searcher buys first with ${inn(outcome.frontrun.amountIn)} (${out(outcome.frontrun.amountOut)}, tip ${formatGwei(s.frontTip)}), ` +
      `so ${v} gets ${out(outcome.victim.amountOut)} instead of ${out(outcome.victim.amountOut + outcome.victimLoss)}, ` +
      `then sells the ${out(outcome.backrun.amountIn)} back for ${inn(outcome.backrun.amountOut)} (tip ${formatGwei(s.backTip)}): ` +
      `expected profit ${inn(outcome.grossProfit)}, minus ${inn(outcome.gasCost)} of gas = ${inn(outcome.netProfit)}.`,
  };
}

/** What it says of the bundle it sends, its sealed bid included. */
export function sealedFinding(s: Situation, decision: Planned, sealed: SealedTerms, bundle: string): Finding {
  const { outcome } = decision;
  const { inn, out } = units(s);
  const v = s.swap.victim;
  return {
    id: s.id,
    inputs: {
      ...inputsOf(s),
      bundle,
      "bid share (bps)": String(sealed.bps),
      "bid (wei)": sealed.bidWei.toString(),
    },
    formulas: [...formulasOf(s, decision, outcome), bidFormula(s, outcome, sealed)],
    ...amountsOf(s, outcome),
    summary:
      `${v} sells ${inn(s.params.victimAmountIn)} for at least ${out(s.params.amountOutMin)} on ${s.pool.name}. ` +
      `The searcher sends the builder one bundle, no tips: it buys with ${inn(outcome.frontrun.amountIn)} (${out(outcome.frontrun.amountOut)}), ` +
      `then ${v}'s own signed transaction (${out(outcome.victim.amountOut)} instead of ${out(outcome.victim.amountOut + outcome.victimLoss)}), ` +
      `then it sells the ${out(outcome.backrun.amountIn)} back for ${inn(outcome.backrun.amountOut)}, then pays the builder ` +
      `${showEth(sealed.bidWei)}: ${sealed.bps / 100}% of the ${inn(outcome.netProfit)} left after ${inn(outcome.gasCost)} of gas. ` +
      `Expected profit ${inn(outcome.grossProfit)}, ${inn(outcome.netProfit - sealed.bid)} after gas and the payment; ` +
      `its backrun asks for at least ${inn(sealed.backMin)}, the break-even after the payment: should it get less, the backrun would revert and the builder would drop the whole bundle rather than let it land at a loss.`,
  };
}

/** What the sandwich would put in and make: what a risk control's refusal begins with. */
export function riskLead(s: Situation, { outcome }: Planned): string {
  const { inn } = units(s);
  return `the sandwich of ${s.swap.victim}'s swap on ${s.pool.name} would put ${inn(outcome.frontrun.amountIn)} into its frontrun and make ${inn(outcome.netProfit)} after gas`;
}

export function explainSkip(s: Situation, decision: Extract<SandwichDecision, { kind: "skip" }>): string {
  const { inn, out } = units(s);
  const { params } = s;
  const v = s.swap.victim;
  const gas = params.gasCost ?? 0n;
  const fees = `the two ${formatBps(params.feeBps)} swap fees`;
  const room =
    decision.maxFrontrun.limitedBy === "capital"
      ? `the searcher's capital allows a frontrun of ${inn(decision.maxFrontrun.amountIn)}`
      : `${v}'s amountOutMin of ${out(params.amountOutMin)} leaves room for a frontrun of only ${inn(decision.maxFrontrun.amountIn)}`;
  const earned = decision.best ? inn(decision.best.grossProfit) : inn(0n);
  switch (decision.reason) {
    case "victim-would-revert":
      return `${v}'s swap would get ${out(decision.victimOutputAlone)} even without a frontrun, less than the ${out(params.amountOutMin)} it asks for: it fails on its own, so there is nothing to sandwich.`;
    case "capital-too-small":
      return params.attackerCapital <= 0n
        ? `the searcher has no capital for a frontrun: it may use at most ${show(s.tokens, GAS_TOKEN, s.capitalSetting)} (it holds ${inn(s.balance)}), so it cannot buy ahead of ${v}.`
        : `${room}, which would earn ${earned}: nothing after ${fees}.`;
    case "victim-trade-too-small":
      return `${v}'s ${inn(params.victimAmountIn)} moves ${s.pool.name}'s price by less than ${fees} a sandwich pays: no frontrun, however large, would profit.`;
    case "slippage-too-tight":
      return `${room}, which would earn ${earned}: nothing after ${fees}.`;
    case "unprofitable-after-gas":
      return `${room}, which would earn ${earned}, less than the ${inn(gas)} ${s.path === "bundle" ? "its three transactions (two swaps and the payment to the builder)" : "the two transactions"} cost in gas.`;
  }
}

/** The inputs of a swap it cannot sandwich: who, which router, which path. */
export function unsupportedInputs(swap: VictimSwap, path: string): Record<string, string> {
  return {
    victim: swap.victim,
    victimTx: swap.hash,
    router: swap.router,
    path,
    victimAmountIn: swap.amountIn.toString(),
    amountOutMin: swap.amountOutMin.toString(),
  };
}

export function explainUnsupported(swap: VictimSwap, path: string): string {
  return swap.path.length !== 2
    ? `${swap.victim} swaps along ${path} (${swap.path.length - 1} pools); this searcher only sandwiches swaps through a single pool.`
    : `${swap.victim} swaps ${path} on ${swap.dex}, which has no pool of the sandbox's tokens for that pair: nothing to sandwich.`;
}
