/**
 * How a searcher bids for an opportunity its rivals also see. Two paths:
 *
 * - public (a priority gas auction): it sends its transaction to the mempool with a tip; when it
 *   sees a rival's transaction for the same opportunity with a tip as high, it replaces its own
 *   (same nonce) with a higher tip, up to a share of what the opportunity is worth;
 * - bundle (a sealed bid): it sends [trade (tip 0), payment to the block producer] to the builder;
 *   nobody sees the payment but the builder, which includes the better-paying bundle.
 *
 * The bid strategy is a setting; the numbers it bids from are the bot's own reading of the chain.
 */
import { InvalidInputError } from "../../errors";
import type { BanditArm, BanditUpdated as BanditUpdatedEvent, EventDraft } from "../../events";
import { BPS } from "../../math/amm";
import { type BanditState, banditStats, chooseArm, createBandit, updateBandit } from "../../math/bandit";
import { createRandom, type Random } from "../../math/random";
import { ethAmount } from "./amounts";

/** A replacement must raise both maxPriorityFeePerGas and maxFeePerGas by at least 10%. */
export const REPLACEMENT_BUMP_BPS = 1_000n;
/** The bandit's bid levels by default: shares of the value, in basis points. */
export const DEFAULT_BANDIT_LEVELS: readonly number[] = [5000, 6000, 7000, 8000, 9000, 9500];

export interface PublicBidding {
  path: "public";
  /**
   * How far above the highest competing tip it goes when outbid, in basis points of that tip
   * (2,500 = +25%); at least 1,000, the replacement rule. 0 = it never answers a rival (sends once).
   */
  bumpBps: number;
  /** The most of the opportunity's value it will pay in tips, in basis points (≤ 10,000). */
  maxShareBps: number;
}

/** What share of the value a sealed bid pays the builder. */
export type SealedBid =
  | { kind: "fixed"; bps: number }
  /** A seeded uniform draw between two shares each time. */
  | { kind: "random"; minBps: number; maxBps: number }
  /** Thompson sampling over bid levels, learning from wins and losses (server/math/bandit.ts). */
  | { kind: "bandit"; levels: readonly number[] };

export interface BundleBidding {
  path: "bundle";
  bid: SealedBid;
}

export type Bidding = PublicBidding | BundleBidding;

/** Today's arbitrageur: public, one transaction at its usual tip, no answer to rivals. */
export const DEFAULT_BIDDING: PublicBidding = { path: "public", bumpBps: 0, maxShareBps: Number(BPS) };

export class BiddingError extends InvalidInputError {
  override name = "BiddingError";
}

function assertBps(name: string, value: number, min = 0): void {
  if (!Number.isInteger(value) || value < min || value > Number(BPS)) {
    throw new BiddingError(
      `${name} must be a whole number of basis points from ${min} to ${BPS}, got ${value}`,
    );
  }
}

/** Throws a BiddingError naming the first setting out of range. */
export function validateBidding(bidding: Bidding): void {
  if (bidding.path === "public") {
    if (bidding.bumpBps !== 0) assertBps("bumpBps", bidding.bumpBps, Number(REPLACEMENT_BUMP_BPS));
    assertBps("maxShareBps", bidding.maxShareBps);
    return;
  }
  const { bid } = bidding;
  if (bid.kind === "fixed") assertBps("bid.bps", bid.bps);
  else if (bid.kind === "random") {
    assertBps("bid.minBps", bid.minBps);
    assertBps("bid.maxBps", bid.maxBps, bid.minBps);
  } else createBandit(bid.levels);
}

/** x · (10,000 + bps) / 10,000, rounded up. */
function raise(x: bigint, bps: bigint): bigint {
  return (x * (BPS + bps) + BPS - 1n) / BPS;
}

/** The fees of a replacement: the new tip, and a max fee ≥ 10% above the old one (the node's rule). */
export function replacementFees(
  nextBaseFee: bigint,
  tip: bigint,
  oldMaxFee: bigint,
): { maxPriorityFeePerGas: bigint; maxFeePerGas: bigint } {
  const maxFee = 2n * nextBaseFee + tip;
  const floor = raise(oldMaxFee, REPLACEMENT_BUMP_BPS);
  return { maxPriorityFeePerGas: tip, maxFeePerGas: maxFee > floor ? maxFee : floor };
}

export type NextTip =
  | { kind: "raise"; tip: bigint }
  /** It cannot beat the rival within its limit: `needed` is the least tip that would. */
  | { kind: "stop"; needed: bigint };

/**
 * Its answer to a rival's tip in a public auction: beat it by `bumpBps` (at least 1 wei above it,
 * and at least 10% above its own tip), capped at `maxTip`; stop when even the least winning raise
 * is above `maxTip`.
 */
export function nextPublicTip(own: bigint, rival: bigint, bumpBps: number, maxTip: bigint): NextTip {
  const replacement = raise(own, REPLACEMENT_BUMP_BPS);
  const needed = rival + 1n > replacement ? rival + 1n : replacement;
  if (needed > maxTip) return { kind: "stop", needed };
  const wanted = raise(rival, BigInt(bumpBps));
  const tip = wanted > needed ? wanted : needed;
  return { kind: "raise", tip: tip < maxTip ? tip : maxTip };
}

/**
 * Chooses sealed bids as a share of the value, and learns from outcomes when it is a bandit.
 * Deterministic: its random draws come from a generator seeded with `seed`.
 */
export class SealedBidder {
  private readonly random: Random;
  private bandit: BanditState | undefined;
  private rounds = 0;

  constructor(
    readonly bid: SealedBid,
    seed: string,
  ) {
    this.random = createRandom(seed);
    if (bid.kind === "bandit") this.bandit = createBandit(bid.levels);
  }

  /** The share to bid this time, and the bandit's arm when it is one. */
  choose(): { bps: number; arm: number | null } {
    if (this.bid.kind === "fixed") return { bps: this.bid.bps, arm: null };
    if (this.bid.kind === "random")
      return { bps: this.random.int(this.bid.minBps, this.bid.maxBps), arm: null };
    const { arm } = chooseArm(this.bandit!, this.random);
    return { bps: this.bandit!.arms[arm]!.bidBps, arm };
  }

  /** Records an outcome; returns the bandit:updated event for it (null when not a bandit). */
  learn(
    bot: string,
    arm: number | null,
    won: boolean,
    profit: bigint,
  ): EventDraft<BanditUpdatedEvent> | null {
    if (!this.bandit || arm === null) return null;
    this.bandit = updateBandit(this.bandit, arm, won, profit);
    this.rounds += 1;
    const arms: BanditArm[] = banditStats(this.bandit).map((s) => ({
      bidBps: s.bidBps,
      alpha: s.alpha,
      beta: s.beta,
      pulls: s.pulls,
      wins: s.wins,
      meanProfit: s.meanProfit.toString(),
    }));
    return {
      type: "bandit:updated",
      bot,
      round: this.rounds,
      arm,
      won,
      profit: ethAmount(profit),
      arms,
    };
  }
}
