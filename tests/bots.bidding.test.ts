import { describe, expect, it } from "vitest";
import {
  BiddingError,
  nextPublicTip,
  REPLACEMENT_BUMP_BPS,
  replacementFees,
  SealedBidder,
  validateBidding,
} from "../server/bots/kit/bidding";
import { GWEI } from "../server/format";

describe("public bids (priority gas auction)", () => {
  it("beats the rival's tip by the bump, capped at the limit", () => {
    expect(nextPublicTip(2n * GWEI, 2n * GWEI, 2500, 100n * GWEI)).toEqual({
      kind: "raise",
      tip: 2_500_000_000n,
    });
    expect(nextPublicTip(80n * GWEI, 90n * GWEI, 2500, 100n * GWEI)).toEqual({
      kind: "raise",
      tip: 100n * GWEI,
    });
  });

  it("always raises its own tip by ≥ 10% (the replacement rule) and beats the rival by ≥ 1 wei", () => {
    // Rival below its own tip: the raise is still +10% of its own.
    expect(nextPublicTip(10n * GWEI, 5n * GWEI, 1000, 100n * GWEI)).toEqual({
      kind: "raise",
      tip: 11n * GWEI,
    });
    const { tip } = nextPublicTip(10n * GWEI, 10n * GWEI, 1000, 100n * GWEI) as { tip: bigint };
    expect(tip * 10_000n).toBeGreaterThanOrEqual(10n * GWEI * (10_000n + REPLACEMENT_BUMP_BPS));
  });

  it("stops when even the least winning raise is above its limit, saying what it would need", () => {
    expect(nextPublicTip(95n * GWEI, 96n * GWEI, 2500, 100n * GWEI)).toEqual({
      kind: "stop",
      needed: 104_500_000_000n,
    });
  });

  it("raises the max fee by ≥ 10% too, as the node requires of a replacement", () => {
    const base = 30n * GWEI;
    const old = 2n * base + 2n * GWEI; // 62 gwei
    const fees = replacementFees(base, 2_500_000_000n, old);
    expect(fees.maxPriorityFeePerGas).toBe(2_500_000_000n);
    expect(fees.maxFeePerGas).toBe((old * 11n + 9n) / 10n);
    expect(replacementFees(base, 100n * GWEI, old).maxFeePerGas).toBe(2n * base + 100n * GWEI);
  });
});

describe("sealed bids", () => {
  it("bids a fixed share, or a seeded random one within bounds, the same on every run", () => {
    expect(new SealedBidder({ kind: "fixed", bps: 7500 }, "s").choose()).toEqual({ bps: 7500, arm: null });
    const draws = (seed: string) => {
      const bidder = new SealedBidder({ kind: "random", minBps: 6000, maxBps: 9000 }, seed);
      return Array.from({ length: 50 }, () => bidder.choose().bps);
    };
    expect(draws("a")).toEqual(draws("a"));
    expect(draws("a").every((b) => b >= 6000 && b <= 9000)).toBe(true);
    expect(new Set(draws("a")).size).toBeGreaterThan(10);
  });

  it("a bandit bidder publishes what it learned after each round; others publish nothing", () => {
    const bandit = new SealedBidder({ kind: "bandit", levels: [5000, 8000] }, "b");
    const { arm } = bandit.choose();
    const update = bandit.learn("arbitrageur", arm, true, 123n)!;
    expect(update).toMatchObject({ type: "bandit:updated", bot: "arbitrageur", round: 1, arm, won: true });
    expect(update.profit).toEqual({ amount: "123", symbol: "ETH", decimals: 18 });
    expect(update.arms[arm!]).toMatchObject({ alpha: 2, beta: 1, pulls: 1, wins: 1, meanProfit: "123" });
    expect(new SealedBidder({ kind: "fixed", bps: 10 }, "f").learn("x", null, true, 1n)).toBeNull();
  });

  it("refuses settings out of range, naming them", () => {
    expect(() => validateBidding({ path: "public", bumpBps: 500, maxShareBps: 9000 })).toThrow(BiddingError);
    expect(() => validateBidding({ path: "public", bumpBps: 500, maxShareBps: 9000 })).toThrow(
      /bumpBps .* from 1000/,
    );
    expect(() => validateBidding({ path: "public", bumpBps: 0, maxShareBps: 12_000 })).toThrow(/maxShareBps/);
    expect(() =>
      validateBidding({ path: "bundle", bid: { kind: "random", minBps: 9000, maxBps: 100 } }),
    ).toThrow(/bid.maxBps .* from 9000/);
    expect(() => validateBidding({ path: "bundle", bid: { kind: "bandit", levels: [] } })).toThrow(
      /at least one/,
    );
  });
});
