/**
 * Every profitable arbitrage cycle of two or three hops, found by listing token pairs and triangles
 * instead of walking every path.
 *
 * Why not Bellman-Ford for short cycles: it keeps, per token and round, the one lightest walk, so it
 * reports the best cycle per start, length and closing hop; a profitable cycle beaten on all of these
 * by another through the same tokens is lost (on the benchmark's 1,000 pools it reports 144 of the 147
 * profitable cycles, on a dense graph 19,862 of 128,564). And it relaxes every edge from every start.
 *
 * A cycle of ≤ 3 hops goes round a token pair (two pools between the same two tokens) or a token
 * triangle, so those can be listed directly, with three ideas:
 *
 * 1. Each pair and triangle once. Tokens are ranked, sources first (by number, tokens being sorted by
 *    name), then the others. From each source s the search only steps forward, to tokens ranked after
 *    the one it stands on: pairs s–b, and triangles s–b–c with s, b, c in rank order. A cycle is so
 *    found from its first source, and then gone round both ways (s → b → c → s and s → c → b → s).
 * 2. The closing edge in one read. s's neighbours are marked first; then for each edge b → c, one
 *    array read says whether c → s closes the triangle. Enumeration instead walks every path
 *    s → b → c and scans all of c's edges for one back to s: ~850,000 edge reads on the benchmark's
 *    2,000 tokens / 10,000 pools, where this search reads ~54,000.
 * 3. Pairs, not pools. Parallel pools between two tokens (two DEXes listing them) are weighed together
 *    by their lightest edge, the best rate. A token cycle whose lightest weights sum to zero or more
 *    cannot pay through any choice of pools, so only the others are expanded into pools.
 *
 * That last bound is the only pruning by profitability that pays here. A weight carries the two tokens'
 * prices (−ln of a price ratio: ±14 on the benchmark's $0.01–$10,000 tokens), so best-rate bounds on
 * the rest of a path are far too loose to cut anything; and with ±2% price noise against 0.3% fees, over
 * a third of the token triangles pay anyway. The speed comes from reading each triangle once.
 *
 * Floats (the weights) only pick candidates; every cycle reported is confirmed exactly in bigint
 * (`∏ (10000 − fee)·reserveOut > ∏ 10000·reserveIn`), as enumeration and Bellman-Ford confirm theirs.
 */

import { AmmMathError } from "./amm";
import { CANDIDATE_SLACK, isProfitable, sortedCycles } from "./cycles";
import type { Cycle, TokenGraph } from "./tokenGraph";

/** Options of {@link findShortCycles}. */
export interface FindShortCyclesOptions {
  /** Longest cycle looked for: 2 (pairs of pools) or 3 (triangles too). */
  maxHops: number;
  /** Tokens a cycle must pass through (the tokens the trader holds); every token when omitted. Tokens without pools are ignored. */
  sources?: readonly string[];
}

/**
 * Lists every profitable cycle of at most `maxHops` (2 or 3) hops through one of `sources`: the same
 * cycles as {@link enumerateCycles} (restricted to the sources), each starting at its first source, in
 * the same order (most profitable at the margin first).
 *
 * @example
 * const cycles = findShortCycles(buildTokenGraph(pools), { maxHops: 3, sources: ["WETH"] });
 * cycles.length; // every profitable pair and triangle through WETH, each confirmed in bigint
 */
export function findShortCycles(graph: TokenGraph, options: FindShortCyclesOptions): Cycle[] {
  const { maxHops } = options;
  if (maxHops !== 2 && maxHops !== 3) throw new AmmMathError("findShortCycles looks for 2 or 3 hops");
  const { edgeTo, edgeWeight } = graph;
  const isSource = sourceFlags(graph, options.sources);
  const forward = forwardEdges(graph, isSource);
  const pairs = new NeighbourPairs(graph.tokens.length, edgeTo.length);
  const slack = CANDIDATE_SLACK; // a local: read in the innermost loop
  const found: number[][] = [];
  for (let s = 0; s < isSource.length; s++) {
    if (isSource[s] === 0) continue;
    pairs.group(graph, forward, s);
    for (let i = forward.start[s]!; i < forward.start[s + 1]!; i++) {
      const b = edgeTo[forward.edges[i]!]!;
      if (pairs.first[b] !== forward.edges[i]) continue; // each neighbour once
      if (pairs.bestOut[b]! + pairs.bestBack[b]! < slack) pairs.expand(graph, b, -1, b, found);
      if (maxHops < 3) continue;
      for (let j = forward.start[b]!; j < forward.start[b + 1]!; j++) {
        const middle = forward.edges[j]!;
        const c = edgeTo[middle]!;
        if (!pairs.isNeighbour(c)) continue;
        // s, b, c are a triangle, in rank order: it can be gone round both ways.
        if (pairs.bestOut[b]! + edgeWeight[middle]! + pairs.bestBack[c]! < slack)
          pairs.expand(graph, b, middle, c, found);
        if (pairs.bestOut[c]! + edgeWeight[middle ^ 1]! + pairs.bestBack[b]! < slack)
          pairs.expand(graph, c, middle ^ 1, b, found);
      }
    }
  }
  return sortedCycles(graph, found);
}

