import { describe, expect, it } from "vitest";
import {
  bundleGasPrice,
  effectiveTip,
  orderByTip,
  type QueuedTx,
  rankBundles,
} from "../server/builder/ordering";

const GWEI = 10n ** 9n;
const BASE_FEE = 30n * GWEI;

/** A queued transaction paying `tip` gwei with room up to `cap` gwei (default: twice the base fee + tip). */
function tx(hash: string, from: string, nonce: number, tip: bigint, cap?: bigint): QueuedTx {
  return {
    hash,
    from,
    nonce,
    maxPriorityFeePerGas: tip * GWEI,
    maxFeePerGas: (cap ?? 60n + tip) * GWEI,
  };
}

const hashes = (txs: readonly QueuedTx[]) => txs.map((t) => t.hash);

describe("effectiveTip", () => {
  it("is the priority fee when the fee cap leaves room for it", () => {
    expect(effectiveTip(tx("a", "0xA", 0, 2n), BASE_FEE)).toBe(2n * GWEI);
  });

  it("is capped by what the fee cap leaves above the base fee", () => {
    expect(effectiveTip(tx("a", "0xA", 0, 10n, 33n), BASE_FEE)).toBe(3n * GWEI);
  });
});

describe("orderByTip", () => {
  it("puts the highest tip first across senders", () => {
    const order = orderByTip(
      [tx("low", "0xA", 0, 1n), tx("high", "0xB", 0, 5n), tx("mid", "0xC", 0, 3n)],
      BASE_FEE,
    );
    expect(hashes(order)).toEqual(["high", "mid", "low"]);
  });

  it("keeps each sender's transactions in nonce order, whatever their tips or arrival", () => {
    // 0xA sent nonce 1 (rich) before nonce 0 (poor): nonce 0 must still go first.
    const arrivals = [tx("a1", "0xA", 1, 9n), tx("a0", "0xA", 0, 1n), tx("b0", "0xB", 0, 4n)];
    expect(hashes(orderByTip(arrivals, BASE_FEE))).toEqual(["b0", "a0", "a1"]);
  });

  it("lets a low tip hold back the same sender's richer later transaction", () => {
    const arrivals = [tx("a0", "0xA", 0, 1n), tx("a1", "0xA", 1, 9n), tx("b0", "0xB", 0, 2n)];
    expect(hashes(orderByTip(arrivals, BASE_FEE))).toEqual(["b0", "a0", "a1"]);
  });

  it("breaks ties by arrival", () => {
    const arrivals = [tx("first", "0xA", 0, 2n), tx("second", "0xB", 0, 2n), tx("third", "0xC", 0, 2n)];
    expect(hashes(orderByTip(arrivals, BASE_FEE))).toEqual(["first", "second", "third"]);
    expect(hashes(orderByTip([arrivals[2]!, arrivals[0]!, arrivals[1]!], BASE_FEE))).toEqual([
      "third",
      "first",
      "second",
    ]);
  });

  it("ranks by the tip the fee cap allows, not the one asked for", () => {
    // "greedy" asks 10 gwei but its cap leaves 1 gwei above the base fee.
    const arrivals = [tx("greedy", "0xA", 0, 10n, 31n), tx("modest", "0xB", 0, 2n)];
    expect(hashes(orderByTip(arrivals, BASE_FEE))).toEqual(["modest", "greedy"]);
  });

  it("treats sender addresses case-insensitively", () => {
    const arrivals = [tx("a1", "0xabc", 1, 9n), tx("a0", "0xABC", 0, 1n)];
    expect(hashes(orderByTip(arrivals, BASE_FEE))).toEqual(["a0", "a1"]);
  });

  it("returns nothing for an empty pool", () => {
    expect(orderByTip([], BASE_FEE)).toEqual([]);
  });
});

describe("rankBundles", () => {
  // dense: 0.01 ETH over 21,000 gas (~476 gwei/gas); big: 0.015 ETH over 63,000 gas (~238 gwei/gas).
  const dense = { name: "dense", coinbaseDiff: 10n ** 16n, totalGasUsed: 21_000n, arrival: 1 };
  const big = { name: "big", coinbaseDiff: 15n * 10n ** 15n, totalGasUsed: 63_000n, arrival: 0 };

  it("bundleGasPrice is coinbaseDiff / totalGasUsed (0 for no gas)", () => {
    expect(bundleGasPrice(dense)).toBe(10n ** 16n / 21_000n);
    expect(bundleGasPrice({ coinbaseDiff: 5n, totalGasUsed: 0n })).toBe(0n);
  });

  it('"gas-price" puts the most paid per gas first', () => {
    expect(rankBundles([big, dense], "gas-price").map((b) => b.name)).toEqual(["dense", "big"]);
  });

  it('"profit" puts the most paid in total first', () => {
    expect(rankBundles([dense, big], "profit").map((b) => b.name)).toEqual(["big", "dense"]);
  });

  it("breaks ties by arrival under both rules", () => {
    const a = { name: "a", coinbaseDiff: 10n ** 16n, totalGasUsed: 21_000n, arrival: 5 };
    const b = { name: "b", coinbaseDiff: 10n ** 16n, totalGasUsed: 21_000n, arrival: 2 };
    expect(rankBundles([a, b], "gas-price").map((x) => x.name)).toEqual(["b", "a"]);
    expect(rankBundles([a, b], "profit").map((x) => x.name)).toEqual(["b", "a"]);
  });

  it("does not change the list it is given", () => {
    const list = [big, dense];
    rankBundles(list, "gas-price");
    expect(list.map((b) => b.name)).toEqual(["big", "dense"]);
  });
});
