/**
 * The token graph the arbitrage search runs on: tokens are vertices, each pool gives two directed
 * edges, one per swap direction, weighted by `−ln(rate·(1 − fee))` with `rate = reserveOut / reserveIn`
 * (the marginal price, before any price impact). server/math/graph.ts searches it for cycles.
 */

import { AmmMathError, BPS } from "./amm";

// ─── Types ──────────────────────────────────────────────────────────────────────────────────────

/** A constant-product pool between two tokens (for example a pair contract, `id` being its address). */
export interface Pool {
  id: string;
  token0: string;
  token1: string;
  reserve0: bigint;
  reserve1: bigint;
  feeBps: bigint;
}

/** One swap direction through a pool, weighted by `−ln(reserveOut/reserveIn · (1 − fee))`. */
export interface Edge {
  from: string;
  to: string;
  pool: Pool;
  weight: number;
}

/** One hop of a cycle: which pool, and which way through it. */
export interface CycleHop {
  pool: Pool;
  tokenIn: string;
  tokenOut: string;
}

/** A closed path of hops: each hop's `tokenOut` is the next hop's `tokenIn`, the last returns to the first. */
export type Cycle = CycleHop[];

/**
 * Tokens and directed edges, laid out in typed arrays for fast scans.
 * Tokens are sorted, pools sorted by id, so the layout (and every result) does not depend on input order.
 */
export interface TokenGraph {
  /** Token names, sorted; a token's index in this list is its vertex number. */
  tokens: readonly string[];
  tokenIndex: ReadonlyMap<string, number>;
  /** Edges in order of pool id, token0 → token1 before token1 → token0. */
  edges: readonly Edge[];
  edgeFrom: Int32Array;
  edgeTo: Int32Array;
  edgeWeight: Float64Array;
  /** Edges leaving token t: `outEdges[outStart[t] .. outStart[t + 1])`; same layout for `in`. */
  outStart: Int32Array;
  outEdges: Int32Array;
  inStart: Int32Array;
  inEdges: Int32Array;
}

// ─── Graph ──────────────────────────────────────────────────────────────────────────────────────

/**
 * The weight of one swap direction: `w = −ln(reserveOut/reserveIn · (1 − fee))`. A cycle whose
 * weights sum below zero multiplies what it carries by `e^(−Σw) > 1` (before price impact).
 */
export function hopWeight(reserveIn: bigint, reserveOut: bigint, feeBps: bigint): number {
  return -(
    Math.log(Number(reserveOut)) -
    Math.log(Number(reserveIn)) +
    Math.log(Number(BPS - feeBps) / Number(BPS))
  );
}

/**
 * Builds the token graph of a set of pools. Pools without liquidity get no edges.
 *
 * @example
 * const graph = buildTokenGraph([
 *   { id: "P1", token0: "USDC", token1: "WETH", reserve0: 2_000_000n * 10n ** 6n, reserve1: 1_000n * 10n ** 18n, feeBps: 30n },
 * ]);
 * graph.edges.length; // 2: USDC → WETH and WETH → USDC
 */

export function buildTokenGraph(pools: readonly Pool[]): TokenGraph {
  const sortedPools = [...pools].sort((p, q) => compareStrings(p.id, q.id));
  for (let i = 1; i < sortedPools.length; i++)
    if (sortedPools[i]!.id === sortedPools[i - 1]!.id)
      throw new AmmMathError(`duplicate pool id ${sortedPools[i]!.id}`);
  const tokens = [...new Set(sortedPools.flatMap((p) => [p.token0, p.token1]))].sort(compareStrings);
  const tokenIndex = new Map(tokens.map((token, i) => [token, i]));
  const edges: Edge[] = [];
  for (const pool of sortedPools) {
    if (pool.token0 === pool.token1) throw new AmmMathError(`pool ${pool.id} pairs a token with itself`);
    if (pool.reserve0 <= 0n || pool.reserve1 <= 0n || pool.feeBps < 0n || pool.feeBps >= BPS) continue;
    edges.push({
      from: pool.token0,
      to: pool.token1,
      pool,
      weight: hopWeight(pool.reserve0, pool.reserve1, pool.feeBps),
    });
    edges.push({
      from: pool.token1,
      to: pool.token0,
      pool,
      weight: hopWeight(pool.reserve1, pool.reserve0, pool.feeBps),
    });
  }
  const edgeFrom = Int32Array.from(edges, (e) => tokenIndex.get(e.from)!);
  const edgeTo = Int32Array.from(edges, (e) => tokenIndex.get(e.to)!);
  const [outStart, outEdges] = adjacency(tokens.length, edgeFrom);
  const [inStart, inEdges] = adjacency(tokens.length, edgeTo);
  const edgeWeight = Float64Array.from(edges, (e) => e.weight);
  return { tokens, tokenIndex, edges, edgeFrom, edgeTo, edgeWeight, outStart, outEdges, inStart, inEdges };
}

/** Compressed adjacency lists: the edges grouped by the vertex `endpoint[e]`, in edge order. */
function adjacency(vertexCount: number, endpoint: Int32Array): [Int32Array, Int32Array] {
  const start = new Int32Array(vertexCount + 1);
  for (const v of endpoint) start[v + 1]!++;
  for (let v = 0; v < vertexCount; v++) start[v + 1]! += start[v]!;
  const fill = start.slice(0, vertexCount);
  const list = new Int32Array(endpoint.length);
  for (let e = 0; e < endpoint.length; e++) list[fill[endpoint[e]!]!++] = e;
  return [start, list];
}

/** Plain string order (not locale order): the same on every machine. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
