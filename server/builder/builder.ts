/**
 * The sandbox's block builder. It builds every block the sandbox mines from three sources:
 *
 * 1. bundles (eth_sendBundle): atomic groups of signed transactions that only the builder sees,
 *    each simulated at the top of the block; a bundle with a transaction that reverts (and is not
 *    listed in `revertingTxHashes`) is dropped whole, and the builder says why;
 * 2. the protected path: single transactions sent privately, never shown to the public mempool;
 * 3. the public mempool, filling the rest of the block by tip.
 *
 * Hardhat runs its mempool in FIFO mode (hardhat.config.ts); the builder owns the order. At block
 * time it reads the pool, drops every pending transaction, and re-sends, in block order, the
 * bundles it accepted and then the public transactions sorted by tip (same signed bytes, same
 * hashes). See docs/builder-ordering.md.
 */
import { getAddress, Signature, Transaction } from "ethers";
import type { Chain } from "../chain/chain";
import type { BlockBuilt, BuilderOrdering, BundleDropReason, BundleOutcome } from "../events";
import { formatAmount, formatGwei } from "../format";
import { COINBASE_ADDRESS, isCoinbase } from "../world/actors";
import {
  BundleError,
  bundleHashOf,
  type CallBundleParams,
  decodeBundleTxs,
  decodeRawTx,
  type RawTx,
  type SendBundleParams,
  toBlockNumber,
  toRawTx,
} from "./bundle";
import { bundleGasPrice, orderByTip, rankBundles } from "./ordering";

export interface PendingBundle {
  hash: string;
  txs: RawTx[];
  targetBlock: number;
  minTimestamp: number | null;
  maxTimestamp: number | null;
  /** Hashes (lower case) of transactions allowed to revert without dropping the bundle. */
  revertingTxHashes: Set<string>;
  replacementUuid: string | null;
  /** Who sent it: a bot's name, "rpc" or "api". */
  origin: string;
  arrival: number;
}

/** Something the builder received or cancelled, for the engine to publish (in order). */
export type BuilderNotice =
  | { kind: "received"; seq: number; bundle: PendingBundle; replaces: string | null }
  | { kind: "cancelled"; seq: number; bundle: PendingBundle };

/** One transaction's part in a simulated bundle, in Flashbots' eth_callBundle format. */
export interface CallBundleTxResult {
  txHash: string;
  fromAddress: string;
  toAddress: string | null;
  gasUsed: number;
  /** coinbaseDiff / gasUsed, in wei. */
  gasPrice: string;
  /** Priority fees the block producer earns from it, in wei. */
  gasFees: string;
  /** ETH it sent straight to the block producer, in wei. */
  ethSentToCoinbase: string;
  /** gasFees + ethSentToCoinbase, in wei. */
  coinbaseDiff: string;
  /** Present when it reverted. */
  error?: string;
  /** The revert data, when it reverted. */
  revert?: string;
}

export interface CallBundleResult {
  bundleHash: string;
  bundleGasPrice: string;
  coinbaseDiff: string;
  ethSentToCoinbase: string;
  gasFees: string;
  totalGasUsed: number;
  stateBlockNumber: number;
  results: CallBundleTxResult[];
}

/** A simulation at the top of a block. `missing` lists transactions the block would not take (nonce). */
interface Simulation {
  results: CallBundleTxResult[];
  coinbaseDiff: bigint;
  totalGasUsed: bigint;
  missing: string[];
  /** Why a transaction could not even enter the pool (e.g. "nonce too low"), by hash. */
  refused: Map<string, string>;
}

interface BuildPlan {
  number: number;
  timestamp: number;
  outcomes: BundleOutcome[];
  included: PendingBundle[];
  protectedTxs: RawTx[];
  publicTxs: number;
}

/** What the builder knows of a transaction it put in a block. */
export interface PrivateOrigin {
  source: "bundle" | "protected";
  bundle: string | null;
}

