/** Bidding for MEV: every bid of a public or sealed auction, and what each bidding bandit learned. */
import type { AuctionBid, BanditArm, BanditUpdated, TokenAmount } from "../../../server/events";
import { BPS } from "../../../server/math/amm";
import type { BlocksSlice } from "./blocks";
import type { BuilderSlice } from "./builder";
import { upsertBy } from "./lists";
import type { SliceReducer } from "./slice";

export interface BanditRound {
  round: number;
  arm: number;
  won: boolean;
  profit: TokenAmount;
}

/** A bidding bandit: its arms as of its latest round, and every round it learned from. */
export interface BanditView {
  bot: string;
  arms: BanditArm[];
  rounds: BanditRound[];
}

export interface AuctionSlice {
  /** Auction bids (public tips and sealed bundle payments), in the order they were made. */
  bids: AuctionBid[];
  /** Bidding bandits, by bot, in order of first appearance. */
  bandits: BanditView[];
}

export const auctionReducer: SliceReducer<AuctionSlice> = {
  empty: { bids: [], bandits: [] },
  reduce({ bids, bandits }, event) {
    switch (event.type) {
      case "auction:bid":
        return { bids: [...bids, event] };
      case "bandit:updated":
        return { bandits: upsertBandit(bandits, event) };
      default:
        return {};
    }
  },
};

function upsertBandit(bandits: readonly BanditView[], event: BanditUpdated): BanditView[] {
  const old = bandits.find((b) => b.bot === event.bot);
  const round: BanditRound = { round: event.round, arm: event.arm, won: event.won, profit: event.profit };
  const rounds = [...(old?.rounds ?? []).filter((r) => r.round !== event.round), round].sort(
    (a, b) => a.round - b.round,
  );
  return upsertBy(bandits, { bot: event.bot, arms: event.arms, rounds }, (b) => b.bot === event.bot);
}

/**
 * The bids that won: their carrier is a bundle the builder included, or a transaction mined
 * successfully. A replaced public bid never lands; a losing bundle is dropped.
 */
export function winningBids(state: AuctionSlice & BuilderSlice & BlocksSlice): AuctionBid[] {
  const landed = new Set(
    state.blocks.flatMap((b) =>
      b.txs.filter((tx) => tx.status === "success").map((tx) => tx.hash.toLowerCase()),
    ),
  );
  const included = new Set(
    state.bundles.filter((b) => b.status.kind === "included").map((b) => b.hash.toLowerCase()),
  );
  return state.bids.filter((bid) => {
    const carrier = bid.carrier.toLowerCase();
    return bid.auction === "sealed" ? included.has(carrier) : landed.has(carrier);
  });
}

/** Wins per pull of a bandit's arm, in basis points (0 before its first pull). */
export function winRateBps(arm: Pick<BanditArm, "wins" | "pulls">): bigint {
  return arm.pulls === 0 ? 0n : (BigInt(arm.wins) * BPS) / BigInt(arm.pulls);
}
