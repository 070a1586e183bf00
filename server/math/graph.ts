/**
 * Arbitrage cycles in a graph of tokens and pools: Bellman-Ford with a hop limit, a brute-force
 * enumeration to check it against, and the search for the best sized opportunity.
 *
 * Tokens are vertices; each pool gives two directed edges, one per swap direction, weighted by
 * `−ln(rate·(1 − fee))` with `rate = reserveOut / reserveIn` (the marginal price, before any price
 * impact). A cycle multiplies what it carries by `∏ rate·(1 − fee)`, so a profitable cycle is one whose
 * weights sum to less than zero: a negative cycle. Floats appear only in these weights, to find
 * candidates fast; whether a cycle is profitable is then decided exactly in bigint, and every amount is
 * computed with `amm.ts`.
 */

import { AmmMathError, type HopReserves } from "./amm";
import { type ArbitrageSize, optimalCycleAmountIn } from "./arbitrage";
import {
  CANDIDATE_SLACK,
  cycleToHops,
  isProfitable,
  rotateToStart,
  rotationFreeKey,
  sortedCycles,
} from "./cycles";
import { findShortCycles } from "./shortCycles";
import { buildTokenGraph, type Cycle, compareStrings, type Pool, type TokenGraph } from "./tokenGraph";

export { cycleToHops } from "./cycles";

export {
  buildTokenGraph,
  type Cycle,
  type CycleHop,
  type Edge,
  hopWeight,
  type Pool,
  type TokenGraph,
} from "./tokenGraph";

/** Options of {@link findNegativeCycles}. */
export interface FindNegativeCyclesOptions {
  /** Longest cycle looked for, in hops (≥ 2). */
  maxHops: number;
  /** Tokens a cycle must start from (the tokens the trader holds); every token when omitted. Tokens without pools are ignored. */
  sources?: readonly string[];
}

// ─── Bellman-Ford ───────────────────────────────────────────────────────────────────────────────

/**
 * Finds profitable cycles of at most `maxHops` hops with a hop-limited Bellman-Ford from each source.
 *
 * From a source s, round k computes for every token v the lightest walk of exactly k edges from s to
 * v that does not pass through s again (k = 1 … maxHops − 1; each round reads only the previous one, so
 * a walk never has more edges than rounds). Closing such a walk to u with an edge u → s gives a cycle of
 * k + 1 hops; the predecessor walk from (k, u) back to s recovers it. A cycle is reported when it is
 * profitable exactly (`∏ (10000 − fee)·reserveOut > ∏ 10000·reserveIn`).
 *
 * What it finds: for every source s, cycle length and closing edge, the most profitable cycle of that
 * kind (up to 3 hops walks are always simple; a longer walk that repeats a token is split into its
 * simple cycles, the profitable ones kept). So it finds the best cycle through every token, and a
 * profitable cycle exists iff it finds one; but a profitable cycle beaten on all of these by others
 * through the same tokens is not listed. Up to 3 hops, `findShortCycles` (server/math/shortCycles.ts)
 * lists all of them, faster; {@link enumerateCycles} lists all of any length, much more slowly. The
 * bots rank Bellman-Ford's cycles: listing them all would change which cycle they pick.
 *
 * Results are deduplicated up to rotation; each cycle starts at the first source (in sorted order) it
 * passes through, or, without sources, at its token that sorts first. They are sorted from the most to
 * the least profitable at the margin (sum of weights), ties by pool ids: the same pools in any order
 * give the same list.
 *
 * @example
 * const cycles = findNegativeCycles(buildTokenGraph(pools), { maxHops: 3, sources: ["WETH"] });
 * cycles[0]; // e.g. [{ pool, tokenIn: "WETH", tokenOut: "USDC" }, …, { …, tokenOut: "WETH" }]
 */
