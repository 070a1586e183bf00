import { describe, expect, it } from "vitest";
import { BPS, getAmountsOut } from "../../server/math/amm";
import { optimalCycleAmountIn, optimalTwoPoolArbitrage } from "../../server/math/arbitrage";
import {
  buildTokenGraph,
  type Cycle,
  cycleKey,
  cycleToHops,
  enumerateCycles,
  findBestArbitrage,
  findNegativeCycles,
  type Pool,
  rankArbitrages,
} from "../../server/math/graph";
import { createRandom, randomPools } from "../../server/math/random";

const E18 = 10n ** 18n;

/** Sum of −ln(rate·(1 − fee)) over the hops, computed here from the reserves. */
function cycleWeight(cycle: Cycle): number {
  return cycleToHops(cycle).reduce(
    (sum, hop) =>
      sum -
      Math.log((Number(hop.reserveOut) / Number(hop.reserveIn)) * (Number(BPS - hop.feeBps) / Number(BPS))),
    0,
  );
}

function isExactlyProfitable(cycle: Cycle): boolean {
  const hops = cycleToHops(cycle);
  const gain = hops.reduce((p, hop) => p * (BPS - hop.feeBps) * hop.reserveOut, 1n);
  const cost = hops.reduce((p, hop) => p * BPS * hop.reserveIn, 1n);
  return gain > cost;
}

/** A cycle is well formed: hops chain token to token, through their pools, back to the start, no token twice. */
function expectWellFormed(cycle: Cycle): void {
  cycle.forEach((hop, i) => {
    expect([hop.pool.token0, hop.pool.token1].sort()).toEqual([hop.tokenIn, hop.tokenOut].sort());
    expect(cycle[(i + 1) % cycle.length]!.tokenIn).toBe(hop.tokenOut);
  });
  expect(new Set(cycle.map((hop) => hop.tokenIn)).size).toBe(cycle.length);
}

/**
 * What Bellman-Ford must report, from the brute-force list: for each start token s (among `sources`),
 * cycle length and closing hop into s, the lightest profitable cycle of that kind.
 */
function bestPerSourceLengthAndClosingHop(
  profitable: readonly Cycle[],
  sources?: readonly string[],
): Set<string> {
  const best = new Map<string, { key: string; weight: number }>();
  for (const cycle of profitable) {
    const weight = cycleWeight(cycle);
    for (let start = 0; start < cycle.length; start++) {
      const source = cycle[start]!.tokenIn;
      if (sources && !sources.includes(source)) continue;
      const closing = cycle[(start + cycle.length - 1) % cycle.length]!;
      const group = `${source}|${closing.pool.id}:${closing.tokenIn}|${cycle.length}`;
      const current = best.get(group);
      if (!current || weight < current.weight) best.set(group, { key: cycleKey(cycle), weight });
    }
  }
  return new Set([...best.values()].map((entry) => entry.key));
}

describe("buildTokenGraph", () => {
  it("gives each pool two edges weighted −ln(rate·(1 − fee)), whatever the input order", () => {
    const pools = randomPools("graph-build", 6, 10);
    const graph = buildTokenGraph(pools);
    expect(graph.edges).toHaveLength(2 * pools.length);
    expect(graph.tokens).toEqual([...new Set(pools.flatMap((p) => [p.token0, p.token1]))].sort());
    for (const edge of graph.edges) {
      const [rIn, rOut] =
        edge.from === edge.pool.token0
          ? [edge.pool.reserve0, edge.pool.reserve1]
          : [edge.pool.reserve1, edge.pool.reserve0];
      const rate = (Number(rOut) / Number(rIn)) * (1 - Number(edge.pool.feeBps) / 10_000);
      expect(edge.weight).toBeCloseTo(-Math.log(rate), 12);
    }
    expect(buildTokenGraph([...pools].reverse())).toEqual(graph);
  });

  it("rejects duplicate pool ids and skips pools without liquidity", () => {
    const pool: Pool = { id: "P", token0: "A", token1: "B", reserve0: 1n, reserve1: 1n, feeBps: 30n };
    expect(() => buildTokenGraph([pool, pool])).toThrow(/duplicate/);
    expect(buildTokenGraph([{ ...pool, reserve0: 0n }]).edges).toHaveLength(0);
  });
});

