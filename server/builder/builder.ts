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
 * time it reads the pool, drops pending transactions, and re-sends, in block order, the bundles it
 * accepted and then the public transactions sorted by tip (same signed bytes, same hashes); with
 * public transactions alone, only those that must move. See docs/builder-ordering.md.
 *
 * The builder touches the pool only in its own turns (`internally`), so what enters it between two
 * turns came from outside: public transactions, the only ones pending watchers are told of
 * (arrivals.ts, publicPending.ts).
 *
 * This class is the facade; each job has its module: intake.ts (what arrives), simulation.ts and
 * call-bundle.ts (running transactions at the top of a block), selection.ts and assembly.ts
 * (choosing and ordering a block), pool.ts, poolOrder.ts and fifo.ts (the node's pending pool),
 * reports.ts and origins.ts (what it remembers of the blocks it built), mevShare*.ts (MEV-Share:
 * hints, back-runs, refunds).
 */
import type { Block } from "ethers";
import type { BlockProducer, Chain } from "../chain/chain";
import { BLOCK_GAS_LIMIT } from "../chain/settings";
import type { BuilderOrdering, MevShareHint } from "../events";
import { PoolArrivals } from "./arrivals";
import { assembleBlock, type BuildPlan, buildReportOf, type NextBlock } from "./assembly";
import {
  bundleRaws,
  type CallBundleParams,
  decodeBundleTxs,
  type RawTx,
  type SendBundleParams,
} from "./bundleFormat";
import { BundleStats } from "./bundleStats";
import { callBundle, type StateForks } from "./call-bundle";
import { type BuilderNotice, Intake, type PendingBundle } from "./intake";
import { MevShare } from "./mevShare";
import type { MevBundleRequest, RefundRecipient } from "./mevShareFormat";
import { type MevIntake, receiveMevBundle, shareProtected } from "./mevShareIntake";
import { type MevSimResult, simBundleOnLatest } from "./mevShareSim";
import { type PrivateOrigin, PrivateOrigins } from "./origins";
import { PublicPending } from "./publicPending";
import { type BuildReport, BuildReports } from "./reports";
import type { CallBundleResult } from "./simulation";

export type { BuilderNotice, PendingBundle } from "./intake";
export { signedTransactionOf } from "./pool";
export type { CallBundleResult } from "./simulation";

export class Builder implements BlockProducer {
  ordering: BuilderOrdering = "gas-price";
  private readonly intake: Intake;
  private readonly reports = new BuildReports();
  /** What flashbots_getBundleStatsV2 / getUserStatsV2 answer. */
  readonly stats = new BundleStats();
  /** Transactions that came privately (bundles, the protected path), so watchers can ignore them. */
  private readonly origins = new PrivateOrigins();
  /** MEV-Share: the hint stream, the back-runs, the refunds. */
  readonly mevShare: MevShare;
  /** The public mempool as outside watchers see it: each public transaction once, nothing private. */
  readonly publicPending: PublicPending;
  private readonly arrivals: PoolArrivals;
  /** The block the builder last mined: if the latest block is another, the pool changed behind its back. */
  private knownHead: string | null = null;
  /** A look at the pool waiting for the builder's turn (see lookAtPool). */
  private lookWaiting: Promise<void> | null = null;
  private tail: Promise<unknown> = Promise.resolve();
  /** Forks of past blocks, for eth_callBundle on an older state or another coinbase. */
  private forks: StateForks | null = null;

  private constructor(private readonly chain: Chain) {
    this.intake = new Intake(chain);
    this.mevShare = new MevShare(chain);
    this.publicPending = new PublicPending(chain, (hash) => this.origins.originOf(hash) !== undefined);
    this.arrivals = new PoolArrivals(chain, (hashes) => this.publicPending.arrived(hashes));
  }

  /** A builder that builds every block `chain` mines from now on. */
  static attach(chain: Chain): Builder {
    const builder = new Builder(chain);
    chain.attachProducer(builder);
    return builder;
  }

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

  /** From now on eth_callBundle can run on an older state, or for another coinbase, on these forks. */
  useForks(forks: StateForks): void {
    this.forks = forks;
  }

  /**
   * Runs `task` alone, as `exclusive`, for work that puts transactions in the pool that are not
   * public (a block being built, a simulation): what came from outside before it is taken first, and
   * what the task itself put there is never told to pending watchers.
   */
  internally<T>(task: () => Promise<T>): Promise<T> {
    return this.exclusive(() => this.ownTurn(task));
  }

  /** Takes what came from outside, runs `task`, and skips what it put in the pool. The caller holds the turn. */
  private async ownTurn<T>(task: () => Promise<T>): Promise<T> {
    await this.arrivals.takeOutside();
    try {
      return await task();
    } finally {
      await this.arrivals.skipOwn();
    }
  }

  /**
   * Tells pending watchers what entered the public pool until now, in the builder's next turn. Calls
   * made before that turn starts share it.
   */
  lookAtPool(): Promise<void> {
    this.lookWaiting ??= this.exclusive(() => {
      this.lookWaiting = null;
      return this.arrivals.takeOutside();
    });
    return this.lookWaiting;
  }

  setOrdering(ordering: BuilderOrdering): void {
    this.ordering = ordering;
  }

  /** Forgets every pending bundle and protected transaction (the chain was reset to a snapshot). */
  reset(): void {
    this.intake.reset();
    this.reports.clear();
    this.stats.clear();
    this.mevShare.reset();
    // Runs repeat byte for byte, so do transaction hashes: a public transaction a bundle carried in
    // an earlier run must be public (seen by bots) again in the next one.
    this.origins.clear();
    this.publicPending.reset();
    this.arrivals.forget();
  }

  /** Bundles waiting for their block, in arrival order. */
  pendingBundles(): PendingBundle[] {
    return this.intake.pendingBundles();
  }

  /** The sequence number of the latest notice: an engine starting a run publishes only later ones. */
  get lastNotice(): number {
    return this.intake.lastNotice;
  }

  /** Notices after `seq` (received and cancelled bundles), in order, and the last sequence number. */
  noticesAfter(seq: number): { notices: BuilderNotice[]; last: number } {
    return this.intake.noticesAfter(seq);
  }

  /** How the builder built block `number`, if it considered a bundle or a protected transaction. */
  reportFor(number: number): BuildReport | undefined {
    return this.reports.reportFor(number);
  }

  /** The latest `count` build reports, newest first. */
  recentReports(count: number): BuildReport[] {
    return this.reports.recent(count);
  }

  /** Whether (and how) a transaction reached the builder privately. */
  originOf(hash: string): PrivateOrigin | undefined {
    return this.origins.originOf(hash);
  }

  chainId(): Promise<bigint> {
    return this.chain.chainId();
  }

  /**
   * eth_sendBundle: validates, holds the bundle for its block, and returns its hash. The bundle
   * belongs to `signer` (who signed the request), else to its first transaction's sender.
   */
  async sendBundle(
    params: SendBundleParams,
    origin: string,
    signer?: string,
  ): Promise<{ bundleHash: string }> {
    const bundle = await this.intake.sendBundle(params, origin, await this.chainId(), signer);
    this.stats.received(bundle.hash, bundle.owner);
    return { bundleHash: bundle.hash };
  }

  /** eth_cancelBundle: removes the pending bundle `owner` sent with this replacementUuid (null: anyone's). */
  cancelBundle(replacementUuid: string, owner: string | null): { bundleHash: string } {
    return this.intake.cancelBundle(replacementUuid, owner);
  }

  /**
   * The protected path: a signed transaction only the builder sees; it goes into the next block by tip.
   * `signer`: who signed the eth_sendPrivateTransaction request, if anyone (that key may cancel it).
   */
  async protect(raw: string, signer?: string): Promise<string> {
    return this.intake.protect(raw, await this.chainId(), signer);
  }

  /**
   * The protected path, shared on MEV-Share (eth_sendPrivateTransaction with `privacy.hints`): the
   * transaction waits for the next block as a protected one, and its hints go out on the stream until
   * then. The caller holds the chain and the builder's turn (the hints may need it run).
   */
  async protectShared(
    raw: string,
    hints: MevShareHint[],
    recipients: RefundRecipient[],
    signer?: string,
  ): Promise<string> {
    const hash = await this.protect(raw, signer);
    await shareProtected(this.mevIntake(), hash, hints, recipients);
    return hash;
  }

  /** mev_sendBundle (see mevShareIntake.ts). The caller holds the chain and the builder's turn. */
  mevSendBundle(request: MevBundleRequest, origin: string, signer?: string): Promise<{ bundleHash: string }> {
    return receiveMevBundle(this.mevIntake(), request, origin, signer);
  }

  /** mev_simBundle: the bundle run at the top of the next block on the latest state; nothing is kept. */
  async mevSimBundle(request: MevBundleRequest): Promise<MevSimResult> {
    const raws = request.txs.map((tx) => tx.raw);
    const txs = decodeBundleTxs("mev_simBundle", raws, await this.chainId());
    return this.internally(() => simBundleOnLatest(this.chain, request, txs));
  }

  /** Withdraws a protected transaction not built yet (`owner`: who asks, when known). */
  cancelProtected(hash: string, owner: string | null): boolean {
    const withdrawn = this.intake.cancelProtected(hash, owner);
    // Shared on MEV-Share: no back-run may land it any more.
    if (withdrawn) this.mevShare.withdraw(hash);
    return withdrawn;
  }

  /** Protected transactions waiting for the next block. */
  pendingProtected(): readonly RawTx[] {
    return this.intake.pendingProtected();
  }

  /**
   * eth_callBundle: runs the bundle at the top of its target block on the state it names and reports
   * what each transaction did, returned and paid the block producer. Nothing is kept.
   */
  callBundle(params: CallBundleParams): Promise<CallBundleResult> {
    const txs = bundleRaws("eth_callBundle", params.txs);
    // On the latest state the bundle is run in the node's pool: the builder's own turn, unseen by watchers.
    const exclusive = <T>(task: () => Promise<T>) => this.internally(task);
    return callBundle({ chain: this.chain, forks: this.forks, exclusive }, txs, params);
  }

  /**
   * The next block, as the chain asks for it (Chain.mine): its transactions put in block order, mined
   * by `mineAt`, and the build recorded. Nothing else touches the chain meanwhile.
   */
  produceBlock(mineAt: (timestamp: number) => Promise<Block>): Promise<Block> {
    return this.exclusive(async () => {
      const latest = await this.chain.latestBlock();
      // Reverted, reset or mined without the builder since its last block: the places it knew in the
      // pool may be wrong (what arrives from now on is placed right).
      if (latest.hash !== this.knownHead) this.arrivals.forget();
      return this.ownTurn(() => this.build(latest, mineAt));
    });
  }

  private mevIntake(): MevIntake {
    const { chain, intake, stats, mevShare } = this;
    return {
      chain,
      intake,
      stats,
      mevShare,
      sendBundle: (params, origin, signer) => this.sendBundle(params, origin, signer),
    };
  }

  /** Builds the block after `latest` and mines it with `mineAt`. */
  private async build(latest: Block, mineAt: (timestamp: number) => Promise<Block>): Promise<Block> {
    const timestamp = latest.timestamp + this.chain.blockTimeSeconds;
    const gasLimit = latest.gasLimit < BigInt(BLOCK_GAS_LIMIT) ? latest.gasLimit : BigInt(BLOCK_GAS_LIMIT);
    const plan = await this.prepare({ number: latest.number + 1, timestamp, gasLimit });
    const block = await mineAt(timestamp);
    this.knownHead = block.hash;
    this.complete(plan, block.transactions);
    return block;
  }

  /** Puts the next block's transactions into the pool in block order (the caller mines). */
  private prepare(next: NextBlock): Promise<BuildPlan> {
    const { chain, intake, origins, ordering, mevShare, arrivals } = this;
    return assembleBlock({ chain, intake, origins, ordering, mevShare, arrivals }, next);
  }

  /** After the block is mined: positions of included bundles, and the report the engine publishes. */
  private complete(plan: BuildPlan, blockTxs: readonly string[]): void {
    const report = buildReportOf(plan, blockTxs, this.ordering);
    this.reports.record(plan.number, report);
    if (report) this.stats.built(report);
    this.mevShare.afterBlock(plan.number, blockTxs);
  }
}