export function findNegativeCycles(graph: TokenGraph, options: FindNegativeCyclesOptions): Cycle[] {
  const { maxHops } = options;
  if (!Number.isInteger(maxHops) || maxHops < 2) throw new AmmMathError("maxHops must be an integer ≥ 2");
  const n = graph.tokens.length;
  const sources = sourceIndices(graph, options.sources);
  const isSource = new Uint8Array(n);
  for (const s of sources) isSource[s] = 1;
  const { edgeFrom, edgeTo, edgeWeight, outStart, outEdges, inStart, inEdges } = graph;
  // Layers 0 … maxHops − 1 of distances and predecessor edges, reused (and reset) for each source.
  const dist = new Float64Array(maxHops * n).fill(Number.POSITIVE_INFINITY);
  const pred = new Int32Array(maxHops * n);
  const reached = new Int32Array(maxHops * n); // reached[k·n …] lists the tokens reached in round k
  const reachedCount = new Int32Array(maxHops);
  const found = new Map<string, number[]>();

  for (const s of sources) {
    dist[s] = 0;
    reached[0] = s;
    reachedCount[0] = 1;
    for (let k = 1; k < maxHops; k++) {
      const [prev, cur] = [(k - 1) * n, k * n];
      reachedCount[k] = 0;
      for (let r = 0; r < reachedCount[k - 1]!; r++) {
        const u = reached[prev + r]!;
        const du = dist[prev + u]!;
        for (let i = outStart[u]!; i < outStart[u + 1]!; i++) {
          const e = outEdges[i]!;
          const v = edgeTo[e]!;
          const candidate = du + edgeWeight[e]!;
          if (v === s || candidate >= dist[cur + v]!) continue;
          if (dist[cur + v] === Number.POSITIVE_INFINITY) reached[cur + reachedCount[k]!++] = v;
          dist[cur + v] = candidate;
          pred[cur + v] = e;
        }
      }
    }
    // Close each walk of k edges with an edge back into s: a cycle of k + 1 hops.
    for (let k = 1; k < maxHops; k++) {
      for (let i = inStart[s]!; i < inStart[s + 1]!; i++) {
        const e = inEdges[i]!;
        const u = edgeFrom[e]!;
        if (dist[k * n + u]! + edgeWeight[e]! < CANDIDATE_SLACK) {
          for (const cycle of simpleCycles(graph, walkBack(graph, pred, n, k, u, e)))
            if (touchesSource(graph, cycle, isSource)) record(graph, found, cycle, isSource);
        }
      }
    }
    for (let k = 0; k < maxHops; k++)
      for (let r = 0; r < reachedCount[k]!; r++) dist[k * n + reached[k * n + r]!] = Number.POSITIVE_INFINITY;
  }
  return sortedCycles(graph, found.values());
}

/** The edges of the walk that reaches u in round k, followed by the closing edge. */
function walkBack(
  graph: TokenGraph,
  pred: Int32Array,
  n: number,
  k: number,
  u: number,
  closing: number,
): number[] {
  const walk = new Array<number>(k + 1);
  walk[k] = closing;
  for (let round = k, v = u; round > 0; round--) {
    const e = pred[round * n + v]!;
    walk[round - 1] = e;
    v = graph.edgeFrom[e]!;
  }
  return walk;
}

/** Splits a closed walk into simple cycles (a walk of at most 3 hops is one already). */
function simpleCycles(graph: TokenGraph, walk: readonly number[]): number[][] {
  const cycles: number[][] = [];
  const stack: number[] = [];
  const tokensOnStack = [graph.edgeFrom[walk[0]!]!]; // tokensOnStack[i] is where stack[i] starts
  for (const e of walk) {
    stack.push(e);
    const to = graph.edgeTo[e]!;
    const at = tokensOnStack.indexOf(to);
    if (at >= 0) {
      cycles.push(stack.splice(at));
      tokensOnStack.length = at + 1;
    } else tokensOnStack.push(to);
  }
  return cycles;
}

function touchesSource(graph: TokenGraph, cycle: readonly number[], isSource: Uint8Array): boolean {
  return cycle.some((e) => isSource[graph.edgeFrom[e]!] === 1);
}

/** Stores a profitable cycle once, under a key that does not depend on where it starts. */
function record(
  graph: TokenGraph,
  found: Map<string, number[]>,
  cycle: number[],
  isSource: Uint8Array,
): void {
  const key = rotationFreeKey(cycle);
  if (found.has(key) || !isProfitable(graph, cycle)) return;
  found.set(key, rotateToStart(graph, cycle, isSource));
}

function sourceIndices(graph: TokenGraph, sources: readonly string[] | undefined): number[] {
  if (sources === undefined) return graph.tokens.map((_, i) => i);
  const indices = sources.map((token) => graph.tokenIndex.get(token)).filter((i) => i !== undefined);
  return [...new Set(indices)].sort((a, b) => a - b);
}

// ─── Brute force ────────────────────────────────────────────────────────────────────────────────

/**
 * Lists every profitable simple cycle of at most `maxHops` hops, by depth-first search: from each
 * token, every simple path through higher-numbered tokens, closed by every edge back to it, so each
 * cycle is visited exactly once (starting at its lowest-numbered token). Exponential in `maxHops`: the
 * reference for tests, and the baseline of the benchmark. Not made slow on purpose: tight loops, and a
 * closed cycle is tested as the searches test theirs, by its float weight first, then exactly.
 * Same order and rotation as {@link findNegativeCycles} without sources.
 *
 * @example
 * enumerateCycles(buildTokenGraph(pools), 3).length; // how many profitable cycles of ≤ 3 hops exist
 */