/** 1 for each source token, 0 for the others; every token is a source when `sources` is undefined. */
function sourceFlags(graph: TokenGraph, sources: readonly string[] | undefined): Uint8Array {
  const isSource = new Uint8Array(graph.tokens.length).fill(sources === undefined ? 1 : 0);
  for (const token of sources ?? []) {
    const t = graph.tokenIndex.get(token);
    if (t !== undefined) isSource[t] = 1;
  }
  return isSource;
}

/**
 * Each token's edges towards tokens ranked after it: the sources first (by number), then the other
 * tokens (by number). A cycle is listed from its first-ranked token, its first source, and walks only
 * forward, so each pair and each triangle of tokens is met once. `edges[start[t] .. start[t + 1])`.
 */
function forwardEdges(graph: TokenGraph, isSource: Uint8Array): { start: Int32Array; edges: Int32Array } {
  const { outStart, outEdges, edgeTo } = graph;
  const n = graph.tokens.length;
  const rank = new Int32Array(n);
  let next = 0;
  for (let t = 0; t < n; t++) if (isSource[t] === 1) rank[t] = next++;
  for (let t = 0; t < n; t++) if (isSource[t] === 0) rank[t] = next++;
  const start = new Int32Array(n + 1);
  const edges = new Int32Array(edgeTo.length / 2); // of a pool's two directions, one goes forward
  let count = 0;
  for (let u = 0; u < n; u++) {
    start[u] = count;
    for (let i = outStart[u]!; i < outStart[u + 1]!; i++)
      if (rank[edgeTo[outEdges[i]!]!]! > rank[u]!) edges[count++] = outEdges[i]!;
  }
  start[n] = count;
  return { start, edges };
}

/**
 * The forward edges of one start token s grouped by the token at their other end (the parallel pools
 * of a pair), with the lightest weight out of s and back into s for each neighbour. Reused for every
 * s: `stamp` tells which entries belong to the current one.
 */
class NeighbourPairs {
  /** The first edge s → t, and the next edge to the same t after edge e (−1: none). */
  readonly first: Int32Array;
  readonly next: Int32Array;
  readonly bestOut: Float64Array;
  readonly bestBack: Float64Array;
  private readonly stampOf: Int32Array;
  private stamp = 0;

  constructor(tokens: number, edges: number) {
    this.first = new Int32Array(tokens);
    this.next = new Int32Array(edges);
    this.bestOut = new Float64Array(tokens);
    this.bestBack = new Float64Array(tokens);
    this.stampOf = new Int32Array(tokens);
  }

  /** Groups the forward edges of s; edge e ^ 1 is the same pool the other way, t → s (buildTokenGraph's layout). */
  group(
    { edgeTo, edgeWeight }: TokenGraph,
    forward: { start: Int32Array; edges: Int32Array },
    s: number,
  ): void {
    this.stamp++;
    for (let i = forward.start[s + 1]! - 1; i >= forward.start[s]!; i--) {
      const e = forward.edges[i]!;
      const t = edgeTo[e]!;
      if (this.stampOf[t] !== this.stamp) {
        this.stampOf[t] = this.stamp;
        this.next[e] = -1;
        this.bestOut[t] = edgeWeight[e]!;
        this.bestBack[t] = edgeWeight[e ^ 1]!;
      } else {
        this.next[e] = this.first[t]!;
        this.bestOut[t] = Math.min(this.bestOut[t]!, edgeWeight[e]!);
        this.bestBack[t] = Math.min(this.bestBack[t]!, edgeWeight[e ^ 1]!);
      }
      this.first[t] = e;
    }
  }

  isNeighbour(t: number): boolean {
    return this.stampOf[t] === this.stamp;
  }

  /**
   * The cycle s → b, `middle` (an edge b → c; −1 for a pair, where c is b), c → s, with every choice of
   * parallel pools whose weights sum below the slack, each confirmed exactly, added to `found`.
   */
  expand(graph: TokenGraph, b: number, middle: number, c: number, found: number[][]): void {
    const weightOf = graph.edgeWeight;
    const slack = CANDIDATE_SLACK;
    for (let out = this.first[b]!; out >= 0; out = this.next[out]!) {
      for (let back = this.first[c]!; back >= 0; back = this.next[back]!) {
        if (middle < 0 && back === out) continue; // one pool there and back only pays its fee twice
        const weight = weightOf[out]! + (middle < 0 ? 0 : weightOf[middle]!) + weightOf[back ^ 1]!;
        if (weight >= slack) continue;
        const cycle = middle < 0 ? [out, back ^ 1] : [out, middle, back ^ 1];
        if (isProfitable(graph, cycle)) found.push(cycle);
      }
    }
  }
}
