import { describe, expect, it } from "vitest";
import { createRandom, hashSeed, randomPools } from "../../server/math/random";

describe("createRandom", () => {
  it("repeats a sequence for a seed and differs between seeds", () => {
    const draw = (seed: string) => Array.from({ length: 5 }, createRandom(seed).nextUint32);
    expect(draw("a")).toEqual(draw("a"));
    expect(draw("a")).not.toEqual(draw("b"));
    expect(hashSeed("a")).not.toBe(hashSeed("b"));
  });

  it("stays within bounds and reaches both ends", () => {
    const random = createRandom("bounds");
    const dice = Array.from({ length: 600 }, () => random.int(1, 6));
    expect(new Set(dice)).toEqual(new Set([1, 2, 3, 4, 5, 6]));
    for (let i = 0; i < 200; i++) {
      const x = random.bigint(-5n, 10n ** 30n);
      expect(x >= -5n && x <= 10n ** 30n).toBe(true);
    }
  });
});

describe("randomPools", () => {
  it("is deterministic and well formed", () => {
    const pools = randomPools("pools", 20, 50);
    expect(randomPools("pools", 20, 50)).toEqual(pools);
    expect(randomPools("other", 20, 50)).not.toEqual(pools);
    expect(new Set(pools.map((p) => p.id)).size).toBe(50);
    for (const pool of pools) {
      expect(pool.token0 < pool.token1).toBe(true);
      expect(pool.reserve0 > 0n && pool.reserve1 > 0n).toBe(true);
    }
  });

  it("quotes one price per token up to the noise", () => {
    // Without noise, pool prices of a token pair agree up to the rounding of the reserves.
    const pools = randomPools("consistent", 4, 40, { priceNoisePpm: 0 });
    const priceOf = new Map<string, number>();
    for (const pool of pools) {
      const pair = `${pool.token0}/${pool.token1}`;
      const price = Number(pool.reserve1) / Number(pool.reserve0);
      const known = priceOf.get(pair) ?? price;
      expect(Math.abs(price / known - 1)).toBeLessThan(1e-12);
      priceOf.set(pair, known);
    }
  });
});
