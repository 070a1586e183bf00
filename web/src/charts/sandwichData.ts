/**
 * The sandwich's answer key, from the decision event and server/math/sandwich.ts (the bot's own
 * math): the searcher's profit at every frontrun size, the wall past which the victim's swap reverts,
 * and the pool's x·y = k curve with the three swaps as moves along it. Pure.
 */
import type { OpportunityFound, OpportunitySkipped } from "../../../server/events";
import { max, min } from "../../../server/math/bigint";
import {
  type LargestFrontrun,
  largestFrontrun,
  type SandwichParameters,
  sandwichProfit,
} from "../../../server/math/sandwich";
import { bigintInput, inputUnit, sampleSizes } from "./decisionInputs";

export interface SandwichChartInputs {
  params: SandwichParameters;
  tokenIn: string;
  tokenOut: string;
  /** The frontrun the bot sent; null when it declined. */
  chosen: bigint | null;
}

export interface ProfitPoint {
  /** Frontrun input, in the input token's base units. */
  size: bigint;
  /** The searcher's profit before gas (what its decision event calls expected profit), in the input token. */
  profit: bigint;
  /** Whether the victim's swap reverts at this size (past the wall). */
  victimReverts: boolean;
}

export interface SandwichCurve {
  points: ProfitPoint[];
  /** The largest frontrun the victim's slippage limit (or the capital) allows. */
  wall: LargestFrontrun;
  /** The bot's size, when it sent one. */
  chosen: ProfitPoint | null;
}

/** The sandwicher's parameters as its decision event reports them; null for another kind of decision. */
export function sandwichInputs(decision: OpportunityFound | OpportunitySkipped): SandwichChartInputs | null {
  if (decision.kind !== "sandwich") return null;
  const read = (name: string) => bigintInput(decision.inputs, name);
  const [victimAmountIn, amountOutMin, reserveIn, reserveOut, feeBps, capital] = [
    read("victimAmountIn"),
    read("amountOutMin"),
    read("reserveIn"),
    read("reserveOut"),
    read("feeBps"),
    read("capital used"),
  ];
  if ([victimAmountIn, amountOutMin, reserveIn, reserveOut, feeBps, capital].includes(undefined)) return null;
  return {
    params: {
      victimAmountIn: victimAmountIn!,
      amountOutMin: amountOutMin!,
      reserveIn: reserveIn!,
      reserveOut: reserveOut!,
      feeBps: feeBps!,
      attackerCapital: capital!,
      gasCost: read("gas cost") ?? 0n,
    },
    tokenIn: inputUnit(decision.inputs, "reserveIn") ?? "",
    tokenOut: inputUnit(decision.inputs, "reserveOut") ?? "",
    chosen: decision.type === "opportunity:found" ? BigInt(decision.size.amount) : null,
  };
}

function pointAt(size: bigint, params: SandwichParameters): ProfitPoint {
  const outcome = sandwichProfit(size, params);
  return { size, profit: outcome.grossProfit, victimReverts: outcome.victim.reverted };
}

/**
 * Profit against frontrun size, from 0 to past the wall (twice it, or the victim's own size, within
 * the searcher's capital), with the wall and the chosen size among the samples.
 */
export function sandwichProfitCurve(input: SandwichChartInputs, samples = 80): SandwichCurve {
  const { params, chosen } = input;
  const wall = largestFrontrun(params);
  const capital = max(0n, params.attackerCapital);
  const reach = max(max(wall.amountIn * 2n, params.victimAmountIn), (chosen ?? 0n) * 2n);
  const end = wall.limitedBy === "capital" ? capital : min(capital, reach);
  const marks = [wall.amountIn, wall.amountIn + 1n, ...(chosen === null ? [] : [chosen])].filter(
    (m) => m <= end,
  );
  return {
    points: sampleSizes(end, samples, marks).map((size) => pointAt(size, params)),
    wall,
    chosen: chosen === null ? null : pointAt(chosen, params),
  };
}

/** Reserves of the pool: x in the input token, y in the output token (base units). */
export interface Reserves {
  x: bigint;
  y: bigint;
}

export interface SandwichMoves {
  /** Before the frontrun, after it, after the victim, after the backrun. */
  states: [Reserves, Reserves, Reserves, Reserves];
  /** x·y = k through the starting reserves, over a range that holds every state. */
  curve: Reserves[];
}

/** The three swaps of the sandwich at `size` as moves between pool states, and the curve they run along. */
export function sandwichMoves(params: SandwichParameters, size: bigint, samples = 60): SandwichMoves {
  const outcome = sandwichProfit(size, params);
  const start = { x: params.reserveIn, y: params.reserveOut };
  const front = { x: start.x + size, y: start.y - outcome.frontrun.amountOut };
  const victim = outcome.victim.reverted
    ? front
    : { x: front.x + params.victimAmountIn, y: front.y - outcome.victim.amountOut };
  const back = { x: outcome.reservesAfter.reserveIn, y: outcome.reservesAfter.reserveOut };
  const states: SandwichMoves["states"] = [start, front, victim, back];
  const k = start.x * start.y;
  const lowest = states.reduce((m, s) => min(m, s.x), start.x);
  const highest = states.reduce((m, s) => max(m, s.x), start.x);
  const margin = max((highest - lowest) / 2n, 1n);
  const from = max(1n, lowest - margin);
  const curve = sampleSizes(highest + margin - from, samples).map((dx) => ({
    x: from + dx,
    y: k / (from + dx),
  }));
  return { states, curve };
}