describe("findNegativeCycles", () => {
  it("reports exactly the best cycle per start, length and closing hop that enumeration finds", () => {
    let graphsWithCycles = 0;
    let cyclesSeen = 0;
    for (let seed = 0; seed < 120; seed++) {
      const random = createRandom(`bf-vs-enumeration-${seed}`);
      const pools = randomPools(`bf-${seed}`, random.int(5, 8), random.int(8, 20), {
        priceNoisePpm: 30_000,
        feeBps: [5n, 30n],
      });
      const graph = buildTokenGraph(pools);
      const enumerated = enumerateCycles(graph, 3);
      const found = findNegativeCycles(graph, { maxHops: 3 });
      const enumeratedKeys = new Set(enumerated.map(cycleKey));
      for (const cycle of found) {
        expectWellFormed(cycle);
        expect(cycle.length).toBeLessThanOrEqual(3);
        expect(isExactlyProfitable(cycle)).toBe(true);
        expect(enumeratedKeys.has(cycleKey(cycle))).toBe(true);
      }
      expect(new Set(found.map(cycleKey))).toEqual(bestPerSourceLengthAndClosingHop(enumerated));
      // Hence: one exists iff Bellman-Ford finds one, and the best one is always found.
      expect(found.length > 0).toBe(enumerated.length > 0);
      if (enumerated.length > 0) {
        expect(cycleKey(found[0]!)).toBe(cycleKey(enumerated[0]!));
        graphsWithCycles++;
        cyclesSeen += enumerated.length;
      }
      // With start tokens, the same rule restricted to cycles through them, each starting there.
      const sources = graph.tokens.slice(0, 2);
      const fromSources = findNegativeCycles(graph, { maxHops: 3, sources });
      for (const cycle of fromSources) expect(sources).toContain(cycle[0]!.tokenIn);
      expect(new Set(fromSources.map(cycleKey))).toEqual(
        bestPerSourceLengthAndClosingHop(enumerated, sources),
      );
    }
    expect(graphsWithCycles).toBeGreaterThan(60); // the random graphs really exercise the search
    expect(cyclesSeen).toBeGreaterThan(3 * graphsWithCycles);
  });

  it("finds only well-formed profitable cycles with more hops, each also found by enumeration", () => {
    for (let seed = 0; seed < 20; seed++) {
      const graph = buildTokenGraph(randomPools(`bf-long-${seed}`, 8, 20, { priceNoisePpm: 30_000 }));
      const enumeratedKeys = new Set(enumerateCycles(graph, 5).map(cycleKey));
      const found = findNegativeCycles(graph, { maxHops: 5 });
      for (const cycle of found) {
        expectWellFormed(cycle);
        expect(enumeratedKeys.has(cycleKey(cycle))).toBe(true);
      }
      expect(found.length > 0).toBe(enumeratedKeys.size > 0);
    }
  });

  it("finds nothing when every pool quotes one price vector", () => {
    // Fees make a round trip lose: no cycle at all.
    const graph = buildTokenGraph(randomPools("no-arbitrage", 8, 20, { priceNoisePpm: 0 }));
    expect(enumerateCycles(graph, 4)).toEqual([]);
    expect(findNegativeCycles(graph, { maxHops: 4 })).toEqual([]);
    // No fee and exact price ratios: every cycle multiplies by exactly 1. Floats see ±1e-16 and
    // propose candidates; the exact bigint check turns them all down.
    const random = createRandom("exact-prices");
    const prices = Array.from({ length: 6 }, () => random.bigint(1n, 50n));
    const scale = prices.reduce((p, q) => p * q, 1n) * E18; // divisible by every price
    const pools: Pool[] = Array.from({ length: 15 }, (_, id) => {
      const i = id % 6;
      const j = (i + 1 + (id % 5)) % 6;
      const depth = random.bigint(1n, 1_000n);
      return {
        id: `P${id}`,
        token0: `T${i}`,
        token1: `T${j}`,
        reserve0: (depth * scale) / prices[i]!,
        reserve1: (depth * scale) / prices[j]!,
        feeBps: 0n,
      };
    });
    const exact = buildTokenGraph(pools);
    expect(enumerateCycles(exact, 3)).toEqual([]);
    expect(findNegativeCycles(exact, { maxHops: 3 })).toEqual([]);
  });

  it("gives the same cycles in the same order whatever the order of the pools", () => {
    const pools = randomPools("order", 8, 20, { priceNoisePpm: 30_000 });
    const random = createRandom("shuffle");
    const shuffled = [...pools];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = random.int(0, i);
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    const cycles = findNegativeCycles(buildTokenGraph(pools), { maxHops: 4 });
    expect(cycles.length).toBeGreaterThan(0);
    expect(findNegativeCycles(buildTokenGraph(shuffled), { maxHops: 4 })).toEqual(cycles);
  });
});

