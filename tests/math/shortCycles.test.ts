import { describe, expect, it } from "vitest";
import { BPS } from "../../server/math/amm";
import { buildForwardPairs } from "../../server/math/forwardPairs";
import {
  buildTokenGraph,
  type Cycle,
  cycleKey,
  cycleToHops,
  enumerateCycles,
  findNegativeCycles,
  type Pool,
  type TokenGraph,
} from "../../server/math/graph";
import { createRandom, randomPools } from "../../server/math/random";
import { findShortCycles } from "../../server/math/shortCycles";

function isExactlyProfitable(cycle: Cycle): boolean {
  const hops = cycleToHops(cycle);
  const gain = hops.reduce((p, hop) => p * (BPS - hop.feeBps) * hop.reserveOut, 1n);
  const cost = hops.reduce((p, hop) => p * BPS * hop.reserveIn, 1n);
  return gain > cost;
}

/** Every simple cycle of 2 or 3 edges tried exactly, no floats: the keys of the profitable ones. */
function bruteForceKeys(graph: TokenGraph): Set<string> {
  const keys = new Set<string>();
  const hop = (e: number) => ({
    pool: graph.edges[e]!.pool,
    tokenIn: graph.edges[e]!.from,
    tokenOut: graph.edges[e]!.to,
  });
  const m = graph.edges.length;
  for (let a = 0; a < m; a++)
    for (let b = 0; b < m; b++) {
      const [ea, eb] = [graph.edges[a]!, graph.edges[b]!];
      if (ea.to !== eb.from || ea.pool === eb.pool) continue;
      if (eb.to === ea.from && isExactlyProfitable([hop(a), hop(b)])) keys.add(cycleKey([hop(a), hop(b)]));
      for (let c = 0; c < m; c++) {
        const ec = graph.edges[c]!;
        if (ec.from !== eb.to || ec.to !== ea.from || eb.to === ea.from) continue;
        const cycle = [hop(a), hop(b), hop(c)];
        if (isExactlyProfitable(cycle)) keys.add(cycleKey(cycle));
      }
    }
  return keys;
}

/** Random graphs of several sizes: few tokens and many parallel pools, up to the benchmark's 1,000 pools. */
function randomGraphs(): { name: string; graph: TokenGraph }[] {
  const graphs: { name: string; graph: TokenGraph }[] = [];
  for (let seed = 0; seed < 60; seed++) {
    const random = createRandom(`short-cycles-${seed}`);
    const pools = randomPools(`short-${seed}`, random.int(3, 9), random.int(4, 24), {
      priceNoisePpm: 30_000,
      feeBps: [5n, 25n, 30n],
    });
    graphs.push({ name: `small ${seed}`, graph: buildTokenGraph(pools) });
  }
  for (const [tokens, pools] of [
    [30, 120],
    [50, 400],
    [200, 1_000],
  ] as const)
    for (const seed of ["a", "b"])
      graphs.push({
        name: `${tokens}/${pools} ${seed}`,
        graph: buildTokenGraph(randomPools(seed, tokens, pools)),
      });
  return graphs;
}

