/**
 * The arbitrage scan benchmark: on a random pool graph, every profitable cycle of ≤ 3 hops found by
 * enumeration (the baseline), by listing pairs and triangles (findShortCycles, what the bots run), and
 * by Bellman-Ford. The three run in turns on one built graph, each run starting with another, so a
 * busy machine slows them alike. What each timing holds:
 * - the token graph (tokens, edges, weights, adjacency lists) is built once and shared by all three;
 *   its build is timed on its own;
 * - the listing's forward pairs (buildForwardPairs: tokens ranked, each token's pools to later tokens)
 *   depend only on which pools link which tokens, so they are built once, as a bot does when it loads
 *   the pools, and reused by every scan; their build is timed on its own too;
 * - each search's time is the search alone, sorting and bigint confirmation of its cycles included;
 *   a young-generation collection runs before each (untimed), so none pays for another's garbage.
 */
import { performance } from "node:perf_hooks";
import { collectGarbage } from "../../server/chain/nodeMemory";
import { buildForwardPairs } from "../../server/math/forwardPairs";
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
  /** Building the listing's forward pairs, once per pool set. */
  forwardPairsMs: number[];
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
  const buildMs = timedRuns(runs, () => buildTokenGraph(input));
  const graph = buildTokenGraph(input);
  const forwardPairsMs = timedRuns(runs, () => buildForwardPairs(graph));
  const forward = buildForwardPairs(graph);
  const searches = {
    enumeration: () => enumerateCycles(graph, 3),
    listing: () => findShortCycles(graph, { maxHops: 3, forward }),
    bellmanFord: () => findNegativeCycles(graph, { maxHops: 3 }),
  };
  const names = Object.keys(searches) as (keyof typeof searches)[];
  const times = { enumeration: [] as number[], listing: [] as number[], bellmanFord: [] as number[] };
  for (let i = 0; i < WARM_UP_RUNS + runs; i++) {
    // Each run starts with another search, so none always runs first (after the garbage of the last).
    for (let k = 0; k < names.length; k++) {
      const name = names[(i + k) % names.length]!;
      // Each search starts on a clean heap: enumeration's garbage would otherwise be collected in the next one's time.
      collectGarbage("minor");
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
    forwardPairsMs,
    enumerationMs: times.enumeration,
    listingMs: times.listing,
    bellmanFordMs: times.bellmanFord,
    profitable: enumerated.length,
    listed: listed.length,
    bellmanFord: searches.bellmanFord().length,
    listingMatches: sameCycles(listed, enumerated),
  };
}

/** Times `runs` runs of `build` after warming the JIT up. */
function timedRuns(runs: number, build: () => unknown): number[] {
  const ms: number[] = [];
  for (let i = 0; i < WARM_UP_RUNS + runs; i++) {
    const [, elapsed] = timed(build);
    if (i >= WARM_UP_RUNS) ms.push(elapsed);
  }
  return ms;
}

function timed<T>(run: () => T): [T, number] {
  const start = performance.now();
  const value = run();
  return [value, performance.now() - start];
}

function sameCycles(a: readonly Cycle[], b: readonly Cycle[]): boolean {
  return a.length === b.length && a.every((cycle, i) => cycleKey(cycle) === cycleKey(b[i]!));
}
