/**
 * Every profitable arbitrage cycle of two or three hops, found by listing token pairs and triangles
 * (the compact-forward triangle listing) instead of walking every path.
 *
 * Why not Bellman-Ford for short cycles: it keeps, per token and round, the one lightest walk, so it
 * reports the best cycle per start, length and closing hop; a profitable cycle beaten on all of these
 * by another through the same tokens is lost (on the benchmark's 1,000 pools it reports 144 of the 147
 * profitable cycles, on a dense graph 19,862 of 128,564). And it relaxes every edge from every start.
 *
 * A cycle of ≤ 3 hops goes round a token pair (two pools between the same two tokens) or a token
 * triangle, so those can be listed directly:
 *
 * 1. Each pair and triangle once. server/math/forwardPairs.ts ranks the tokens (sources first, then
 *    by degree) and keeps each token's pairs towards tokens ranked after it. From each source s the
 *    search steps only forward, s → b → c, so a triangle is met once, from its lowest-ranked token,
 *    and then gone round both ways (s → b → c → s and s → c → b → s).
 * 2. The closing pair in one read. s's forward neighbours are marked first; then for each forward
 *    pair b → c, one array read says whether c–s closes a triangle. Enumeration instead walks every
 *    path s → b → c and scans all of c's edges for one back to s: ~850,000 edge reads on the
 *    benchmark's 2,000 tokens / 10,000 pools, where this search marks ~10,000 pairs and takes ~32,000
 *    steps. What time is left goes mostly to confirming and sorting the cycles found, as for enumeration.
 * 3. The profit bound before the exact test. A cycle's weights sum to −ln of the product of its
 *    marginal rates after fees; only when that product exceeds 1 (the sum is below zero) can the cycle
 *    pay, so only then is it confirmed exactly in bigint (`∏ (10000 − fee)·reserveOut > ∏ 10000·reserveIn`).
 *
 * Bounds on a partial path prune nothing here: a weight carries the two tokens' prices (±14 on the
 * benchmark's $0.01–$10,000 tokens), and with ±2% price noise against 0.3% fees over a third of the
 * token triangles pay anyway. The speed comes from meeting each triangle once.
 */

import { AmmMathError } from "./amm";
import { CANDIDATE_SLACK, isProfitable, rotateToStart, sortedCycles } from "./cycles";
import { buildForwardPairs, type ForwardPairs } from "./forwardPairs";
import type { Cycle, TokenGraph } from "./tokenGraph";

/** Options of {@link findShortCycles}: the sources, or forward pairs built for them beforehand. */
export type FindShortCyclesOptions = {
  /** Longest cycle looked for: 2 (pairs of pools) or 3 (triangles too). */
  maxHops: number;
} & (
  | {
      /** Tokens a cycle must pass through (the tokens the trader holds); every token when omitted. Tokens without pools are ignored. */
      sources?: readonly string[];
      forward?: undefined;
    }
  | {
      /** {@link buildForwardPairs} of this graph, built once and reused across scans; it holds the sources. */
      forward: ForwardPairs;
    }
);

/**
 * Lists every profitable cycle of at most `maxHops` (2 or 3) hops through one of the sources: the same
 * cycles as {@link enumerateCycles} (restricted to the sources), each starting at its first source (by
 * name), in the same order (most profitable at the margin first).
 *
 * @example
 * const cycles = findShortCycles(buildTokenGraph(pools), { maxHops: 3, sources: ["WETH"] });
 * cycles.length; // every profitable pair and triangle through WETH, each confirmed in bigint
 */
export function findShortCycles(graph: TokenGraph, options: FindShortCyclesOptions): Cycle[] {
  const { maxHops } = options;
  if (maxHops !== 2 && maxHops !== 3) throw new AmmMathError("findShortCycles looks for 2 or 3 hops");
  const forward = options.forward ?? buildForwardPairs(graph, options.sources);
  if (forward.edgeTo !== graph.edgeTo) throw new AmmMathError("forward pairs of another graph");
  const found: number[][] = [];
  for (const p of forward.parallelPairs) addPairCycles(graph, forward, p, found);
  if (maxHops === 3) addTriangles(graph, forward, found);
  return sortedCycles(
    graph,
    found.map((cycle) => rotateToStart(graph, cycle, forward.isSource)),
  );
}

/**
 * Adds the profitable cycles round every triangle of tokens through a source. From each source s, its
 * forward neighbours are marked; then every forward step b → c from one of them closes a triangle
 * when c is marked too: one array read per step.
 */
function addTriangles(graph: TokenGraph, forward: ForwardPairs, found: number[][]): void {
  const { sourceOrder, pairStart, pairTo } = forward;
  const markedBy = new Int32Array(graph.tokens.length); // s + 1 while t is a forward neighbour of s
  const pairAt = new Int32Array(graph.tokens.length); // then the pair s–t
  for (let i = 0; i < sourceOrder.length; i++) {
    const s = sourceOrder[i]!;
    const end = pairStart[s + 1]!;
    for (let p = pairStart[s]!; p < end; p++) {
      markedBy[pairTo[p]!] = s + 1;
      pairAt[pairTo[p]!] = p;
    }
    for (let p = pairStart[s]!; p < end; p++) {
      const b = pairTo[p]!;
      for (let q = pairStart[b]!; q < pairStart[b + 1]!; q++) {
        const c = pairTo[q]!;
        if (markedBy[c] === s + 1) addTriangleCycles(graph, forward, p, q, pairAt[c]!, found);
      }
    }
  }
}

/** Adds the profitable 2-hop cycles of pair p: out through one of its pools, back through another. */
function addPairCycles(graph: TokenGraph, forward: ForwardPairs, p: number, found: number[][]): void {
  const { pairEdges, poolStart } = forward;
  const weight = graph.edgeWeight;
  for (let i = poolStart[p]!; i < poolStart[p + 1]!; i++) {
    for (let j = poolStart[p]!; j < poolStart[p + 1]!; j++) {
      const [out, back] = [pairEdges[i]!, pairEdges[j]! ^ 1]; // e ^ 1: the same pool the other way
      if (i !== j && weight[out]! + weight[back]! < CANDIDATE_SLACK && isProfitable(graph, [out, back]))
        found.push([out, back]);
    }
  }
}

/**
 * Adds the profitable 3-hop cycles round the triangle of pairs sb (s → b), bc (b → c) and sc (s → c),
 * both ways and through every choice of parallel pools.
 */
function addTriangleCycles(
  graph: TokenGraph,
  { pairEdges, poolStart }: ForwardPairs,
  sb: number,
  bc: number,
  sc: number,
  found: number[][],
): void {
  const weight = graph.edgeWeight;
  for (let i = poolStart[sb]!; i < poolStart[sb + 1]!; i++) {
    const sToB = pairEdges[i]!;
    for (let j = poolStart[bc]!; j < poolStart[bc + 1]!; j++) {
      const bToC = pairEdges[j]!;
      for (let k = poolStart[sc]!; k < poolStart[sc + 1]!; k++) {
        const sToC = pairEdges[k]!;
        if (weight[sToB]! + weight[bToC]! + weight[sToC ^ 1]! < CANDIDATE_SLACK) {
          const cycle = [sToB, bToC, sToC ^ 1];
          if (isProfitable(graph, cycle)) found.push(cycle);
        }
        if (weight[sToC]! + weight[bToC ^ 1]! + weight[sToB ^ 1]! < CANDIDATE_SLACK) {
          const cycle = [sToC, bToC ^ 1, sToB ^ 1];
          if (isProfitable(graph, cycle)) found.push(cycle);
        }
      }
    }
  }
}
