/**
 * What the arbitrage searcher tells learners: the inputs it read, the formulas it used written out
 * with their numbers, and sentences. Pure: no chain, no decisions.
 */
import type { AuctionBid, EventDraft, FormulaUse } from "../../events";
import { formatAmount, formatGwei, priceInQuoteUnits } from "../../format";
import { BPS } from "../../math/amm";
import { twoPoolClosedForm, virtualPool } from "../../math/arbitrage";
import { hopWeight } from "../../math/graph";
import type { TokenSymbol } from "../../world/config";
import { GAS_TOKEN } from "../../world/market";
import { ethAmount, show, showEth, tokenAmount } from "../kit/amounts";
import type { Finding } from "../kit/decision";
import { EXECUTE_BASE_GAS, EXECUTE_GAS_PER_HOP } from "../kit/executor";
import type { ArbitragePlan, ArbitrageSnapshot, Candidate, PublicAuction, SealedTerms } from "./types";

/** A pool's name, from its address (the graph's pool id). */
function poolName(snapshot: ArbitrageSnapshot, id: string): string {
  return snapshot.pools.find((pool) => pool.address === id)!.name;
}

/** "USDC → WETH on DEX A WETH/USDC → USDC on DEX B WETH/USDC" */
export function route(snapshot: ArbitrageSnapshot, best: Candidate): string {
  const { cycle } = best.opportunity;
  return [
    cycle[0]!.tokenIn,
    ...cycle.map((hop) => `${hop.tokenOut} on ${poolName(snapshot, hop.pool.id)}`),
  ].join(" → ");
}

/**
 * The two prices that differ, of the last intermediate token in the start token (or the other way
 * round when that reads better, "1 WETH = 1,653 USDC" rather than "1 USDC = 0.0006 WETH"): along the
 * first hops, and on the last pool (marginal prices, before fees and price impact).
 */
function priceGap(snapshot: ArbitrageSnapshot, best: Candidate) {
  const { cycle, hops } = best.opportunity;
  const start = best.startToken;
  const last = cycle[cycle.length - 1]!;
  const middle = last.tokenIn as TokenSymbol;
  const along = hops.slice(0, -1);
  const lastHop = hops[hops.length - 1]!;
  const product = (values: bigint[]) => values.reduce((p, v) => p * v, 1n);
  // Amounts of start and middle token that trade at the same marginal price, along and at the end.
  const alongPair = {
    start: product(along.map((h) => h.reserveIn)),
    middle: product(along.map((h) => h.reserveOut)),
  };
  const lastPair = { start: lastHop.reserveOut, middle: lastHop.reserveIn };
  const [startDecimals, middleDecimals] = [
    snapshot.tokens[start]!.decimals,
    snapshot.tokens[middle]!.decimals,
  ];
  const middleInStart = (pair: typeof alongPair) =>
    priceInQuoteUnits(pair.middle, middleDecimals, pair.start);
  const middleIsDearer = middleInStart(lastPair) >= 10n ** BigInt(startDecimals);
  const text = (pair: typeof alongPair) =>
    middleIsDearer
      ? `1 ${middle} = ${formatAmount(middleInStart(pair), startDecimals, 6)} ${start}`
      : `1 ${start} = ${formatAmount(priceInQuoteUnits(pair.start, startDecimals, pair.middle), middleDecimals, 6)} ${middle}`;
  const via = cycle
    .slice(0, -1)
    .map((hop) => poolName(snapshot, hop.pool.id))
    .join(" then ");
  return {
    along: `${text(alongPair)} via ${via}`,
    back: `${text(lastPair)} on ${poolName(snapshot, last.pool.id)}`,
  };
}

export function inputsOf(snapshot: ArbitrageSnapshot, best: Candidate): Record<string, string> {
  const inputs: Record<string, string> = {};
  best.opportunity.cycle.forEach((hop, i) => {
    const reserves = best.opportunity.hops[i]!;
    inputs[`hop ${i + 1}`] = `${hop.tokenIn} → ${hop.tokenOut} on ${poolName(snapshot, hop.pool.id)}`;
    inputs[`hop ${i + 1} reserveIn (${hop.tokenIn})`] = reserves.reserveIn.toString();
    inputs[`hop ${i + 1} reserveOut (${hop.tokenOut})`] = reserves.reserveOut.toString();
    inputs[`hop ${i + 1} fee (bps)`] = reserves.feeBps.toString();
  });
  const gap = priceGap(snapshot, best);
  inputs["price along the cycle"] = gap.along;
  inputs["price to close it"] = gap.back;
  inputs[`executor balance (${best.startToken})`] = (snapshot.capital.get(best.startToken) ?? 0n).toString();
  return inputs;
}