/** How many blocks' build reports the builder keeps. */
const REPORTS_KEPT = 64;
/** How many privately sent transactions' origins it remembers. */
const ORIGINS_KEPT = 50_000;

export class Builder {
  ordering: BuilderOrdering = "gas-price";
  private readonly bundles = new Map<string, PendingBundle>();
  private protectedQueue: RawTx[] = [];
  private notices: BuilderNotice[] = [];
  private noticeSeq = 0;
  private arrivals = 0;
  private readonly reports = new Map<number, BlockBuilt>();
  /** Transactions that came privately (bundles, the protected path), so watchers can ignore them. */
  private readonly privateOrigins = new Map<string, PrivateOrigin>();
  private tail: Promise<unknown> = Promise.resolve();
  private chainIdCache: bigint | undefined;

  constructor(private readonly chain: Chain) {}

  /**
   * Runs `task` alone: no block is built, no bundle simulated and no outside request served meanwhile
   * (an outside transaction arriving mid-build would land in the middle of the block, or be wiped by
   * a simulation's revert).
   */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }

  setOrdering(ordering: BuilderOrdering): void {
    this.ordering = ordering;
  }

  /** Forgets every pending bundle and protected transaction (the chain was reset to a snapshot). */
  reset(): void {
    this.bundles.clear();
    this.protectedQueue = [];
    // Block numbers repeat after a reset: an old report must not describe a new block.
    this.reports.clear();
    // Runs repeat byte for byte, so do transaction hashes: a public transaction a bundle carried in
    // an earlier run must be public (seen by bots) again in the next one.
    this.privateOrigins.clear();
  }

  /** Bundles waiting for their block, in arrival order. */
  pendingBundles(): PendingBundle[] {
    return [...this.bundles.values()].sort((a, b) => a.arrival - b.arrival);
  }

  /** The sequence number of the latest notice: an engine starting a run publishes only later ones. */
  get lastNotice(): number {
    return this.noticeSeq;
  }

  /** Notices after `seq` (received and cancelled bundles), in order, and the last sequence number. */
  noticesAfter(seq: number): { notices: BuilderNotice[]; last: number } {
    return { notices: this.notices.filter((n) => n.seq > seq), last: this.noticeSeq };
  }

  /** How the builder built block `number`, if it considered a bundle or a protected transaction. */
  reportFor(number: number): BlockBuilt | undefined {
    return this.reports.get(number);
  }

  /** The latest `count` build reports, newest first. */
  recentReports(count: number): BlockBuilt[] {
    return [...this.reports.values()].sort((a, b) => b.block - a.block).slice(0, count);
  }

  /** Whether (and how) a transaction reached the builder privately. */
  originOf(hash: string): PrivateOrigin | undefined {
    return this.privateOrigins.get(hash.toLowerCase());
  }

  async chainId(): Promise<bigint> {
    this.chainIdCache ??= BigInt(await this.chain.rpc<string>("eth_chainId"));
    return this.chainIdCache;
  }

  /** eth_sendBundle: validates, holds the bundle for its block, and returns its hash. */
  async sendBundle(params: SendBundleParams, origin: string): Promise<{ bundleHash: string }> {
    const txs = decodeBundleTxs("eth_sendBundle", params.txs, await this.chainId());
    const targetBlock = toBlockNumber(params.blockNumber);
    const latest = await this.chain.rpc<string>("eth_blockNumber");
    const next = Number(BigInt(latest)) + 1;
    if (targetBlock < next) {
      throw new BundleError(
        `eth_sendBundle: blockNumber ${targetBlock} is already mined; the next block is ${next} (0x${next.toString(16)})`,
      );
    }
    const hashes = new Set(txs.map((tx) => tx.hash.toLowerCase()));
    const reverting = (params.revertingTxHashes ?? []).map((h) => h.toLowerCase());
    reverting.forEach((hash, i) => {
      if (!hashes.has(hash)) {
        throw new BundleError(
          `eth_sendBundle: revertingTxHashes.${i} (${hash}) is not a transaction of this bundle`,
        );
      }
    });
    if (params.minTimestamp && params.maxTimestamp && params.minTimestamp > params.maxTimestamp) {
      throw new BundleError("eth_sendBundle: minTimestamp is after maxTimestamp");
    }
    const bundle: PendingBundle = {
      hash: bundleHashOf(txs),
      txs,
      targetBlock,
      minTimestamp: params.minTimestamp ?? null,
      maxTimestamp: params.maxTimestamp ?? null,
      revertingTxHashes: new Set(reverting),
      replacementUuid: params.replacementUuid ?? null,
      origin,
      arrival: this.arrivals++,
    };
    const replaced = bundle.replacementUuid ? this.findByUuid(bundle.replacementUuid) : undefined;
    if (replaced) this.bundles.delete(replaced.hash);
    this.bundles.set(bundle.hash, bundle);
    this.notices.push({ kind: "received", seq: ++this.noticeSeq, bundle, replaces: replaced?.hash ?? null });
    this.trimNotices();
    return { bundleHash: bundle.hash };
  }

  /** eth_cancelBundle: removes the pending bundle sent with this replacementUuid. */
  cancelBundle(replacementUuid: string): { bundleHash: string } {
    const bundle = this.findByUuid(replacementUuid);
    if (!bundle) {
      throw new BundleError(
        `eth_cancelBundle: no pending bundle has replacementUuid "${replacementUuid}" (it was never sent, already built, or cancelled)`,
      );
    }
    this.bundles.delete(bundle.hash);
    this.notices.push({ kind: "cancelled", seq: ++this.noticeSeq, bundle });
    this.trimNotices();
    return { bundleHash: bundle.hash };
  }

  /** The protected path: a signed transaction only the builder sees; it goes into the next block by tip. */
  async protect(raw: string): Promise<string> {
    const tx = decodeRawTx(raw, await this.chainId(), "the transaction");
    if (this.protectedQueue.some((queued) => queued.hash === tx.hash)) return tx.hash;
    const count = async (tag: string) =>
      Number(BigInt(await this.chain.rpc<string>("eth_getTransactionCount", [tx.from, tag])));
    const nonce = await count("latest");
    if (tx.nonce < nonce)
      throw new BundleError(`nonce too low: ${tx.from} is at nonce ${nonce}, got ${tx.nonce}`);
    // A transaction the next block cannot take would wait in the public pool after the build: refuse it.
    const held = this.protectedQueue.filter((queued) => queued.from === tx.from).length;
    const next = (await count("pending")) + held;
    if (tx.nonce > next) {
      throw new BundleError(
        `nonce too high: ${tx.from}'s next nonce is ${next} (counting its pending and protected transactions), got ${tx.nonce}`,
      );
    }
    if (tx.maxFeePerGas < this.chain.baseFeePerGas) {
      throw new BundleError(
        `max fee per gas too low: ${tx.maxFeePerGas} wei is below the base fee, ${this.chain.baseFeePerGas} wei (${formatGwei(this.chain.baseFeePerGas)})`,
      );
    }
    this.protectedQueue.push(tx);
    return tx.hash;
  }

  /** Protected transactions waiting for the next block. */
  pendingProtected(): readonly RawTx[] {
    return this.protectedQueue;
  }

  /**
   * eth_callBundle: runs the bundle at the top of the next block on the latest state and reports what
   * each transaction did and paid the block producer. Nothing is kept.
   */
  async callBundle(params: CallBundleParams): Promise<CallBundleResult> {
    const txs = decodeBundleTxs("eth_callBundle", params.txs, await this.chainId());
    return this.exclusive(async () => {
      const latest = await this.chain.latestBlock();
      const state =
        params.stateBlockNumber === "latest" ? latest.number : toBlockNumber(params.stateBlockNumber);
      if (state !== latest.number) {
        throw new BundleError(
          `eth_callBundle: stateBlockNumber must be "latest" or ${latest.number} (0x${latest.number.toString(16)}); the sandbox simulates on the latest state only, got ${state}`,
        );
      }
      const target = toBlockNumber(params.blockNumber);
      if (target !== latest.number + 1) {
        throw new BundleError(
          `eth_callBundle: blockNumber must be the next block, ${latest.number + 1} (0x${(latest.number + 1).toString(16)}), got ${target}`,
        );
      }
      const timestamp = params.timestamp ?? latest.timestamp + this.chain.blockTimeSeconds;
      if (timestamp <= latest.timestamp) {
        throw new BundleError(
          `eth_callBundle: timestamp must be after the latest block's (${latest.timestamp})`,
        );
      }
      const sim = await this.withSnapshot(async () => {
        await this.dropPool(await this.readPool());
        return this.simulate(txs, timestamp);
      });
      const refused = [...sim.refused.entries()][0];
      if (refused)
        throw new BundleError(`eth_callBundle: transaction ${refused[0]} was refused: ${refused[1]}`);
      if (sim.missing.length > 0) {
        throw new BundleError(
          `eth_callBundle: transaction ${sim.missing[0]} cannot run in the next block (its nonce is ahead of its sender's)`,
        );
      }
      const gasFees = sim.results.reduce((sum, r) => sum + BigInt(r.gasFees), 0n);
      return {
        bundleHash: bundleHashOf(txs),
        bundleGasPrice: bundleGasPrice(sim).toString(),
        coinbaseDiff: sim.coinbaseDiff.toString(),
        ethSentToCoinbase: (sim.coinbaseDiff - gasFees).toString(),
        gasFees: gasFees.toString(),
        totalGasUsed: Number(sim.totalGasUsed),
        stateBlockNumber: latest.number,
        results: sim.results,
      };
    });
  }

  /**
   * Puts the next block's transactions into the pool in block order (the caller mines). Called by
   * Chain.mine() inside `exclusive`.
   */
  async prepare(next: { number: number; timestamp: number }): Promise<BuildPlan> {
    const plan: BuildPlan = { ...next, outcomes: [], included: [], protectedTxs: [], publicTxs: 0 };
    const candidates = this.takeCandidates(next, plan.outcomes);
    const protectedTxs = this.protectedQueue.splice(0);
    const pool = await this.readPool();
    plan.publicTxs = pool.length;
    const publicOrder = orderByTip(pool, this.chain.baseFeePerGas);
    if (candidates.length === 0 && protectedTxs.length === 0) {
      // Nothing private: only re-send if FIFO arrival order differs from tip order.
      if (publicOrder.every((tx, i) => tx.hash === pool[i]!.hash)) return plan;
      await this.dropPool(pool);
      await this.sendAll(publicOrder);
      return plan;
    }
    await this.withRecovery(pool, protectedTxs, async () => {
      await this.dropPool(pool);
      plan.included = await this.selectBundles(candidates, next.timestamp, plan.outcomes);
      for (const bundle of plan.included) await this.sendAll(bundle.txs);
      const taken = new Set(plan.included.flatMap((b) => b.txs.map((tx) => nonceKey(tx))));
      const rest = orderByTip([...pool, ...protectedTxs], this.chain.baseFeePerGas).filter(
        (tx) => !taken.has(nonceKey(tx)),
      );
      plan.protectedTxs = protectedTxs.filter((tx) => rest.includes(tx));
      for (const bundle of plan.included) {
        for (const tx of bundle.txs) this.remember(tx.hash, { source: "bundle", bundle: bundle.hash });
      }
      for (const tx of plan.protectedTxs) this.remember(tx.hash, { source: "protected", bundle: null });
      await this.sendAll(rest);
    });
    return plan;
  }

  /** After the block is mined: positions of included bundles, and the report the engine publishes. */
  complete(plan: BuildPlan, blockTxs: readonly string[]): void {
    if (plan.outcomes.length === 0 && plan.protectedTxs.length === 0) {
      this.reports.delete(plan.number); // a block re-mined at this height after a snapshot revert
      return;
    }
    const index = new Map(blockTxs.map((hash, i) => [hash.toLowerCase(), i]));
    for (const outcome of plan.outcomes) {
      if (outcome.outcome !== "included") continue;
      outcome.position = index.get(outcome.txs[0]!.toLowerCase()) ?? null;
      outcome.explanation +=
        outcome.position === null ? "" : `; its first transaction is #${outcome.position + 1} in the block`;
    }
    this.reports.set(plan.number, {
      type: "block:built",
      runId: "",
      step: -1,
      block: plan.number,
      ordering: this.ordering,
      bundles: plan.outcomes,
      protectedTxs: plan.protectedTxs.filter((tx) => index.has(tx.hash.toLowerCase())).map((tx) => tx.hash),
      publicTxs: plan.publicTxs,
    });
    // Reports exist only for blocks with private flow: trim by count, oldest block first.
    for (const number of [...this.reports.keys()].sort((a, b) => a - b)) {
      if (this.reports.size <= REPORTS_KEPT) break;
      this.reports.delete(number);
    }
  }

  /** Removes bundles whose block has come; drops those that cannot run in it (too late, timestamps). */
  private takeCandidates(
    next: { number: number; timestamp: number },
    outcomes: BundleOutcome[],
  ): PendingBundle[] {
    const candidates: PendingBundle[] = [];
    for (const bundle of this.pendingBundles()) {
      if (bundle.targetBlock > next.number) continue;
      this.bundles.delete(bundle.hash);
      if (bundle.targetBlock < next.number) {
        outcomes.push(dropped(bundle, "too-late", `it targeted block #${bundle.targetBlock}, already mined`));
      } else if (bundle.minTimestamp !== null && next.timestamp < bundle.minTimestamp) {
        outcomes.push(
          dropped(
            bundle,
            "timestamp",
            `block time ${next.timestamp} is before its minTimestamp ${bundle.minTimestamp}`,
          ),
        );
      } else if (bundle.maxTimestamp !== null && next.timestamp > bundle.maxTimestamp) {
        outcomes.push(
          dropped(
            bundle,
            "timestamp",
            `block time ${next.timestamp} is after its maxTimestamp ${bundle.maxTimestamp}`,
          ),
        );
      } else candidates.push(bundle);
    }
    return candidates;
  }

  /**
   * Simulates each bundle alone at the top of the block, ranks the ones that pass, then adds them one
   * by one, each simulated after the ones already taken: a bundle that now reverts (a rival took its
   * opportunity) is dropped.
   */
  private async selectBundles(
    candidates: readonly PendingBundle[],
    timestamp: number,
    outcomes: BundleOutcome[],
  ): Promise<PendingBundle[]> {
    const valued: (PendingBundle & { coinbaseDiff: bigint; totalGasUsed: bigint; outcome: BundleOutcome })[] =
      [];
    for (const bundle of candidates) {
      const sim = await this.withSnapshot(() => this.simulate(bundle.txs, timestamp));
      const outcome = outcomeOf(bundle, sim);
      const failure = this.failureOf(bundle, sim);
      if (failure) {
        outcomes.push({
          ...outcome,
          outcome: "dropped",
          reason: failure.reason,
          explanation: failure.explanation,
        });
      } else if (sim.coinbaseDiff <= 0n) {
        outcomes.push({
          ...outcome,
          outcome: "dropped",
          reason: "unprofitable",
          explanation: "it pays the builder nothing (no tip, no payment), so it earns no place in the block",
        });
      } else
        valued.push({ ...bundle, coinbaseDiff: sim.coinbaseDiff, totalGasUsed: sim.totalGasUsed, outcome });
    }
    const ranked = rankBundles(valued, this.ordering);
    const included: PendingBundle[] = [];
    for (const [rank, bundle] of ranked.entries()) {
      if (included.length > 0) {
        const sim = await this.withSnapshot(() =>
          this.simulate([...included.flatMap((b) => b.txs), ...bundle.txs], timestamp),
        );
        const failure = this.failureOf(bundle, sim);
        if (failure) {
          const above = included.map((b) => shortHash(b.hash)).join(", ");
          outcomes.push({
            ...bundle.outcome,
            outcome: "dropped",
            reason: "conflict",
            explanation: `${failure.explanation} once bundle ${above}, which pays more, runs first: they compete for the same state`,
          });
          continue;
        }
      }
      included.push(bundle);
      outcomes.push({
        ...bundle.outcome,
        outcome: "included",
        explanation: `it pays the builder ${formatAmount(bundle.coinbaseDiff, 18, 6)} ETH (${formatGwei(bundleGasPrice(bundle))} per gas), ranked #${rank + 1} of ${ranked.length} by ${this.ordering === "gas-price" ? "gas price" : "total payment"}`,
      });
    }
    return included;
  }

  /** Why a bundle cannot go in as simulated, or null. */
  private failureOf(
    bundle: PendingBundle,
    sim: Simulation,
  ): { reason: BundleDropReason; explanation: string } | null {
    for (const tx of bundle.txs) {
      const refusal = sim.refused.get(tx.hash);
      if (refusal)
        return {
          reason: "invalid-nonce",
          explanation: `transaction ${shortHash(tx.hash)} is refused: ${refusal}`,
        };
      if (sim.missing.includes(tx.hash)) {
        return {
          reason: "invalid-nonce",
          explanation: `transaction ${shortHash(tx.hash)} has a nonce ahead of its sender's, so it cannot run`,
        };
      }
      const result = sim.results.find((r) => r.txHash === tx.hash);
      if (result?.error && !bundle.revertingTxHashes.has(tx.hash.toLowerCase())) {
        return {
          reason: "reverted",
          explanation: `transaction ${shortHash(tx.hash)} (#${bundle.txs.indexOf(tx) + 1} of the bundle) reverts and is not in revertingTxHashes`,
        };
      }
    }
    return null;
  }

  /**
   * Sends `txs` into an empty pool, mines them at `timestamp`, and reads what each did. The caller
   * holds a snapshot and reverts it. coinbaseDiff comes from the producer's balance; the share sent
   * directly (ethSentToCoinbase) is coinbaseDiff minus priority fees.
   */
  private async simulate(txs: readonly RawTx[], timestamp: number): Promise<Simulation> {
    const refused = new Map<string, string>();
    const before = await this.coinbaseBalance();
    for (const tx of txs) {
      try {
        await this.chain.rpc("eth_sendRawTransaction", [tx.raw]);
      } catch (error) {
        refused.set(tx.hash, errorText(error));
      }
    }
    await this.chain.mineAsIs(timestamp);
    const after = await this.coinbaseBalance();
    const results: CallBundleTxResult[] = [];
    const missing: string[] = [];
    let totalGasUsed = 0n;
    let gasFeesTotal = 0n;
    const sent = txs.filter((tx) => !refused.has(tx.hash));
    const receipts = await Promise.all(sent.map((tx) => this.chain.provider.getTransactionReceipt(tx.hash)));
    for (const [i, tx] of sent.entries()) {
      const receipt = receipts[i];
      if (!receipt) {
        missing.push(tx.hash);
        continue;
      }
      const gasFees = receipt.gasUsed * (receipt.gasPrice - this.chain.baseFeePerGas);
      const direct = isCoinbase(tx.to) ? tx.value : 0n;
      totalGasUsed += receipt.gasUsed;
      gasFeesTotal += gasFees;
      const result: CallBundleTxResult = {
        txHash: tx.hash,
        fromAddress: tx.from,
        toAddress: tx.to,
        gasUsed: Number(receipt.gasUsed),
        gasPrice: ((gasFees + direct) / receipt.gasUsed).toString(),
        gasFees: gasFees.toString(),
        ethSentToCoinbase: direct.toString(),
        coinbaseDiff: (gasFees + direct).toString(),
      };
      if (receipt.status !== 1) {
        result.error = "execution reverted";
        result.revert = await this.revertData(tx.hash);
      }
      results.push(result);
    }
    const coinbaseDiff = after - before;
    attributeInternalPayments(results, coinbaseDiff - gasFeesTotal);
    return { results, coinbaseDiff, totalGasUsed, missing, refused };
  }

  private async revertData(hash: string): Promise<string> {
    const trace = await this.chain.rpc<{ returnValue: string }>("debug_traceTransaction", [
      hash,
      { disableStack: true, disableMemory: true, disableStorage: true },
    ]);
    const value = trace.returnValue ?? "";
    return value.startsWith("0x") ? value : `0x${value}`;
  }

  private async coinbaseBalance(): Promise<bigint> {
    return BigInt(await this.chain.rpc<string>("eth_getBalance", [COINBASE_ADDRESS, "latest"]));
  }

  /** The public mempool as the next block would take it (FIFO: arrival order), as re-sendable transactions. */
  private async readPool(): Promise<RawTx[]> {
    const block = await this.chain.rpc<{ transactions: RpcTx[] } | null>("eth_getBlockByNumber", [
      "pending",
      true,
    ]);
    return (block?.transactions ?? []).map(rawTxOf);
  }

  /** Removes transactions from the pool, each sender's highest nonce first. */
  private async dropPool(pool: readonly RawTx[]): Promise<void> {
    const order = [...pool].sort((a, b) => b.nonce - a.nonce);
    for (const tx of order) await this.chain.rpc("hardhat_dropTransaction", [tx.hash]);
  }

  private async sendAll(txs: readonly RawTx[]): Promise<void> {
    for (const tx of txs) {
      try {
        await this.chain.rpc("eth_sendRawTransaction", [tx.raw]);
      } catch {
        // A public transaction the pool no longer accepts (its nonce was taken) simply does not land.
      }
    }
  }

  private async withSnapshot<T>(task: () => Promise<T>): Promise<T> {
    const snapshot = await this.chain.snapshot();
    try {
      return await task();
    } finally {
      await this.chain.revert(snapshot);
      await this.chain.holdBaseFee();
    }
  }

  /**
   * Runs `task`; if it fails, the public pool is put back as it was and the protected transactions
   * wait for the next block (nothing is lost), and the error is rethrown. No snapshot is taken: one
   * per block would be kept by the node for ever.
   */
  private async withRecovery(
    pool: readonly RawTx[],
    protectedTxs: readonly RawTx[],
    task: () => Promise<void>,
  ): Promise<void> {
    try {
      await task();
    } catch (error) {
      await this.dropPool(await this.readPool());
      await this.sendAll(pool);
      this.protectedQueue.unshift(...protectedTxs);
      throw error;
    }
  }

  private remember(hash: string, origin: PrivateOrigin): void {
    this.privateOrigins.set(hash.toLowerCase(), origin);
    if (this.privateOrigins.size > ORIGINS_KEPT) {
      this.privateOrigins.delete(this.privateOrigins.keys().next().value!);
    }
  }

  private findByUuid(uuid: string): PendingBundle | undefined {
    return [...this.bundles.values()].find((b) => b.replacementUuid === uuid);
  }

  private trimNotices(): void {
    if (this.notices.length > 1_000) this.notices = this.notices.slice(-500);
  }
}

