/** The block builder and bidding: bundles, block builds, auction bids, bidding bandits. */
import type { Base, DecodedAction, Labelled, TokenAmount } from "./common";

/** A transaction inside a bundle, decoded. */
export interface BundleTx {
  hash: string;
  from: Labelled;
  to: Labelled | null;
  nonce: number;
  /** Priority fee per gas it offers, in wei. */
  tip: string;
  /** ETH it sends straight to the block producer, in wei. */
  coinbasePayment: string;
  /** The bundle may still land if this transaction reverts (listed in `revertingTxHashes`). */
  mayRevert: boolean;
  action: DecodedAction;
}

/**
 * The builder received a bundle (eth_sendBundle, POST /api/mev/bundle/submit, or a bot). Only the
 * builder sees it: bots watching the mempool do not. The visualizer shows it as a linked group.
 */
export interface BundleReceived extends Base {
  type: "bundle:received";
  bundle: string;
  /** Who sent it: a bot's name, or "rpc" / "api" for outside clients. */
  origin: string;
  /** The block it targets. */
  targetBlock: number;
  replacementUuid: string | null;
  /** The bundle hash this one replaced (same replacementUuid), if any. */
  replaces: string | null;
  txs: BundleTx[];
}

export interface BundleCancelled extends Base {
  type: "bundle:cancelled";
  bundle: string;
  replacementUuid: string;
}

/** Why the builder did not put a bundle in the block. */
export type BundleDropReason =
  | "reverted"
  | "conflict"
  | "invalid-nonce"
  | "too-late"
  | "timestamp"
  | "unprofitable";

/** What the builder did with one bundle while building a block. */
export interface BundleOutcome {
  bundle: string;
  origin: string;
  outcome: "included" | "dropped";
  reason: BundleDropReason | null;
  /** Why, for a learner, with the numbers. */
  explanation: string;
  /** Transaction hashes in bundle order. */
  txs: string[];
  /** Simulated at the top of the block: what the builder would earn (priority fees + payments), in wei. */
  coinbaseDiff: string;
  totalGasUsed: string;
  /** coinbaseDiff / totalGasUsed, in wei per gas: what the "gas price" ordering compares. */
  bundleGasPrice: string;
  /** Index in the block of its first transaction, when included. */
  position: number | null;
}

export type BuilderOrdering = "gas-price" | "profit";

/** How the builder built a block: every bundle it considered, included or dropped, with why. */
export interface BlockBuilt extends Base {
  type: "block:built";
  block: number;
  ordering: BuilderOrdering;
  bundles: BundleOutcome[];
  /** Transactions from the protected path included. */
  protectedTxs: string[];
  /** Public transactions that filled the rest, by tip. */
  publicTxs: number;
}

/** A searcher's bid for an opportunity: a tip in the public auction, or a payment in a sealed bundle. */
export interface AuctionBid extends Base {
  type: "auction:bid";
  auction: "public" | "sealed";
  bot: string;
  /** The opportunity bid for (opportunity:found id); rivals bidding for the same one share it. */
  opportunity: string;
  /** 1 for a first bid, then each replacement. */
  round: number;
  /** Priority fee per gas offered (public auction), in wei. */
  tipPerGas: string;
  /** What the builder would get if this bid wins: tip × gas, or the coinbase payment. */
  bid: TokenAmount;
  /** What the opportunity is worth to the bidder before paying the builder. */
  value: TokenAmount;
  /** The transaction (public) or bundle (sealed) carrying the bid. */
  carrier: string;
}

/** One arm of a bidding bandit: a bid level as a share of the opportunity's value. */
export interface BanditArm {
  /** Share of the opportunity's value bid, in basis points. */
  bidBps: number;
  /** Beta posterior over the win probability: 1 + wins, 1 + losses. */
  alpha: number;
  beta: number;
  pulls: number;
  wins: number;
  /** Mean profit per pull after the bid, in wei (decimal string, may be negative). */
  meanProfit: string;
}

/** The bandit learned from one round: which arm it pulled, whether it won, what it kept. */
export interface BanditUpdated extends Base {
  type: "bandit:updated";
  bot: string;
  round: number;
  arm: number;
  won: boolean;
  profit: TokenAmount;
  arms: BanditArm[];
}
