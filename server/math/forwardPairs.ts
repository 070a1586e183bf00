/**
 * The forward adjacency that server/math/shortCycles.ts lists pairs and triangles from: tokens ranked,
 * and each token's pools towards tokens ranked after it, grouped by token pair (parallel pools, as two
 * DEXes listing the same tokens, are one pair).
 *
 * The rank orients every pair of tokens once, from its lower-ranked token, so a triangle is met once,
 * from its lowest-ranked token. Sources come first (a cycle through a source is then met from a source);
 * within sources, and within the other tokens, tokens with fewer pools come first (ties by number). That
 * is the degree order of the compact-forward triangle listing (Chiba–Nishizeki 1985, Latapie 2008): a
 * busy token comes late, so it has few pairs forward (at most about √(2·pairs)), and the scan's steps
 * s → b → c stay few whatever the tokens are called. On the benchmark's uniform random graphs it changes
 * little (32,349 steps instead of 33,382 in name order on 2,000 tokens / 10,000 pools); where a few hubs
 * hold half the pools and sort mid-alphabet, as USDC and WETH would among many tokens, it takes
 * 24,301 steps where name order takes 588,753.
 *
 * It reads no reserves or weights, only which pools link which tokens (the graph's edge layout) and the
 * sources: a bot can build it once when it loads the pools and reuse it for every scan while the edge
 * layout stays the same. The benchmark builds it once per pool set and times that apart.
 */

import type { TokenGraph } from "./tokenGraph";

/** Tokens ranked and each token's forward pairs; see the file's comment. */
export interface ForwardPairs {
  /** The `edgeTo` array of the graph this was built from: a scan checks it is given the same layout. */
  readonly edgeTo: Int32Array;
  /** 1 for each source token, 0 for the others. */
  readonly isSource: Uint8Array;
  /** Source tokens in rank order (the tokens a scan starts from). */
  readonly sourceOrder: Int32Array;
  /** Pairs of token t (to tokens ranked after it): `pairStart[t] .. pairStart[t + 1])`. */
  readonly pairStart: Int32Array;
  /** The token at the other end of pair p. */
  readonly pairTo: Int32Array;
  /** The edges of pair p, each from its lower-ranked token: `pairEdges[poolStart[p] .. poolStart[p + 1])`. */
  readonly poolStart: Int32Array;
  readonly pairEdges: Int32Array;
  /** The pairs of two or more pools from a source: the only ones a 2-hop cycle can go round. */
  readonly parallelPairs: Int32Array;
}

/**
 * Builds the forward pairs of a graph for cycles through `sources` (token names; every token when
 * omitted, and names without pools are ignored). O(tokens + edges).
 *
 * @example
 * const forward = buildForwardPairs(graph, ["WETH"]);
 * findShortCycles(graph, { maxHops: 3, forward }); // as often as the reserves move
 */
export function buildForwardPairs(graph: TokenGraph, sources?: readonly string[]): ForwardPairs {
  const isSource = sourceFlags(graph, sources);
  const order = rankOrder(graph, isSource);
  const rank = new Int32Array(order.length);
  for (let r = 0; r < order.length; r++) rank[order[r]!] = r;
  let sourceCount = 0;
  while (sourceCount < order.length && isSource[order[sourceCount]!] === 1) sourceCount++;
  const sourceOrder = order.subarray(0, sourceCount);
  const pairs = groupForwardEdges(graph, rank);
  const { pairStart, poolStart } = pairs;
  const parallelPairs: number[] = [];
  for (const s of sourceOrder)
    for (let p = pairStart[s]!; p < pairStart[s + 1]!; p++)
      if (poolStart[p + 1]! - poolStart[p]! > 1) parallelPairs.push(p);
  return {
    edgeTo: graph.edgeTo,
    isSource,
    sourceOrder,
    ...pairs,
    parallelPairs: Int32Array.from(parallelPairs),
  };
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

/** Tokens in rank order: sources first, then by number of edges, then by number (a stable counting sort). */
function rankOrder({ outStart }: TokenGraph, isSource: Uint8Array): Int32Array {
  const n = isSource.length;
  let maxDegree = 0;
  for (let t = 0; t < n; t++) maxDegree = Math.max(maxDegree, outStart[t + 1]! - outStart[t]!);
  const keyOf = (t: number) => outStart[t + 1]! - outStart[t]! + (isSource[t] === 1 ? 0 : maxDegree + 1);
  const start = new Int32Array(2 * (maxDegree + 1) + 1);
  for (let t = 0; t < n; t++) start[keyOf(t) + 1]!++;
  for (let k = 1; k < start.length; k++) start[k]! += start[k - 1]!;
  const order = new Int32Array(n);
  for (let t = 0; t < n; t++) order[start[keyOf(t)]!++] = t;
  return order;
}

/**
 * Each token's edges to tokens ranked after it, sorted by the token they reach (an insertion sort: a
 * token has a handful), so parallel pools sit side by side and each run of them is one pair.
 */
function groupForwardEdges(
  { outStart, outEdges, edgeTo }: TokenGraph,
  rank: Int32Array,
): Pick<ForwardPairs, "pairStart" | "pairTo" | "poolStart" | "pairEdges"> {
  const n = rank.length;
  const half = edgeTo.length / 2; // of a pool's two directions, one goes forward
  const pairEdges = new Int32Array(half);
  const reaches = new Int32Array(half); // the token pairEdges[k] goes to
  const pairStart = new Int32Array(n + 1);
  const pairTo = new Int32Array(half);
  const poolStart = new Int32Array(half + 1);
  let edges = 0;
  let pairs = 0;
  for (let u = 0; u < n; u++) {
    const first = edges;
    for (let i = outStart[u]!; i < outStart[u + 1]!; i++) {
      const e = outEdges[i]!;
      const v = edgeTo[e]!;
      if (rank[v]! < rank[u]!) continue;
      let k = edges++;
      for (; k > first && reaches[k - 1]! > v; k--) {
        pairEdges[k] = pairEdges[k - 1]!;
        reaches[k] = reaches[k - 1]!;
      }
      pairEdges[k] = e;
      reaches[k] = v;
    }
    pairStart[u] = pairs;
    for (let k = first; k < edges; k++) {
      if (k > first && reaches[k] === reaches[k - 1]) continue; // another pool of the same pair
      pairTo[pairs] = reaches[k]!;
      poolStart[pairs++] = k;
    }
  }
  pairStart[n] = pairs;
  poolStart[pairs] = edges;
  return {
    pairStart,
    pairTo: pairTo.subarray(0, pairs),
    poolStart: poolStart.subarray(0, pairs + 1),
    pairEdges,
  };
}