/**
 * The signed bytes of a transaction the node knows (pending or mined), rebuilt from its fields: what
 * a searcher puts in a bundle to backrun someone else's transaction.
 */
export async function signedTransactionOf(chain: Chain, hash: string): Promise<RawTx> {
  const rpc = await chain.rpc<RpcTx | null>("eth_getTransactionByHash", [hash]);
  if (!rpc) throw new Error(`transaction ${hash} is not known to the node`);
  return rawTxOf(rpc);
}

/** A pending transaction as eth_getBlockByNumber returns it. */
interface RpcTx {
  hash: string;
  from: string;
  type: string;
  chainId?: string;
  nonce: string;
  gas: string;
  to: string | null;
  value: string;
  input: string;
  gasPrice?: string;
  maxFeePerGas?: string;
  maxPriorityFeePerGas?: string;
  accessList?: { address: string; storageKeys: string[] }[];
  r: string;
  s: string;
  v: string;
  yParity?: string;
}

/** Rebuilds the signed bytes of a pending transaction from its fields (same bytes, same hash). */
function rawTxOf(rpc: RpcTx): RawTx {
  const type = Number(rpc.type);
  const tx = Transaction.from({
    type,
    chainId: rpc.chainId ? BigInt(rpc.chainId) : undefined,
    nonce: Number(rpc.nonce),
    gasLimit: BigInt(rpc.gas),
    to: rpc.to,
    value: BigInt(rpc.value),
    data: rpc.input,
    ...(type === 2
      ? { maxFeePerGas: BigInt(rpc.maxFeePerGas!), maxPriorityFeePerGas: BigInt(rpc.maxPriorityFeePerGas!) }
      : { gasPrice: BigInt(rpc.gasPrice!) }),
    ...(type >= 1 ? { accessList: rpc.accessList ?? [] } : {}),
    signature: Signature.from({
      r: rpc.r,
      s: rpc.s,
      v: Number(rpc.v),
      ...(rpc.yParity === undefined ? {} : { yParity: Number(rpc.yParity) as 0 | 1 }),
    }),
  });
  if (tx.hash !== rpc.hash) throw new Error(`builder: could not rebuild pending transaction ${rpc.hash}`);
  // The node recovered the sender when it took the transaction: recovering it again costs ~1 ms each.
  return toRawTx(tx, getAddress(rpc.from));
}

