/**
 * What the builder receives before a block is built: bundles (eth_sendBundle, checked and held for
 * their block, replaced or cancelled by replacementUuid), protected transactions (sent privately,
 * for the next block), and the notices the engine publishes about received and cancelled bundles.
 */
import type { Chain } from "../chain/chain";
import { formatGwei } from "../format";
import {
  BundleError,
  bundleHashOf,
  decodeBundleTxs,
  decodeRawTx,
  type RawTx,
  type SendBundleParams,
  toBlockNumber,
} from "./bundleFormat";
import type { BackrunTerms } from "./mevShareFormat";

export interface PendingBundle {
  hash: string;
  txs: RawTx[];
  targetBlock: number;
  minTimestamp: number | null;
  maxTimestamp: number | null;
  /** Hashes (lower case) of transactions allowed to revert without dropping the bundle. */
  revertingTxHashes: Set<string>;
  replacementUuid: string | null;
  /**
   * Whom the bundle belongs to (lower case): the address that signed the request
   * (X-Flashbots-Signature), else its first transaction's sender. Only they can replace or cancel it.
   */
  owner: string;
  /** Who sent it: a bot's name, "rpc" or "api". */
  origin: string;
  arrival: number;
  /** A MEV-Share back-run: what it owes the user whose transaction it starts with (server/builder/mevShare.ts). */
  mevShare?: BackrunTerms;
}

/** Something the builder received or cancelled, for the engine to publish (in order). */
export type BuilderNotice =
  | { kind: "received"; seq: number; bundle: PendingBundle; replaces: string | null }
  | { kind: "cancelled"; seq: number; bundle: PendingBundle };

/** Past this many notices the oldest are forgotten, down to NOTICES_TRIMMED_TO. */
const NOTICES_KEPT = 1_000;
const NOTICES_TRIMMED_TO = 500;

export class Intake {
  private readonly bundles = new Map<string, PendingBundle>();
  private protectedQueue: RawTx[] = [];
  /** Who signed the eth_sendPrivateTransaction request that sent a protected transaction (Flashbots lets that key cancel it). */
  private readonly privateSigners = new WeakMap<RawTx, string>();
  private notices: BuilderNotice[] = [];
  private noticeSeq = 0;
  private arrivals = 0;

  constructor(private readonly chain: Chain) {}

  /** Forgets every pending bundle and protected transaction; notices keep their sequence. */
  reset(): void {
    this.bundles.clear();
    this.protectedQueue = [];
  }

  /** Bundles waiting for their block, in arrival order. */
  pendingBundles(): PendingBundle[] {
    return [...this.bundles.values()].sort((a, b) => a.arrival - b.arrival);
  }

  /** The sequence number of the latest notice. */
  get lastNotice(): number {
    return this.noticeSeq;
  }

  /** Notices after `seq`, in order, and the last sequence number. */
  noticesAfter(seq: number): { notices: BuilderNotice[]; last: number } {
    return { notices: this.notices.filter((n) => n.seq > seq), last: this.noticeSeq };
  }

  /** eth_sendBundle: validates, holds the bundle for its block (replacing one with its uuid), returns its hash. */
  async sendBundle(
    params: SendBundleParams,
    origin: string,
    chainId: bigint,
    signer?: string,
  ): Promise<PendingBundle> {
    const txs = decodeBundleTxs("eth_sendBundle", params.txs, chainId);
    const targetBlock = toBlockNumber(params.blockNumber);
    await this.refuseMinedBlock(targetBlock);
    const reverting = revertingHashesOf(params, txs);
    if (params.minTimestamp && params.maxTimestamp && params.minTimestamp > params.maxTimestamp) {
      throw new BundleError("eth_sendBundle: minTimestamp is after maxTimestamp");
    }
    const bundle: PendingBundle = {
      hash: bundleHashOf(txs),
      txs,
      targetBlock,
      // 0 is "no bound" for Flashbots (its clients send it when none is set).
      minTimestamp: params.minTimestamp || null,
      maxTimestamp: params.maxTimestamp || null,
      revertingTxHashes: new Set(reverting),
      replacementUuid: params.replacementUuid ?? null,
      owner: (signer ?? txs[0]!.from).toLowerCase(),
      origin,
      arrival: this.arrivals++,
    };
    const replaced = bundle.replacementUuid
      ? this.findByUuid(bundle.replacementUuid, bundle.owner)
      : undefined;
    if (replaced) this.bundles.delete(replaced.hash);
    this.bundles.set(bundle.hash, bundle);
    this.publish({ kind: "received", seq: ++this.noticeSeq, bundle, replaces: replaced?.hash ?? null });
    return bundle;
  }

  /**
   * eth_cancelBundle: removes the pending bundle `owner` sent with this replacementUuid (`owner`
   * null: whoever sent it, for a learner alone on their machine).
   */
  cancelBundle(replacementUuid: string, owner: string | null): { bundleHash: string } {
    const bundle = this.findByUuid(replacementUuid, owner);
    if (!bundle) {
      const whose = owner ? ` sent by ${owner}` : "";
      throw new BundleError(
        `eth_cancelBundle: no pending bundle${whose} has replacementUuid "${replacementUuid}" (it was never sent, already built, cancelled, or belongs to someone else)`,
      );
    }
    this.bundles.delete(bundle.hash);
    this.publish({ kind: "cancelled", seq: ++this.noticeSeq, bundle });
    return { bundleHash: bundle.hash };
  }

