/**
 * MEV-Share, as the sandbox runs it: a user's private transaction shared as hints (never the
 * transaction itself), searchers' back-runs, and the refund the builder pays the user.
 */
import type { Base, Labelled } from "./common";

/** What a hint may share, as Flashbots' MEV-Share names it (`privacy.hints`). */
export type MevShareHint =
  | "hash"
  | "tx_hash"
  | "calldata"
  | "contract_address"
  | "function_selector"
  | "logs"
  | "default_logs"
  | "full";

/** A log as the stream shares it. */
export interface MevShareLog {
  address: string;
  topics: string[];
  data: string;
}

/**
 * One event of the MEV-Share stream, in Flashbots' format (the JSON of each `data:` line, what
 * `@flashbots/mev-share-client`'s `on("transaction")` reads). Only what the hints allow is present.
 */
export interface MevShareStreamEvent {
  /** The transaction's hash (one transaction) or the bundle's: what a back-run refers to in `{ hash }`. */
  hash: string;
  /** Logs of the transaction run at the top of the next block (`logs`, `default_logs`), else null. */
  logs: MevShareLog[] | null;
  /** One entry per transaction (one for a transaction), with the fields its hints share; null when none. */
  txs: { hash?: string; to?: string; functionSelector?: string; callData?: string }[] | null;
}

/** A transaction (or a user's bundle) was shared on the MEV-Share stream: what searchers were told. */
export interface HintShared extends Base {
  type: "hint:shared";
  /** The latest block when it was shared. */
  block: number;
  hints: MevShareHint[];
  /** The refund share the user is owed of a back-runner's payment, in basis points. */
  shareBps: number;
  hint: MevShareStreamEvent;
}

/**
 * The builder paid a MEV-Share user back: a transfer from the block producer, in the same block,
 * right after the back-run, of `shareBps` of what the back-run paid the producer (its coinbase
 * balance change, simulated at the back-run's place in the block). Amounts in wei.
 */
export interface RefundPaid extends Base {
  type: "refund:paid";
  block: number;
  /** Who was refunded (the recipient named by the user, by default the transaction's sender). */
  user: Labelled;
  /** The user's shared transaction (or bundle) the back-run refers to. */
  txHash: string;
  /** Who paid for the back-run: the sender of its first own transaction. */
  searcher: Labelled;
  /** What the back-run paid the block producer, in wei. */
  searcherPayment: string;
  shareBps: number;
  /** The refund, in wei: searcherPayment × shareBps / 10000 (this recipient's part of it). */
  amount: string;
  /** The builder's transfer that paid it. */
  refundTx: string;
  /** The bundle the builder built from the back-run. */
  bundle: string;
}
