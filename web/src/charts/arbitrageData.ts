/**
 * The arbitrage's answer key, from the decision event and server/math/arbitrage.ts (the bot's own
 * sizing): profit against input along the cycle, the optimum, and the size the bot sent. Pure.
 */
import type { OpportunityFound, OpportunitySkipped } from "../../../server/events";
import type { HopReserves } from "../../../server/math/amm";
import { type ArbitrageSize, optimalCycleAmountIn, roundedProfit } from "../../../server/math/arbitrage";
import { max, min } from "../../../server/math/bigint";
import { bigintInput, inputUnit, inputValue, sampleSizes } from "./decisionInputs";

export interface ArbitrageChartInputs {
  hops: HopReserves[];
  /** "USDC → WBTC on DEX B WBTC/USDC", one per hop. */
  route: string[];
  startToken: string;
  /** The executor's balance of the start token: the most it can put in. */
  balance: bigint | undefined;
  /** The input the bot sent; null when it declined. */
  chosen: bigint | null;
}

export interface InputPoint {
  size: bigint;
  /** Out of the last hop minus the input, with the pools' rounding, in the start token (before gas). */
  profit: bigint;
}

export interface ArbitrageCurve {
  points: InputPoint[];
  /** optimalCycleAmountIn over the hops and the balance: what the bot's math finds. */
  optimum: ArbitrageSize;
  chosen: InputPoint | null;
}

/** The cycle's hops as the arbitrageur's decision event reports them; null for another decision. */
export function arbitrageInputs(
  decision: OpportunityFound | OpportunitySkipped,
): ArbitrageChartInputs | null {
  if (decision.kind !== "arbitrage") return null;
  const hops: HopReserves[] = [];
  const route: string[] = [];
  for (let i = 1; inputValue(decision.inputs, `hop ${i}`) !== undefined; i++) {
    const [reserveIn, reserveOut, feeBps] = ["reserveIn", "reserveOut", "fee"].map((name) =>
      bigintInput(decision.inputs, `hop ${i} ${name}`),
    );
    if (reserveIn === undefined || reserveOut === undefined || feeBps === undefined) return null;
    hops.push({ reserveIn, reserveOut, feeBps });
    route.push(inputValue(decision.inputs, `hop ${i}`)!);
  }
  if (hops.length === 0) return null;
  return {
    hops,
    route,
    startToken: inputUnit(decision.inputs, "hop 1 reserveIn") ?? "",
    balance: bigintInput(decision.inputs, "executor balance"),
    chosen: decision.type === "opportunity:found" ? BigInt(decision.size.amount) : null,
  };
}

/** Profit against input from 0 to twice the optimum (within the balance), the optimum and the bot's size among the samples. */
export function arbitrageCurve(input: ArbitrageChartInputs, samples = 80): ArbitrageCurve {
  const optimum = optimalCycleAmountIn(input.hops, input.balance);
  const reach = max(optimum.amountIn, input.chosen ?? 0n) * 2n;
  const end = input.balance === undefined ? reach : min(input.balance, reach);
  const marks = [optimum.amountIn, ...(input.chosen === null ? [] : [input.chosen])];
  const at = (size: bigint): InputPoint => ({ size, profit: roundedProfit(size, input.hops) });
  return {
    points: sampleSizes(max(end, 1n), samples, marks).map(at),
    optimum,
    chosen: input.chosen === null ? null : at(input.chosen),
  };
}