export function formulasOf(snapshot: ArbitrageSnapshot, best: Candidate): FormulaUse[] {
  const { opportunity, startToken } = best;
  const { hops } = opportunity;
  const { nextBaseFee } = snapshot;
  const weights = hops.map((h) => hopWeight(h.reserveIn, h.reserveOut, h.feeBps));
  const converted = startToken !== GAS_TOKEN;
  return [
    {
      name: "negative cycle (every pair and triangle of pools)",
      expression:
        "each hop weighs w = −ln(reserveOut/reserveIn · (1 − fee)); a cycle with Σw < 0 multiplies what it carries by e^(−Σw) = ∏ rate·(1 − fee) > 1",
      inputs: Object.fromEntries(weights.map((w, i) => [`w${i + 1}`, w.toFixed(6)])),
      result: `Σw = ${weights.reduce((a, b) => a + b, 0).toFixed(6)} (${hops.length} hops)`,
    },
    sizeFormula(best),
    {
      name: "the cycle's amounts",
      expression:
        "amounts = getAmountsOut(amountIn, hops): each hop out = in·(10000−fee)·Rout / (Rin·10000 + in·(10000−fee))",
      inputs: { amountIn: opportunity.amountIn.toString() },
      result: opportunity.amounts.join(" → "),
    },
    {
      name: "gas of execute",
      expression: `gas = (${EXECUTE_BASE_GAS} + ${EXECUTE_GAS_PER_HOP}·hops)·(baseFee + tip)${converted ? `, in ${startToken} at the deepest WETH pool's price` : ""}`,
      inputs: { hops: hops.length.toString(), baseFee: nextBaseFee.toString(), tip: best.tip.toString() },
      result: `${best.gasUnits} gas · ${nextBaseFee + best.tip} wei = ${best.gasWei} wei${converted ? ` = ${show(snapshot.tokens, startToken, best.gasCost)}` : ""}`,
    },
    {
      name: "profit",
      expression: "profit = amountOut − amountIn; net = profit − gas",
      inputs: {
        amountOut: opportunity.amountOut.toString(),
        amountIn: opportunity.amountIn.toString(),
        gas: best.gasCost.toString(),
      },
      result: `profit ${opportunity.profit}, net ${best.netProfit} (${startToken} base units)`,
    },
  ];
}

/** The two-pool closed form with its numbers, or the numeric search for longer cycles. */
function sizeFormula(best: Candidate): FormulaUse {
  const { opportunity } = best;
  const { hops } = opportunity;
  if (hops.length === 2) {
    const [a, b] = hops as [(typeof hops)[0], (typeof hops)[0]];
    return {
      name: "optimal size, two pools (closed form)",
      expression:
        "y* = (√(γA·γB·Ain·Aout·Bin·Bout) − Ain·Bin) / (γA·(Bin + γB·Aout)); with one fee γ: (γ·√(Ain·Aout·Bin·Bout) − Ain·Bin) / (γ·(Bin + γ·Aout)); " +
        "then the best input with the pools' exact rounding, at most the executor's balance",
      inputs: {
        Ain: a.reserveIn.toString(),
        Aout: a.reserveOut.toString(),
        Bin: b.reserveIn.toString(),
        Bout: b.reserveOut.toString(),
        γA: `${BPS - a.feeBps}/10000`,
        γB: `${BPS - b.feeBps}/10000`,
      },
      result: `y* = ${twoPoolClosedForm(a, b)}; sent ${opportunity.amountIn}`,
    };
  }
  const curve = virtualPool(hops);
  return {
    name: `optimal size, ${hops.length} pools (numeric search)`,
    expression:
      "the cycle behaves as one pool out(x) = a·x / (b + c·x); maximise getAmountsOut(x, hops)[n] − x by ternary search over [1, min(capital, (a − b)/c)], then settle the last wei with exact rounding",
    inputs: { a: curve.a.toString(), b: curve.b.toString(), c: curve.c.toString() },
    result: `x = ${opportunity.amountIn}`,
  };
}

export function summarize(
  snapshot: ArbitrageSnapshot,
  best: Candidate,
  who: string,
  minProfit = "the gas cost",
): string {
  const { opportunity } = best;
  const amount = (value: bigint) => show(snapshot.tokens, best.startToken, value);
  const gap = priceGap(snapshot, best);
  return (
    `a ${opportunity.hops.length}-hop cycle pays, because prices differ: ${gap.along}, but ${gap.back}. ` +
    `The ${who} sends ${amount(opportunity.amountIn)} around ${route(snapshot, best)} and expects ${amount(opportunity.amountOut)} back: ` +
    `profit ${amount(opportunity.profit)}, minus ${amount(best.gasCost)} of gas (${formatGwei(best.tip)} tip) = ${amount(best.netProfit)}. ` +
    `The simulation (eth_call) agrees; minProfit is set to ${minProfit}.`
  );
}

export function explainUnprofitable(snapshot: ArbitrageSnapshot, best: Candidate): string {
  const { opportunity } = best;
  const amount = (value: bigint) => show(snapshot.tokens, best.startToken, value);
  const capped =
    opportunity.amountIn === snapshot.capital.get(best.startToken) ? " (all the executor holds)" : "";
  return (
    `the best cycle, ${route(snapshot, best)}, would turn ${amount(opportunity.amountIn)}${capped} into ${amount(opportunity.amountOut)}: ` +
    `${amount(opportunity.profit)} of profit, less than the ${amount(best.gasCost)} its ${opportunity.hops.length}-hop transaction costs in gas ` +
    `(${formatAmount(best.gasUnits, 0)} gas at ${formatGwei(best.gasWei / best.gasUnits)}).`
  );
}

