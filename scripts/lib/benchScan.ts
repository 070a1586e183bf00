/**
 * The arbitrage scan benchmark: on a random pool graph, every profitable cycle of ≤ 3 hops found by
 * enumeration (the baseline), by listing pairs and triangles (findShortCycles), and by Bellman-Ford
 * (what the bots run). The three run in turns on one built graph, each run starting with another, so
 * a busy machine slows them alike; building the graph, which they share, is timed on its own.
 */
import { performance } from "node:perf_hooks";
import {
  buildTokenGraph,
  type Cycle,
  cycleKey,
  enumerateCycles,
  findNegativeCycles,
} from "../../server/math/graph";
import { randomPools } from "../../server/math/random";
import { findShortCycles } from "../../server/math/shortCycles";

export interface ScanResult {
  tokens: number;
  pools: number;
  buildMs: number[];
  enumerationMs: number[];
  listingMs: number[];
  bellmanFordMs: number[];
  /** Profitable cycles enumeration finds; how many of them the listing and Bellman-Ford report. */
  profitable: number;
  listed: number;
  bellmanFord: number;
  /** The listing reports exactly enumeration's cycles, in the same order. */
  listingMatches: boolean;
}

const WARM_UP_RUNS = 3;

export function benchScan(tokens: number, pools: number, runs: number): ScanResult {
  const input = randomPools("bench", tokens, pools);
  const buildMs: number[] = [];
  for (let i = 0; i < WARM_UP_RUNS + runs; i++) {
    const [, ms] = timed(() => buildTokenGraph(input));
    if (i >= WARM_UP_RUNS) buildMs.push(ms); // the first runs warm the JIT up
  }
  const graph = buildTokenGraph(input);
  const searches = {
    enumeration: () => enumerateCycles(graph, 3),
    listing: () => findShortCycles(graph, { maxHops: 3 }),
    bellmanFord: () => findNegativeCycles(graph, { maxHops: 3 }),
  };
  const names = Object.keys(searches) as (keyof typeof searches)[];
  const times = { enumeration: [] as number[], listing: [] as number[], bellmanFord: [] as number[] };
  for (let i = 0; i < WARM_UP_RUNS + runs; i++) {
    // Each run starts with another search, so none always runs first (after the garbage of the last).
    for (let k = 0; k < names.length; k++) {
      const name = names[(i + k) % names.length]!;
      const [, ms] = timed(searches[name]);
      if (i >= WARM_UP_RUNS) times[name].push(ms);
    }
  }
  const enumerated = searches.enumeration();
  const listed = searches.listing();
  return {
    tokens,
    pools,
    buildMs,
    enumerationMs: times.enumeration,
    listingMs: times.listing,
    bellmanFordMs: times.bellmanFord,
    profitable: enumerated.length,
    listed: listed.length,
    bellmanFord: searches.bellmanFord().length,
    listingMatches: sameCycles(listed, enumerated),
  };
}

function timed<T>(run: () => T): [T, number] {
  const start = performance.now();
  const value = run();
  return [value, performance.now() - start];
}

function sameCycles(a: readonly Cycle[], b: readonly Cycle[]): boolean {
  return a.length === b.length && a.every((cycle, i) => cycleKey(cycle) === cycleKey(b[i]!));
}