  /** The next arrival number, for a bundle received elsewhere (a MEV-Share back-run) to rank among these. */
  nextArrival(): number {
    return this.arrivals++;
  }

  /** Publishes a bundle received elsewhere (a MEV-Share back-run), as this intake's own are. */
  announce(bundle: PendingBundle): void {
    this.publish({ kind: "received", seq: ++this.noticeSeq, bundle, replaces: null });
  }

  /**
   * The protected path: a signed transaction only the builder sees; it goes into the next block by
   * tip. `signer`: who signed the request that sent it (eth_sendPrivateTransaction), if anyone.
   */
  async protect(raw: string, chainId: bigint, signer?: string): Promise<string> {
    const tx = decodeRawTx(raw, chainId, "the transaction");
    if (this.protectedQueue.some((queued) => queued.hash === tx.hash)) return tx.hash;
    await this.refuseUntakeable(tx);
    this.protectedQueue.push(tx);
    if (signer) this.privateSigners.set(tx, signer.toLowerCase());
    return tx.hash;
  }

  /**
   * Withdraws a protected transaction before it is built into a block (eth_cancelPrivateTransaction).
   * `owner`, when given, must be its sender or the key that signed the request that sent it.
   * Returns whether one was withdrawn.
   */
  cancelProtected(hash: string, owner: string | null): boolean {
    const tx = this.protectedQueue.find((queued) => queued.hash.toLowerCase() === hash.toLowerCase());
    if (!tx) return false;
    const allowed = [tx.from.toLowerCase(), this.privateSigners.get(tx)];
    if (owner && !allowed.includes(owner.toLowerCase())) {
      throw new BundleError(
        `eth_cancelPrivateTransaction: ${hash} was sent by ${tx.from}; only its sender can withdraw it, and the key that signed the eth_sendPrivateTransaction request that sent it`,
      );
    }
    this.protectedQueue = this.protectedQueue.filter((queued) => queued !== tx);
    return true;
  }

  /** Protected transactions waiting for the next block. */
  pendingProtected(): readonly RawTx[] {
    return this.protectedQueue;
  }

  /** Removes and returns the bundles whose block has come (targeting `number` or earlier), in arrival order. */
  takeDue(number: number): PendingBundle[] {
    const due = this.pendingBundles().filter((bundle) => bundle.targetBlock <= number);
    for (const bundle of due) this.bundles.delete(bundle.hash);
    return due;
  }

  /** Removes and returns every protected transaction, for the block being built. */
  takeProtected(): RawTx[] {
    return this.protectedQueue.splice(0);
  }

  /** Puts protected transactions back at the head of the queue (a build failed). */
  requeueProtected(txs: readonly RawTx[]): void {
    this.protectedQueue.unshift(...txs);
  }

  private async refuseMinedBlock(targetBlock: number): Promise<void> {
    const latest = await this.chain.rpc<string>("eth_blockNumber");
    const next = Number(BigInt(latest)) + 1;
    if (targetBlock < next) {
      throw new BundleError(
        `eth_sendBundle: blockNumber ${targetBlock} is already mined; the next block is ${next} (0x${next.toString(16)})`,
      );
    }
  }

  /** A transaction the next block cannot take would wait in the public pool after the build: refuse it. */
  private async refuseUntakeable(tx: RawTx): Promise<void> {
    const count = async (tag: string) =>
      Number(BigInt(await this.chain.rpc<string>("eth_getTransactionCount", [tx.from, tag])));
    const nonce = await count("latest");
    if (tx.nonce < nonce)
      throw new BundleError(`nonce too low: ${tx.from} is at nonce ${nonce}, got ${tx.nonce}`);
    const held = this.protectedQueue.filter((queued) => queued.from === tx.from).length;
    const next = (await count("pending")) + held;
    if (tx.nonce > next) {
      throw new BundleError(
        `nonce too high: ${tx.from}'s next nonce is ${next} (counting its pending and protected transactions), got ${tx.nonce}`,
      );
    }
    const baseFee = this.chain.baseFeePerGas;
    if (tx.maxFeePerGas < baseFee) {
      throw new BundleError(
        `max fee per gas too low: ${tx.maxFeePerGas} wei is below the base fee, ${baseFee} wei (${formatGwei(baseFee)})`,
      );
    }
  }

  /** The pending bundle with this uuid that `owner` sent (null: anyone's). */
  private findByUuid(uuid: string, owner: string | null): PendingBundle | undefined {
    const mine = (b: PendingBundle) => owner === null || b.owner === owner.toLowerCase();
    return [...this.bundles.values()].find((b) => b.replacementUuid === uuid && mine(b));
  }

  private publish(notice: BuilderNotice): void {
    this.notices.push(notice);
    if (this.notices.length > NOTICES_KEPT) this.notices = this.notices.slice(-NOTICES_TRIMMED_TO);
  }
}

/** revertingTxHashes in lower case; each must be a transaction of the bundle. */
function revertingHashesOf(params: SendBundleParams, txs: readonly RawTx[]): string[] {
  const hashes = new Set(txs.map((tx) => tx.hash.toLowerCase()));
  const reverting = (params.revertingTxHashes ?? []).map((h) => h.toLowerCase());
  reverting.forEach((hash, i) => {
    if (!hashes.has(hash)) {
      throw new BundleError(
        `eth_sendBundle: revertingTxHashes.${i} (${hash}) is not a transaction of this bundle`,
      );
    }
  });
  return reverting;
}