describe("cycleToHops", () => {
  it("orients each pool's reserves along the trade", () => {
    const pool: Pool = { id: "P", token0: "A", token1: "B", reserve0: 10n, reserve1: 20n, feeBps: 30n };
    const hops = cycleToHops([
      { pool, tokenIn: "A", tokenOut: "B" },
      { pool, tokenIn: "B", tokenOut: "A" },
    ]);
    expect(hops).toEqual([
      { reserveIn: 10n, reserveOut: 20n, feeBps: 30n },
      { reserveIn: 20n, reserveOut: 10n, feeBps: 30n },
    ]);
  });
});

describe("findBestArbitrage", () => {
  // WETH is 2,000 USDC on dexA and 2,100 on dexB; DAI/USDC is at par.
  const usdc = 10n ** 6n;
  const pools: Pool[] = [
    {
      id: "dexA-USDC-WETH",
      token0: "USDC",
      token1: "WETH",
      reserve0: 2_000_000n * usdc,
      reserve1: 1_000n * E18,
      feeBps: 30n,
    },
    {
      id: "dexB-USDC-WETH",
      token0: "USDC",
      token1: "WETH",
      reserve0: 2_100_000n * usdc,
      reserve1: 1_000n * E18,
      feeBps: 30n,
    },
    {
      id: "dexA-DAI-USDC",
      token0: "DAI",
      token1: "USDC",
      reserve0: 1_000_000n * E18,
      reserve1: 1_000_000n * usdc,
      feeBps: 5n,
    },
  ];

  it("sizes the two-DEX cycle like the closed form and nets out the gas", () => {
    const gas = 10n ** 15n;
    const best = findBestArbitrage(pools, { maxHops: 3, startTokens: ["WETH"], gasCostIn: () => gas });
    expect(best).toBeDefined();
    expect(best!.startToken).toBe("WETH");
    expect(best!.cycle.map((hop) => hop.pool.id)).toEqual(["dexB-USDC-WETH", "dexA-USDC-WETH"]);
    const [poolA, poolB] = cycleToHops(best!.cycle);
    const closedForm = optimalTwoPoolArbitrage({ poolA: poolA!, poolB: poolB! });
    expect(best!.profit - closedForm.profit).toBeLessThanOrEqual(1n);
    expect(closedForm.profit - best!.profit).toBeLessThanOrEqual(1n);
    expect(best!.amounts).toEqual(getAmountsOut(best!.amountIn, best!.hops));
    expect(best!.netProfit).toBe(best!.profit - gas);
  });

  it("returns nothing when gas eats the profit, and ranks it as unprofitable", () => {
    const gross = findBestArbitrage(pools, { maxHops: 3, startTokens: ["WETH"] })!.profit;
    const options = { maxHops: 3, startTokens: ["WETH"], gasCostIn: () => gross };
    expect(findBestArbitrage(pools, options)).toBeUndefined();
    expect(rankArbitrages(pools, options)[0]!.netProfit).toBe(0n);
  });

  it("caps the input at the trader's capital", () => {
    const capital = 10n ** 17n;
    const best = findBestArbitrage(pools, { maxHops: 3, startTokens: ["WETH"], maxAmountIn: () => capital });
    expect(best!.amountIn).toBeLessThanOrEqual(capital);
    expect(best!.profit).toBe(optimalCycleAmountIn(best!.hops, capital).profit);
  });

  it("ranks every sized cycle from a start token by net profit", () => {
    const random = randomPools("rank", 30, 120, { priceNoisePpm: 30_000 });
    const ranked = rankArbitrages(random, { maxHops: 3, startTokens: ["T000", "T001"] });
    expect(ranked.length).toBeGreaterThan(1);
    for (let i = 0; i < ranked.length; i++) {
      expect(["T000", "T001"]).toContain(ranked[i]!.startToken);
      expect(ranked[i]!.profit).toBeGreaterThan(0n);
      if (i > 0) expect(ranked[i - 1]!.netProfit >= ranked[i]!.netProfit).toBe(true);
    }
  });
});
