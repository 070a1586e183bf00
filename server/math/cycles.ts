/**
 * What every cycle search over the token graph shares: a cycle as a list of edge numbers, the exact
 * profitability test, and the order results are listed in. server/math/graph.ts (Bellman-Ford,
 * enumeration) and server/math/shortCycles.ts (pairs and triangles) build on it.
 */

import { BPS, type HopReserves } from "./amm";
import { type Cycle, compareStrings, type Pool, type TokenGraph } from "./tokenGraph";

/**
 * Float slack when picking candidates: cycles whose weights sum below it are decided exactly in bigint.
 * A weight is three `Math.log`s of at most ~60 each, off by at most a few units in the last place
 * (~1e-14); a sum of a few weights is off by far less than 1e-9, so no exactly profitable cycle
 * (true sum < 0) is ever above the slack.
 */
export const CANDIDATE_SLACK = 1e-9;

/** One hop's reserves oriented in the direction of the trade, ready for `getAmountsOut`. */
export function hopReserves(pool: Pool, tokenIn: string): HopReserves {
  return tokenIn === pool.token0
    ? { reserveIn: pool.reserve0, reserveOut: pool.reserve1, feeBps: pool.feeBps }
    : { reserveIn: pool.reserve1, reserveOut: pool.reserve0, feeBps: pool.feeBps };
}

/**
 * Returns each hop's reserves oriented in the direction of the trade, ready for `getAmountsOut`.
 *
 * @example
 * getAmountsOut(10n ** 18n, cycleToHops(cycle)); // what 1 token sent around the cycle gives back
 */
export function cycleToHops(cycle: Cycle): HopReserves[] {
  return cycle.map(({ pool, tokenIn }) => hopReserves(pool, tokenIn));
}

/** Exact test: ∏ (10000 − fee)·reserveOut > ∏ 10000·reserveIn, i.e. the marginal rate of the cycle is > 1. */
export function isProfitable(graph: TokenGraph, cycle: readonly number[]): boolean {
  let gain = 1n;
  let cost = 1n;
  for (const e of cycle) {
    const { pool, from } = graph.edges[e]!;
    const forward = from === pool.token0; // token0 → token1
    gain *= (BPS - pool.feeBps) * (forward ? pool.reserve1 : pool.reserve0);
    cost *= BPS * (forward ? pool.reserve0 : pool.reserve1);
  }
  return gain > cost;
}

/** The sum of a cycle's weights: below zero when it gains at the margin. */
export function cycleWeight(graph: TokenGraph, cycle: readonly number[]): number {
  let sum = 0;
  for (const e of cycle) sum += graph.edgeWeight[e]!;
  return sum;
}

/** A key naming a cycle of edges whatever edge it starts from. */
export function rotationFreeKey(cycle: readonly number[]): string {
  const first = cycle.indexOf(Math.min(...cycle));
  return [...cycle.slice(first), ...cycle.slice(0, first)].join(",");
}

/** Rotates a cycle to start at its lowest-numbered source token (tokens are sorted, so the first by name). */
export function rotateToStart(graph: TokenGraph, cycle: number[], isSource: Uint8Array): number[] {
  let first = -1;
  for (let i = 0; i < cycle.length; i++) {
    const token = graph.edgeFrom[cycle[i]!]!;
    if (isSource[token] === 1 && (first < 0 || token < graph.edgeFrom[cycle[first]!]!)) first = i;
  }
  return first === 0 ? cycle : [...cycle.slice(first), ...cycle.slice(0, first)];
}

/**
 * Cycles from the most to the least profitable at the margin (sum of weights), ties by their edges
 * (so by pool ids): the same pools in any order give the same list.
 */
export function sortedCycles(graph: TokenGraph, found: Iterable<number[]>): Cycle[] {
  const entries = Array.from(found, (cycle) => ({
    cycle,
    weight: cycleWeight(graph, cycle),
    key: "",
  }));
  const keyOf = (entry: (typeof entries)[number]) => {
    if (entry.key === "") entry.key = rotationFreeKey(entry.cycle); // only ties need it
    return entry.key;
  };
  entries.sort((x, y) => x.weight - y.weight || compareStrings(keyOf(x), keyOf(y)));
  return entries.map((entry) => toCycle(graph, entry.cycle));
}

export function toCycle(graph: TokenGraph, cycle: readonly number[]): Cycle {
  return cycle.map((e) => {
    const edge = graph.edges[e]!;
    return { pool: edge.pool, tokenIn: edge.from, tokenOut: edge.to };
  });
}
