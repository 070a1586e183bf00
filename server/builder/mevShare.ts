/**
 * MEV-Share in the builder: the order-flow auction Flashbots runs, with one builder. A user's
 * private transaction (or bundle) sent with hints becomes a shared order: its hints go out on the
 * stream (subscribers: the SSE route, and the engine, which shows them to the bots), never the
 * transaction. Searchers answer with back-runs (mev_sendBundle whose body starts with the order's
 * `{ hash }`); at block time the builder takes, per order, the back-run that pays it most, right
 * after the user's transaction, and pays the user their share of that payment in the same block
 * (mevShareRefunds.ts).
 *
 * An order is open to back-runs until its last block (a protected transaction: the next block, the
 * only one it is tried in; a user's bundle: its inclusion.maxBlock), or until its transaction lands.
 */
import type { Chain } from "../chain/chain";
import type { MevShareHint, MevShareStreamEvent } from "../events";
import { BundleError, bundleHashOf, type RawTx } from "./bundleFormat";
import type { PendingBundle } from "./intake";
import type { MevBundleRequest, RefundRecipient } from "./mevShareFormat";
import { logsAtTopOfNextBlock, streamEventOf, wantsLogs } from "./mevShareHints";
import { type RefundRecord, settleRefunds } from "./mevShareRefunds";

/** A user's transaction (or bundle) shared on the stream, open to back-runs. */
export interface SharedOrder {
  /** What back-runs refer to: the transaction's hash, or the user's bundle's (lower case). */
  hash: string;
  txs: RawTx[];
  hints: MevShareHint[];
  /** The user's share of a back-run's payment, in basis points. */
  shareBps: number;
  /** Who is refunded, with their percentage of the refund. */
  recipients: RefundRecipient[];
  /** The last block a back-run can land in. */
  lastBlock: number;
  /** The latest block when it was shared, and its timestamp. */
  sharedAt: number;
  sharedAtTimestamp: number;
  event: MevShareStreamEvent;
  /** Its place in the stream (the engine shows the bots what came after its cursor). */
  seq: number;
}

/** What a subscriber to the stream receives: the event, and its JSON (made once for everyone). */
export type StreamListener = (event: MevShareStreamEvent, json: string) => void;

/** Past this many orders in the stream's memory, the oldest are forgotten (the engine reads recent ones). */
const ORDERS_REMEMBERED = 1_000;
/** How many blocks' refunds are kept for the engine to publish. */
const REFUND_BLOCKS_KEPT = 64;

export class MevShare {
  private readonly open = new Map<string, SharedOrder>();
  private readonly backruns = new Map<string, { bundle: PendingBundle; maxBlock: number }>();
  private readonly listeners = new Set<StreamListener>();
  private shared: SharedOrder[] = [];
  private seq = 0;
  /** Refunds the builder put in the block being built, then those that landed, by block. */
  private planned: RefundRecord[] = [];
  private readonly paid = new Map<number, RefundRecord[]>();

  constructor(private readonly chain: Chain) {}