export function enumerateCycles(graph: TokenGraph, maxHops: number): Cycle[] {
  const { outStart, outEdges, edgeTo, edgeWeight } = graph;
  const found: number[][] = [];
  const onPath = new Uint8Array(graph.tokens.length);
  const path: number[] = [];
  const slack = CANDIDATE_SLACK;
  const extend = (start: number, u: number, pathWeight: number): void => {
    const mayGoOn = path.length + 2 <= maxHops; // room for this edge and one back to start
    for (let i = outStart[u]!; i < outStart[u + 1]!; i++) {
      const e = outEdges[i]!;
      const v = edgeTo[e]!;
      if (v === start) {
        if (path.length >= 1 && pathWeight + edgeWeight[e]! < slack && isProfitable(graph, [...path, e]))
          found.push([...path, e]);
      } else if (mayGoOn && v > start && onPath[v] === 0) {
        onPath[v] = 1;
        path.push(e);
        extend(start, v, pathWeight + edgeWeight[e]!);
        path.pop();
        onPath[v] = 0;
      }
    }
  };
  for (let start = 0; start < graph.tokens.length; start++) {
    onPath[start] = 1;
    extend(start, start, 0);
    onPath[start] = 0;
  }
  return sortedCycles(graph, found);
}

// ─── From cycles to trades ──────────────────────────────────────────────────────────────────────

/** A key naming a cycle whatever hop it starts from: its `pool:tokenIn` hops from the smallest one. */
export function cycleKey(cycle: Cycle): string {
  const hops = cycle.map((hop) => `${hop.pool.id}:${hop.tokenIn}`);
  let first = 0;
  for (let i = 1; i < hops.length; i++) if (compareStrings(hops[i]!, hops[first]!) < 0) first = i;
  return [...hops.slice(first), ...hops.slice(0, first)].join(" → ");
}

/** Options of {@link findBestArbitrage} and {@link rankArbitrages}. */
export interface FindArbitrageOptions {
  /** Longest cycle looked for, in hops (≥ 2). */
  maxHops: number;
  /** Tokens the trader can start from; every token when omitted (then profits are in different tokens). */
  startTokens?: readonly string[];
  /** Gas cost of executing a cycle, in base units of its start token; 0 when omitted. */
  gasCostIn?: (token: string) => bigint;
  /** The trader's capital in a token, capping the input; no cap when omitted or undefined. */
  maxAmountIn?: (token: string) => bigint | undefined;
}

/** A sized arbitrage cycle. Amounts are in the start token (the first hop's `tokenIn`). */
export interface ArbitrageOpportunity extends ArbitrageSize {
  cycle: Cycle;
  hops: HopReserves[];
  startToken: string;
  gasCost: bigint;
  /** `profit − gasCost`. */
  netProfit: bigint;
}

/**
 * Finds the profitable cycles (every pair and triangle of pools with {@link findShortCycles} for 2 or
 * 3 hops, which misses none; Bellman-Ford for longer ones), sizes each with {@link optimalCycleAmountIn} and returns
 * those with a positive gross profit, best net profit first (ties: larger gross profit, smaller input,
 * then {@link cycleKey}). Profits are compared in base units, so give start tokens of one unit
 * (typically a single token such as WETH) for the order to mean "more valuable".
 *
 * @example
 * const ranked = rankArbitrages(pools, { maxHops: 3, startTokens: ["WETH"], gasCostIn: () => 10n ** 15n });
 * ranked.filter((o) => o.netProfit <= 0n); // cycles a bot skips: "unprofitable after gas"
 */
export function rankArbitrages(
  pools: readonly Pool[],
  options: FindArbitrageOptions,
): ArbitrageOpportunity[] {
  const search = options.maxHops === 2 || options.maxHops === 3 ? findShortCycles : findNegativeCycles;
  const cycles = search(buildTokenGraph(pools), { maxHops: options.maxHops, sources: options.startTokens });
  const opportunities = cycles.map((cycle) => {
    const startToken = cycle[0]!.tokenIn;
    const hops = cycleToHops(cycle);
    const size = optimalCycleAmountIn(hops, options.maxAmountIn?.(startToken));
    const gasCost = options.gasCostIn?.(startToken) ?? 0n;
    return {
      ...size,
      cycle,
      hops,
      startToken,
      gasCost,
      netProfit: size.profit - gasCost,
      key: cycleKey(cycle),
    };
  });
  return opportunities
    .filter((o) => o.profit > 0n)
    .sort(
      (x, y) =>
        compareBigints(y.netProfit, x.netProfit) ||
        compareBigints(y.profit, x.profit) ||
        compareBigints(x.amountIn, y.amountIn) ||
        compareStrings(x.key, y.key),
    )
    .map(({ key: _key, ...opportunity }) => opportunity);
}

/**
 * Returns the most profitable arbitrage after gas, or undefined when none makes money.
 *
 * @example
 * const best = findBestArbitrage(pools, { maxHops: 3, startTokens: ["WETH"], gasCostIn: () => gasInWeth });
 * if (best) sendCycle(best.cycle, best.amountIn, best.amounts); // amounts from getAmountsOut
 */
export function findBestArbitrage(
  pools: readonly Pool[],
  options: FindArbitrageOptions,
): ArbitrageOpportunity | undefined {
  const best = rankArbitrages(pools, options)[0];
  return best !== undefined && best.netProfit > 0n ? best : undefined;
}

function compareBigints(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
