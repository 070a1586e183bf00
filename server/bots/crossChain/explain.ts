/** What the cross-chain arbitrageur tells learners: its inputs, its formulas with their numbers, sentences. Pure. */
import type { FormulaUse } from "../../events";
import { formatAmount, formatBps } from "../../format";
import { crossChainClosedForm } from "../../math/crossChain";
import { priceGapBps } from "../../math/price";
import { show, tokenAmount } from "../kit/amounts";
import type { Finding } from "../kit/decision";
import { LOCK_GAS, SWAP_GAS } from "./settings";
import type { CrossChainPlan, CrossChainSnapshot, Direction } from "./types";

function usdc(snapshot: CrossChainSnapshot, amount: bigint): string {
  return show(snapshot.tokens, "USDC", amount, 2);
}

function weth(snapshot: CrossChainSnapshot, amount: bigint): string {
  return show(snapshot.tokens, "WETH", amount, 4);
}

/** "the main chain (DEX A WETH/USDC)" */
function where(snapshot: CrossChainSnapshot, index: number): string {
  const view = snapshot.chains[index]!;
  return `the ${view.chain.name} (${view.pool.name})`;
}

/** "1 WETH = 2,000.00 USDC on the main chain (DEX A WETH/USDC) and 2,100.00 USDC on the side chain (…): a gap of 5.00%" */
export function pricesText(snapshot: CrossChainSnapshot, d: Direction): string {
  const [p0, p1] = d.prices;
  const gap = priceGapBps([p0, p1]) ?? 0n;
  return (
    `1 WETH = ${usdc(snapshot, p0)} on ${where(snapshot, 0)} and ${usdc(snapshot, p1)} on ${where(snapshot, 1)}: ` +
    `a gap of ${formatBps(gap)}`
  );
}

export function inputsOf(snapshot: CrossChainSnapshot, d: Direction): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const view of snapshot.chains) {
    const name = `${view.chain.name} ${view.pool.name}`;
    inputs[`${name} reserve0 (${view.pool.token0})`] = view.reserves.reserve0.toString();
    inputs[`${name} reserve1`] = view.reserves.reserve1.toString();
    inputs[`${view.chain.name} USDC held`] = view.capital.toString();
    inputs[`${view.chain.name} bridge fee (bps)`] = view.bridgeFeeBps.toString();
    inputs[`${view.chain.name} bridge delay (blocks)`] = view.delayBlocks.toString();
  }
  inputs["gas of the three legs (wei)"] = d.gasWei.toString();
  inputs["gas in USDC"] = d.gasUsdc.toString();
  return inputs;
}

export function formulasOf(d: Direction): FormulaUse[] {
  const { buy, sell, feeBps } = d.route;
  const o = d.outcome;
  const formulas: FormulaUse[] = [
    {
      name: "size: the closed-form optimum of buy → bridge → sell",
      expression:
        "x* = (√(10000³·gA·gB·q·Ain·Aout·Bin·Bout) − 10000³·Ain·Bin) / (gA·(10000²·Bin + gB·q·Aout)), g = 10000 − pool fee, q = 10000 − bridge fee",
      inputs: {
        Ain: buy.reserveIn.toString(),
        Aout: buy.reserveOut.toString(),
        Bin: sell.reserveIn.toString(),
        Bout: sell.reserveOut.toString(),
        gA: (10_000n - buy.feeBps).toString(),
        gB: (10_000n - sell.feeBps).toString(),
        q: (10_000n - feeBps).toString(),
      },
      result: `x* = ${crossChainClosedForm(d.route)} USDC base units, at most the USDC held`,
    },
  ];
  if (o) {
    formulas.push({
      name: "the legs, as the contracts round them",
      expression:
        "bought = getAmountOut(x, Ain, Aout); fee = bought·feeBps/10000 (MockBridge.bridgeFee); released = bought − fee; out = getAmountOut(released, Bin, Bout)",
      inputs: { x: o.amountIn.toString(), feeBps: feeBps.toString() },
      result: `bought ${o.bought}, fee ${o.fee}, released ${o.released}, out ${o.amountOut}, profit ${o.profit} (USDC base units) before gas`,
    });
  }
  formulas.push({
    name: "gas of the three legs, in USDC",
    expression: `((${SWAP_GAS} + ${LOCK_GAS}) + ${SWAP_GAS})·(baseFee + tip), at the buying chain's pool price`,
    inputs: { "gas (wei)": d.gasWei.toString() },
    result: `${d.gasUsdc} USDC base units`,
  });
  return formulas;
}

/** What it says of the trade it takes. */
export function finding(plan: CrossChainPlan): Finding {
  const { snapshot, direction: d, outcome: o } = plan;
  const delay = snapshot.chains[d.to]!.delayBlocks;
  const formulas = formulasOf(d);
  formulas.push({
    name: "break-even: how far the sale may fall before the trade loses",
    expression: "drop = (out − x − gas)·10000/out",
    inputs: { out: o.amountOut.toString(), x: o.amountIn.toString(), gas: d.gasUsdc.toString() },
    result: `${formatBps(plan.breakEvenDropBps)} of the sale`,
  });
  return {
    id: plan.id,
    inputs: inputsOf(snapshot, d),
    formulas,
    size: tokenAmount(snapshot.tokens, "USDC", o.amountIn),
    expectedProfit: tokenAmount(snapshot.tokens, "USDC", plan.net),
    gasCost: tokenAmount(snapshot.tokens, "USDC", d.gasUsdc),
    summary:
      `${pricesText(snapshot, d)}. It buys ${weth(snapshot, o.bought)} for ${usdc(snapshot, o.amountIn)} on ${where(snapshot, d.from)}, ` +
      `locks them in the bridge (fee ${formatBps(snapshot.chains[d.from]!.bridgeFeeBps)}: ${weth(snapshot, o.fee)}) and, once released ` +
      `${delay} block${delay === 1 ? "" : "s"} after the relay, sells ${weth(snapshot, o.released)} on ${where(snapshot, d.to)} for ` +
      `${usdc(snapshot, o.amountOut)} at today's price: ${usdc(snapshot, plan.net)} after ${usdc(snapshot, d.gasUsdc)} of gas. ` +
      `It carries the price risk while the WETH is in flight: if the sale fetches more than ${formatBps(plan.breakEvenDropBps)} less ` +
      `than today's price gives, it loses money`,
  };
}

export function explainUnprofitable(snapshot: CrossChainSnapshot, d: Direction): string {
  const o = d.outcome!;
  return (
    `${pricesText(snapshot, d)}. The best trade, ${usdc(snapshot, o.amountIn)} of WETH bought on ${where(snapshot, d.from)}, ` +
    `bridged and sold on ${where(snapshot, d.to)}, gains ${usdc(snapshot, o.profit)} after both pools' fees and the bridge's, ` +
    `not more than the ${usdc(snapshot, d.gasUsdc)} of gas (${formatAmount(d.gasWei, 18, 6)} ETH) its three transactions cost`
  );
}
