/**
 * Where a pending transaction enters: the public mempool (as any searcher watches it, through a
 * pending-transaction filter) and the builder's private flow (bundles received or cancelled). Each
 * becomes an event — `tx:pending`, `bundle:received`, `bundle:cancelled` — decoded for learners, and
 * public transactions are handed on to the bots as `PendingTx`.
 */
import type { TransactionResponse } from "ethers";
import type { Builder, BuilderNotice } from "../builder/builder";
import type { RawTx } from "../builder/bundleFormat";
import type { BundleTx, DecodedAction, EventDraft, TxPending, TxSource } from "../events";
import { isCoinbase } from "../world/actors";
import type { World } from "../world/types";
import type { PendingTx } from "./bot";
import { BundleState } from "./bundleState";
import { type CalldataDecoder, tipOf } from "./calldata";
import { MempoolWatcher } from "./mempool";

export class PendingFeed {
  private readonly mempool: MempoolWatcher;
  private readonly seen = new Set<string>();
  /** The last pending transaction seen per sender and nonce, to tell a replacement (a fee bump). */
  private readonly byNonce = new Map<string, string>();
  /** How each transaction read when it was pending: its slippage then, not against the state after. */
  private readonly decodedAtPending = new Map<string, DecodedAction>();
  /** The last builder notice (bundle received or cancelled) this feed published. */
  private builderCursor = 0;

  constructor(
    private readonly world: World,
    private readonly builder: Builder,
    private readonly decoder: CalldataDecoder,
    private readonly emit: (draft: EventDraft) => void,
  ) {
    this.mempool = new MempoolWatcher(world.chain);
  }

  /** Starts watching from now: what is already pending, or already noticed, is not reported. */
  async begin(): Promise<void> {
    this.seen.clear();
    this.byNonce.clear();
    this.decodedAtPending.clear();
    this.builderCursor = this.builder.lastNotice;
    await this.mempool.start();
  }

  /** Stops watching the mempool (the run is over). */
  end(): Promise<void> {
    return this.mempool.stop();
  }

  /** How many transactions wait in the public mempool now. */
  async pendingCount(): Promise<number> {
    return (await this.mempool.pendingHashes()).length;
  }

  /** Publishes what arrived since the last look; returns the new public transactions. */
  async publish(): Promise<PendingTx[]> {
    const { notices, last } = this.builder.noticesAfter(this.builderCursor);
    this.builderCursor = last;
    for (const notice of notices) await this.publishNotice(notice);
    // Bundle and protected transactions pass through the pool only while a block is built: skip them.
    const fresh = (await this.mempool.poll()).filter(
      (tx) => !this.seen.has(tx.hash) && !this.builder.originOf(tx.hash),
    );
    const out: PendingTx[] = [];
    for (const tx of fresh) {
      this.seen.add(tx.hash);
      out.push(await this.publishPending(tx));
    }
    return out;
  }

  /** How the transaction read when it was pending (or sent privately), if this feed saw it then. */
  decodedWhenPending(hash: string): DecodedAction | undefined {
    return this.decodedAtPending.get(hash);
  }

  /** Records how a privately sent transaction reads, on the state it was sent against. */
  rememberDecoded(hash: string, action: DecodedAction): void {
    this.decodedAtPending.set(hash, action);
  }

  /** Public transactions: an actor's, or an outside wallet's. */
  sourceOf(from: string): TxSource {
    return this.world.registry.lookup(from)?.kind === "actor" ? "public" : "external";
  }

  private async publishPending(tx: TransactionResponse): Promise<PendingTx> {
    const { registry } = this.world;
    const action = await this.decoder.decode(tx);
    this.decodedAtPending.set(tx.hash, action);
    const source = this.sourceOf(tx.from);
    const pending = pendingTxOf(tx, action, source);
    const nonceKey = `${tx.from.toLowerCase()}:${tx.nonce}`;
    const replaced = this.byNonce.get(nonceKey);
    this.byNonce.set(nonceKey, tx.hash);
    const event: EventDraft<TxPending> = {
      type: "tx:pending",
      hash: tx.hash,
      from: { address: tx.from, label: registry.label(tx.from) },
      to: tx.to ? { address: tx.to, label: registry.label(tx.to) } : null,
      nonce: tx.nonce,
      tip: pending.tip.toString(),
      action,
      source,
      replaces: replaced && replaced !== tx.hash ? replaced : null,
    };
    this.emit(event);
    return pending;
  }

  private async publishNotice(notice: BuilderNotice): Promise<void> {
    const { bundle } = notice;
    if (notice.kind === "cancelled") {
      this.emit({
        type: "bundle:cancelled",
        bundle: bundle.hash,
        replacementUuid: bundle.replacementUuid ?? "",
      });
      return;
    }
    const txs: BundleTx[] = [];
    const state = new BundleState(this.world);
    for (const tx of bundle.txs) txs.push(await this.bundleTx(tx, bundle.revertingTxHashes, state));
    this.emit({
      type: "bundle:received",
      bundle: bundle.hash,
      origin: bundle.origin,
      targetBlock: bundle.targetBlock,
      replacementUuid: bundle.replacementUuid,
      replaces: notice.replaces,
      txs,
    });
  }

  private async bundleTx(tx: RawTx, reverting: ReadonlySet<string>, state: BundleState): Promise<BundleTx> {
    const { registry } = this.world;
    const action = await this.decoder.decode({ ...tx, gasPrice: tx.maxFeePerGas }, state);
    this.decodedAtPending.set(tx.hash, action);
    return {
      hash: tx.hash,
      from: { address: tx.from, label: registry.label(tx.from) },
      to: tx.to ? { address: tx.to, label: registry.label(tx.to) } : null,
      nonce: tx.nonce,
      tip: tx.maxPriorityFeePerGas.toString(),
      coinbasePayment: (isCoinbase(tx.to) ? tx.value : 0n).toString(),
      mayRevert: reverting.has(tx.hash.toLowerCase()),
      action,
    };
  }
}

/** A node's transaction as the bots read a pending one, with its decoded action and how it came. */
export function pendingTxOf(tx: TransactionResponse, action: DecodedAction, source: TxSource): PendingTx {
  return {
    hash: tx.hash,
    from: tx.from,
    to: tx.to,
    data: tx.data,
    value: tx.value,
    nonce: tx.nonce,
    gasLimit: tx.gasLimit,
    maxFeePerGas: tx.maxFeePerGas ?? tx.gasPrice ?? 0n,
    tip: tipOf(tx),
    action,
    source,
  };
}