describe("findShortCycles", () => {
  const graphs = randomGraphs();

  it("finds every profitable cycle enumeration finds, in the same order, on graphs of several sizes", () => {
    let cycles = 0;
    let bellmanFordMissed = 0;
    for (const { name, graph } of graphs) {
      for (const maxHops of [2, 3]) {
        const enumerated = enumerateCycles(graph, maxHops).map(cycleKey);
        const listed = findShortCycles(graph, { maxHops }).map(cycleKey);
        expect(listed, `${name}, ${maxHops} hops`).toEqual(enumerated);
        cycles += listed.length;
      }
      bellmanFordMissed +=
        enumerateCycles(graph, 3).length - findNegativeCycles(graph, { maxHops: 3 }).length;
    }
    expect(cycles).toBeGreaterThan(500); // the graphs really have cycles to find
    expect(bellmanFordMissed).toBeGreaterThan(0); // and ones Bellman-Ford does not report
  });

  it("reports only well-formed cycles confirmed exactly, and enumeration misses none a float-free search finds", () => {
    for (const { name, graph } of graphs.filter((g) => g.name.startsWith("small"))) {
      const listed = findShortCycles(graph, { maxHops: 3 });
      for (const cycle of listed) {
        expect(isExactlyProfitable(cycle)).toBe(true);
        for (const [i, hop] of cycle.entries())
          expect(cycle[(i + 1) % cycle.length]!.tokenIn).toBe(hop.tokenOut);
        expect(new Set(cycle.map((hop) => hop.tokenIn)).size).toBe(cycle.length);
      }
      expect(new Set(listed.map(cycleKey)), name).toEqual(bruteForceKeys(graph));
    }
  });

  it("with sources, lists the cycles through them, each starting at its first source", () => {
    for (const { name, graph } of graphs) {
      const sources = [graph.tokens[graph.tokens.length - 1]!, graph.tokens[1]!, "not a token"];
      const through = (cycle: Cycle) => cycle.some((hop) => sources.includes(hop.tokenIn));
      const expected = enumerateCycles(graph, 3).filter(through).map(cycleKey);
      const listed = findShortCycles(graph, { maxHops: 3, sources });
      expect(listed.map(cycleKey), name).toEqual(expected);
      for (const cycle of listed) {
        const onIt = cycle.map((hop) => hop.tokenIn).filter((token) => sources.includes(token));
        expect(cycle[0]!.tokenIn).toBe(onIt.sort()[0]);
      }
    }
  });

  it("finds nothing where no cycle pays, even when floats see ±1e-16", () => {
    expect(
      findShortCycles(buildTokenGraph(randomPools("flat", 8, 30, { priceNoisePpm: 0 })), { maxHops: 3 }),
    ).toEqual([]);
    // No fee and exact price ratios: every cycle multiplies by exactly 1, which does not pay.
    const prices = [3n, 7n, 11n, 13n];
    const scale = 3n * 7n * 11n * 13n * 10n ** 18n;
    const pools: Pool[] = [];
    for (let i = 0; i < 4; i++)
      for (let j = i + 1; j < 4; j++)
        for (const depth of [1n, 5n])
          pools.push({
            id: `P${i}${j}-${depth}`,
            token0: `T${i}`,
            token1: `T${j}`,
            reserve0: (depth * scale) / prices[i]!,
            reserve1: (depth * scale) / prices[j]!,
            feeBps: 0n,
          });
    expect(findShortCycles(buildTokenGraph(pools), { maxHops: 3 })).toEqual([]);
  });

  it("gives the same list with forward pairs built once and reused, and refuses another graph's", () => {
    for (const { name, graph } of graphs) {
      const sources = [graph.tokens[2]!, graph.tokens[0]!];
      const forward = buildForwardPairs(graph);
      const fromSources = buildForwardPairs(graph, sources);
      for (let scan = 0; scan < 2; scan++) {
        expect(findShortCycles(graph, { maxHops: 3, forward }), name).toEqual(
          findShortCycles(graph, { maxHops: 3 }),
        );
        expect(findShortCycles(graph, { maxHops: 3, forward: fromSources }), name).toEqual(
          findShortCycles(graph, { maxHops: 3, sources }),
        );
      }
    }
    const forward = buildForwardPairs(graphs[0]!.graph);
    expect(() => findShortCycles(graphs[1]!.graph, { maxHops: 3, forward })).toThrow(/another graph/);
  });

  it("finds every cycle whatever the tokens are called, busy ones included", () => {
    // A few hubs that sort mid-alphabet hold half the pools, as USDC and WETH would among many tokens.
    const pools = randomPools("hubs", 40, 300, { priceNoisePpm: 30_000 }).map((pool, i) => {
      if (i % 2 === 0) return pool;
      const hub = `T02${i % 3}`;
      const other = pool.token0 === hub ? pool.token1 : pool.token0;
      return { ...pool, token0: other < hub ? other : hub, token1: other < hub ? hub : other };
    });
    const graph = buildTokenGraph(pools);
    expect(findShortCycles(graph, { maxHops: 3 }).length).toBeGreaterThan(20);
    expect(new Set(findShortCycles(graph, { maxHops: 3 }).map(cycleKey))).toEqual(bruteForceKeys(graph));
    expect(findShortCycles(graph, { maxHops: 3 }).map(cycleKey)).toEqual(
      enumerateCycles(graph, 3).map(cycleKey),
    );
  });

  it("gives the same list whatever the order of the pools, and refuses other cycle lengths", () => {
    const pools = randomPools("order", 12, 40, { priceNoisePpm: 30_000 });
    const reversed = buildTokenGraph([...pools].reverse());
    expect(findShortCycles(reversed, { maxHops: 3 })).toEqual(
      findShortCycles(buildTokenGraph(pools), { maxHops: 3 }),
    );
    expect(() => findShortCycles(reversed, { maxHops: 4 })).toThrow(/2 or 3 hops/);
  });
});