export function explainReverted(snapshot: ArbitrageSnapshot, best: Candidate, block: number): string {
  return `its transaction for ${route(snapshot, best)} with ${show(snapshot.tokens, best.startToken, best.opportunity.amountIn)} reverted in block #${block}, and the pools have not moved since: it does not send the same losing transaction again.`;
}

/** What the cycle it found would make: what a risk control's refusal begins with. */
export function riskLead(snapshot: ArbitrageSnapshot, best: Candidate): string {
  return `the best cycle, ${route(snapshot, best)}, would make ${show(snapshot.tokens, best.startToken, best.netProfit)} after gas`;
}

export function explainNoRoom(value: bigint, bps: number): string {
  return `the trade is worth ${showEth(value)} after base-fee gas: ${bps / 100}% of it pays the builder nothing.`;
}

/** Why the simulated call disagrees with the math: it reverts, or it earns something else. */
export function explainSimulation(
  snapshot: ArbitrageSnapshot,
  best: Candidate,
  simulated: { profit: bigint | undefined; error?: string },
): string {
  const amount = (value: bigint) => show(snapshot.tokens, best.startToken, value);
  const says = `the math says ${route(snapshot, best)} earns ${amount(best.opportunity.profit)}, but the simulated transaction`;
  return simulated.profit === undefined
    ? `${says} reverts (${simulated.error}): not sent.`
    : `${says} earns ${amount(simulated.profit)}: something the math does not see, not sent.`;
}

/** What it read when a rival outbids it: the cycle's inputs and the auction's numbers. */
export function outbidInputs(
  auction: PublicAuction,
  rivalTip: bigint,
  maxShareBps: number,
): Record<string, string> {
  return {
    ...inputsOf(auction.plan.snapshot, auction.plan.best),
    "rival tip (wei per gas)": rivalTip.toString(),
    "own tip (wei per gas)": auction.tip.toString(),
    "value before tips (wei)": auction.value.toString(),
    "most it pays (bps of value)": maxShareBps.toString(),
  };
}

export function explainOutbid(
  auction: PublicAuction,
  rivalTip: bigint,
  needed: bigint,
  maxShareBps: number,
): string {
  const { gasUnits } = auction.plan.best;
  return (
    `a rival tips ${formatGwei(rivalTip)} for the same pools; beating it needs at least ${formatGwei(needed)} ` +
    `(${showEth(needed * gasUnits)} for ${formatAmount(gasUnits, 0)} gas), above its limit of ${formatGwei(auction.maxTip)} ` +
    `(${maxShareBps / 100}% of the ${showEth(auction.value)} the trade is worth after base-fee gas). It stops bidding; its transaction at ${formatGwei(auction.tip)} stays in the mempool.`
  );
}

/** What it says of a cycle it sends: the inputs, the formulas, the amounts and `summary`. */
function findingOf(plan: ArbitragePlan, summary: string): Finding {
  const { snapshot, best } = plan;
  return {
    id: plan.id,
    inputs: inputsOf(snapshot, best),
    formulas: formulasOf(snapshot, best),
    size: tokenAmount(snapshot.tokens, best.startToken, best.opportunity.amountIn),
    expectedProfit: tokenAmount(snapshot.tokens, best.startToken, best.opportunity.profit),
    gasCost: tokenAmount(snapshot.tokens, best.startToken, best.gasCost),
    summary,
  };
}

/** A cycle sent to the mempool. */
export function publicFinding(plan: ArbitragePlan, who: string): Finding {
  return findingOf(plan, summarize(plan.snapshot, plan.best, who));
}

/** A cycle sent in a bundle with a payment to the builder. */
export function sealedFinding(plan: ArbitragePlan, terms: SealedTerms, who: string): Finding {
  const how = terms.arm === null ? "" : ` (the bandit's arm ${terms.arm + 1})`;
  return findingOf(
    plan,
    `${summarize(plan.snapshot, plan.best, who, "the gas cost plus the payment")} It sends the trade in a bundle with a payment of ${showEth(terms.bid)} to the builder: ${terms.bps / 100}%${how} of the ${showEth(terms.value)} the trade is worth after base-fee gas.`,
  );
}

/** The `auction:bid` of its public transaction, carried by `carrier`: its tip on its estimated gas. */
export function publicBidEvent(who: string, auction: PublicAuction, carrier: string): EventDraft<AuctionBid> {
  return {
    type: "auction:bid",
    auction: "public",
    bot: who,
    opportunity: auction.plan.opportunity,
    round: auction.round,
    tipPerGas: auction.tip.toString(),
    bid: ethAmount(auction.tip * auction.plan.best.gasUnits),
    value: ethAmount(auction.value),
    carrier,
  };
}