  /** Listens to the stream from now on; returns how to stop. */
  subscribe(listener: StreamListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get subscribers(): number {
    return this.listeners.size;
  }

  /** The sequence number of the latest shared order. */
  get lastSeq(): number {
    return this.seq;
  }

  /** The orders shared since the chain's last reset (the most recent ORDERS_REMEMBERED), oldest first. */
  history(): readonly SharedOrder[] {
    return this.shared;
  }

  /** Orders shared after `seq`, in order. */
  sharedAfter(seq: number): SharedOrder[] {
    return this.shared.filter((order) => order.seq > seq);
  }

  /**
   * Shares `txs` (one transaction, or a user's bundle) with `hints`: runs them at the top of the next
   * block (after `before`, the sender's earlier private transactions) when the hints share logs, then
   * publishes the event. The caller holds the chain and the builder's turn. Sharing the same hash
   * again changes nothing.
   */
  async share(
    txs: readonly RawTx[],
    terms: { hints: MevShareHint[]; shareBps: number; recipients: RefundRecipient[]; lastBlock: number },
    before: readonly RawTx[] = [],
  ): Promise<SharedOrder> {
    const hash = (txs.length === 1 ? txs[0]!.hash : bundleHashOf(txs)).toLowerCase();
    const known = this.open.get(hash);
    if (known) return known;
    const latest = await this.chain.latestBlock();
    const logs = wantsLogs(terms.hints) ? await logsAtTopOfNextBlock(this.chain, txs, latest, before) : [];
    const sharedAt = latest.number;
    const sharedAtTimestamp = latest.timestamp;
    const recipients =
      terms.recipients.length > 0 ? terms.recipients : [{ address: txs[0]!.from, percent: 100 }];
    const order: SharedOrder = {
      ...terms,
      hash,
      txs: [...txs],
      recipients,
      sharedAt,
      sharedAtTimestamp,
      event: streamEventOf(hash, txs, terms.hints, logs),
      seq: ++this.seq,
    };
    this.open.set(hash, order);
    this.shared.push(order);
    if (this.shared.length > ORDERS_REMEMBERED) this.shared = this.shared.slice(-ORDERS_REMEMBERED / 2);
    const json = JSON.stringify(order.event);
    for (const listener of this.listeners) listener(order.event, json);
    return order;
  }

  /**
   * A searcher's back-run of an open order (mev_sendBundle with `{ hash }` first): the bundle the
   * builder will consider, [the user's transactions, the searcher's own], from the next block to
   * maxBlock. A back-run with the same transactions replaces the earlier one.
   */
  addBackrun(
    request: MevBundleRequest,
    own: readonly RawTx[],
    sender: { origin: string; owner: string; arrival: number; nextBlock: number },
  ): PendingBundle {
    const order = this.openOrder(request.target!, sender.nextBlock);
    const last = Math.min(request.maxBlock, order.lastBlock);
    if (last < sender.nextBlock) {
      throw new BundleError(
        `mev_sendBundle: inclusion.maxBlock ${request.maxBlock} is already mined; the next block is ${sender.nextBlock}`,
      );
    }
    const txs = [...order.txs, ...own];
    const shareBps = Math.max(order.shareBps, (request.refundPercent ?? 0) * 100);
    const bundle: PendingBundle = {
      hash: bundleHashOf(txs),
      txs,
      targetBlock: Math.max(request.block, sender.nextBlock),
      minTimestamp: null,
      maxTimestamp: null,
      revertingTxHashes: new Set(
        own.filter((_, i) => request.txs[i]!.canRevert).map((tx) => tx.hash.toLowerCase()),
      ),
      replacementUuid: null,
      owner: sender.owner.toLowerCase(),
      origin: sender.origin,
      arrival: sender.arrival,
      mevShare: {
        order: order.hash,
        userTxs: order.txs.length,
        shareBps,
        recipients: order.recipients,
        searcher: own[0]!.from,
      },
    };
    this.backruns.set(bundle.hash, { bundle, maxBlock: last });
    return bundle;
  }

  /** Closes the order of a transaction its user withdrew (eth_cancelPrivateTransaction): its back-runs go with it. */
  withdraw(hash: string): void {
    this.open.delete(hash.toLowerCase());
  }

  /** The back-runs block `number` may hold (those of orders still open), as bundles for that block. */
  due(number: number): PendingBundle[] {
    const due: PendingBundle[] = [];
    for (const [hash, { bundle, maxBlock }] of this.backruns) {
      if (maxBlock < number || !this.open.has(bundle.mevShare!.order)) this.backruns.delete(hash);
      else if (bundle.targetBlock <= number) due.push({ ...bundle, targetBlock: number });
    }
    return due;
  }

  /**
   * After selection: each chosen back-run gets the builder's refund transfers appended (what its
   * payment was is simulated at its place in the block). The caller holds the builder's turn.
   */
  async settle(included: readonly PendingBundle[], timestamp: number): Promise<PendingBundle[]> {
    const { bundles, refunds } = await settleRefunds(this.chain, included, timestamp);
    this.planned = refunds;
    return bundles;
  }

  /** Block `number` is mined: the refunds that landed are kept for the engine; orders that landed or expired close. */
  afterBlock(number: number, blockTxs: readonly string[]): void {
    const landed = new Set(blockTxs.map((hash) => hash.toLowerCase()));
    const paid = this.planned.filter((refund) => landed.has(refund.refundTx.toLowerCase()));
    this.planned = [];
    this.paid.delete(number); // a block re-mined at this height after a snapshot revert
    if (paid.length > 0) this.paid.set(number, paid);
    if (this.paid.size > REFUND_BLOCKS_KEPT) this.paid.delete(Math.min(...this.paid.keys()));
    for (const [hash, order] of this.open) {
      if (order.lastBlock <= number || landed.has(order.txs[0]!.hash.toLowerCase())) this.open.delete(hash);
    }
  }

  /** The refunds paid in block `number`. */
  refundsIn(number: number): readonly RefundRecord[] {
    return this.paid.get(number) ?? [];
  }

  /** Forgets every order, back-run and refund (the chain went back to a snapshot); the stream goes on. */
  reset(): void {
    this.open.clear();
    this.shared = [];
    this.backruns.clear();
    this.planned = [];
    this.paid.clear();
  }

  private openOrder(hash: string, nextBlock: number): SharedOrder {
    const order = this.open.get(hash);
    if (!order || order.lastBlock < nextBlock) {
      throw new BundleError(
        `mev_sendBundle: body.0: no shared transaction ${hash} is open to back-runs (it was never shared with hints, has landed, or its last block passed); take hashes from the MEV-Share stream`,
      );
    }
    return order;
  }
}