/**
 * Payments to the producer made from inside a contract (block.coinbase.transfer) show in its balance
 * but not in any transaction's value. Hardhat cannot trace calls, so that remainder is credited to
 * the bundle's last successful transaction (where searchers put their payment).
 */
function attributeInternalPayments(results: CallBundleTxResult[], sentToCoinbase: bigint): void {
  const direct = results.reduce((sum, r) => sum + BigInt(r.ethSentToCoinbase), 0n);
  const internal = sentToCoinbase - direct;
  if (internal === 0n) return;
  const payer = [...results].reverse().find((r) => !r.error) ?? results.at(-1);
  if (!payer) return;
  payer.ethSentToCoinbase = (BigInt(payer.ethSentToCoinbase) + internal).toString();
  payer.coinbaseDiff = (BigInt(payer.coinbaseDiff) + internal).toString();
  payer.gasPrice = (BigInt(payer.coinbaseDiff) / BigInt(payer.gasUsed)).toString();
}

function outcomeOf(bundle: PendingBundle, sim: Simulation): BundleOutcome {
  return {
    bundle: bundle.hash,
    origin: bundle.origin,
    outcome: "dropped",
    reason: null,
    explanation: "",
    txs: bundle.txs.map((tx) => tx.hash),
    coinbaseDiff: sim.coinbaseDiff.toString(),
    totalGasUsed: sim.totalGasUsed.toString(),
    bundleGasPrice: bundleGasPrice(sim).toString(),
    position: null,
  };
}

function dropped(bundle: PendingBundle, reason: BundleDropReason, explanation: string): BundleOutcome {
  return {
    bundle: bundle.hash,
    origin: bundle.origin,
    outcome: "dropped",
    reason,
    explanation,
    txs: bundle.txs.map((tx) => tx.hash),
    coinbaseDiff: "0",
    totalGasUsed: "0",
    bundleGasPrice: "0",
    position: null,
  };
}

function nonceKey(tx: { from: string; nonce: number }): string {
  return `${tx.from.toLowerCase()}:${tx.nonce}`;
}

function shortHash(hash: string): string {
  return `${hash.slice(0, 10)}…`;
}

function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0]!.replace(/^.*?(nonce too low|nonce too high|insufficient funds[^.]*)/i, "$1");
}
