/**
 * The engine: the only thing that mines. Around each block it publishes what happened, in a fixed
 * order: pending transactions (and the bots' reactions to them), the block, pool / oracle /
 * position changes, the inspector's labels, balances; then the bots look at the new block.
 *
 * It knows nothing of terminals, HTTP or sockets: it emits events on a bus.
 */
import type { TransactionRequest, TransactionResponse } from "ethers";
import { keccak256, Transaction, toQuantity } from "ethers";
import { type BuilderNotice, signedTransactionOf } from "../builder/builder";
import type { RawTx } from "../builder/bundle";
import { BASE_FEE_PER_GAS, type Chain } from "../chain/chain";
import type {
  BundleTx,
  DecodedAction,
  EventBus,
  EventDraft,
  MinedTx,
  SandboxEvent,
  TokenAmount,
  TxPending,
  TxSource,
} from "../events";
import { inspectBlock } from "../inspector/inspector";
import { COINBASE_ADDRESS, isCoinbase } from "../world/actors";
import type { World } from "../world/types";
import {
  type Bot,
  type BotContext,
  type BundleEntry,
  type MinedBlock,
  minedBlockOf,
  type PendingTx,
} from "./bot";
import { TxDecoder, tipOf } from "./decode";
import { MempoolWatcher } from "./mempool";
import { signAll } from "./signing";
import { StateReporter } from "./state";

/**
 * Bots may answer each other's transactions, but not forever within one block. A gas auction's
 * bidding war is the longest exchange: each round every bidder answers the other's last tip.
 */
const MAX_REACTION_ROUNDS = 128;

export interface EngineOptions {
  world: World;
  bus: EventBus;
  bots?: Bot[];
  /** The run its events belong to, from the start (a run that fails before it begins says so in its own name). */
  runId?: string;
}

export class Engine {
  readonly world: World;
  readonly chain: Chain;
  readonly decoder: TxDecoder;
  private readonly bus: EventBus;
  private readonly mempool: MempoolWatcher;
  private readonly state: StateReporter;
  private bots: Bot[];
  private runId = "";
  private stepIndex = -1;
  private readonly seenPending = new Set<string>();
  /** The last pending transaction seen per sender and nonce, to tell a replacement (a fee bump). */
  private readonly pendingByNonce = new Map<string, string>();
  private unseenByBots: PendingTx[] = [];
  private readonly decodedAtPending = new Map<string, DecodedAction>();
  /** The last builder notice (bundle received or cancelled) this engine published. */
  private builderCursor = 0;

  constructor(options: EngineOptions) {
    this.world = options.world;
    this.chain = options.world.chain;
    this.bus = options.bus;
    this.bots = options.bots ?? [];
    this.runId = options.runId ?? "";
    this.decoder = new TxDecoder(this.world);
    this.mempool = new MempoolWatcher(this.chain);
    this.state = new StateReporter(this.world, (draft) => this.emit(draft));
  }

  /** Starts a run: events are stamped with `runId`; balances count from now. */
  async beginRun(runId: string, bots: Bot[]): Promise<void> {
    this.runId = runId;
    this.stepIndex = -1;
    this.bots = bots;
    this.seenPending.clear();
    this.pendingByNonce.clear();
    this.unseenByBots = [];
    this.decodedAtPending.clear();
    this.builderCursor = this.chain.builder.lastNotice;
    await this.mempool.start();
    await this.state.begin();
  }

  setStep(index: number): void {
    this.stepIndex = index;
  }

  /** Stamps a draft with the run and step and publishes it. */
  emit(draft: EventDraft): SandboxEvent {
    const event = { ...draft, runId: this.runId, step: this.stepIndex } as SandboxEvent;
    this.bus.emit(event);
    return event;
  }

  /** Publishes every pool's reserves and every oracle price as the run starts. */
  async publishInitialState(): Promise<void> {
    await this.state.emitInitialState((await this.chain.latestBlock()).number);
  }

  /** Final balances and PnL of the run, from the chain. */
  pnl() {
    return this.state.pnl();
  }

  /**
   * Publishes every transaction that entered the mempool since the last look (tx:pending), without
   * showing them to the bots yet: a step can narrate the victim's transaction before anyone reacts.
   */
  async publishMempool(): Promise<PendingTx[]> {
    await this.publishBuilderNotices();
    const fresh = await this.pollPending();
    this.unseenByBots.push(...fresh);
    return fresh;
  }

  /**
   * Shows the bots what they have not seen yet and lets them react, round after round (a bot may
   * answer another's transaction), until nobody sends anything new.
   */
  async letBotsReact(): Promise<void> {
    for (let round = 0; round < MAX_REACTION_ROUNDS; round++) {
      await this.publishMempool();
      const batch = this.unseenByBots.splice(0);
      if (batch.length === 0) return;
      const ctx = await this.botContext();
      for (const bot of this.bots) {
        const others = batch.filter((tx) => this.world.registry.label(tx.from) !== bot.actor);
        if (others.length > 0 && bot.onPending) await bot.onPending(others, ctx);
      }
    }
  }

  /** Publishes the mempool and lets the bots react: what happens before every block. */
  async observe(): Promise<void> {
    await this.publishMempool();
    await this.letBotsReact();
  }

  /** How many transactions wait in the mempool now. */
  async pendingCount(): Promise<number> {
    return (await this.mempool.pendingHashes()).length;
  }

  /** Mines one block and publishes everything about it; then the bots look at it. */
  async mine(): Promise<MinedBlock> {
    await this.observe();
    const block = await this.chain.mine();
    const mined = await minedBlockOf(this.chain, block);
    await this.emitBlock(mined, block.hash!, block.gasUsed);
    const built = this.chain.builder.reportFor(mined.number);
    if (built) this.emit(built);
    await this.state.afterBlock(mined);
    for (const draft of await inspectBlock(mined, this.world)) this.emit(draft);
    await this.state.emitBalances(mined.number);
    const ctx = await this.botContext();
    for (const bot of this.bots) if (bot.onBlock) await bot.onBlock(mined, ctx);
    await this.observe();
    return mined;
  }

  /**
   * Sends a bundle of `from`'s transactions (signed here, consecutive nonces) to the builder for the
   * next block, or `targetBlock`. Private: bots watching the mempool never see it.
   */
  async sendBundle(
    origin: string,
    from: string,
    entries: readonly BundleEntry[],
    options: { targetBlock?: number; revertingIndexes?: readonly number[]; nonce?: number } = {},
  ): Promise<{ bundle: string; txs: string[] }> {
    const own = entries.filter((entry): entry is TransactionRequest => !("pendingTx" in entry));
    const signedOwn = await signAll(this.chain, from, own, options.nonce);
    const signed: string[] = [];
    for (const entry of entries) {
      // Someone else's pending transaction travels as its own signed bytes (a backrun's target).
      signed.push(
        "pendingTx" in entry
          ? (await signedTransactionOf(this.chain, entry.pendingTx)).raw
          : signedOwn.shift()!,
      );
    }
    const targetBlock = options.targetBlock ?? (await this.chain.latestBlock()).number + 1;
    // A signed transaction's hash is the keccak256 of its bytes.
    const hashes = signed.map((raw) => keccak256(raw));
    const { bundleHash } = await this.chain.builder.sendBundle(
      {
        txs: signed,
        blockNumber: targetBlock,
        revertingTxHashes: (options.revertingIndexes ?? []).map((i) => hashes[i]!),
      },
      origin,
    );
    return { bundle: bundleHash, txs: hashes };
  }

  /** Sends `from`'s transaction through the protected path: only the builder sees it. */
  async sendProtected(from: string, tx: TransactionRequest): Promise<string> {
    const [signed] = await signAll(this.chain, from, [tx]);
    const hash = await this.chain.builder.protect(signed!);
    // Decoded now, on the state it was sent against (as a pending one is), not after its block.
    const sent = Transaction.from(signed!);
    this.decodedAtPending.set(
      hash,
      await this.decoder.decode({
        from: sent.from!,
        to: sent.to,
        data: sent.data,
        value: sent.value,
        maxPriorityFeePerGas: sent.maxPriorityFeePerGas,
        gasPrice: sent.maxFeePerGas ?? sent.gasPrice ?? 0n,
      }),
    );
    return hash;
  }

  /** Publishes the bundles the builder received (or saw cancelled) since the last look. */
  private async publishBuilderNotices(): Promise<void> {
    const { notices, last } = this.chain.builder.noticesAfter(this.builderCursor);
    this.builderCursor = last;
    for (const notice of notices) await this.publishNotice(notice);
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
    for (const tx of bundle.txs) txs.push(await this.bundleTx(tx, bundle.revertingTxHashes));
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

  private async bundleTx(tx: RawTx, reverting: ReadonlySet<string>): Promise<BundleTx> {
    const { registry } = this.world;
    const action = await this.decoder.decode({ ...tx, gasPrice: tx.maxFeePerGas });
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

  private async pollPending(): Promise<PendingTx[]> {
    // Bundle and protected transactions pass through the pool only while a block is built: skip them.
    const txs = (await this.mempool.poll()).filter(
      (tx) => !this.seenPending.has(tx.hash) && !this.chain.builder.originOf(tx.hash),
    );
    const out: PendingTx[] = [];
    for (const tx of txs) {
      this.seenPending.add(tx.hash);
      out.push(await this.publishPending(tx));
    }
    return out;
  }

  private async publishPending(tx: TransactionResponse): Promise<PendingTx> {
    const { registry } = this.world;
    const action = await this.decoder.decode(tx);
    this.decodedAtPending.set(tx.hash, action);
    const source = this.publicSource(tx.from);
    const pending: PendingTx = {
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
    const nonceKey = `${tx.from.toLowerCase()}:${tx.nonce}`;
    const replaced = this.pendingByNonce.get(nonceKey);
    this.pendingByNonce.set(nonceKey, tx.hash);
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

  /** Public transactions: an actor's, or an outside wallet's. */
  private publicSource(from: string): TxSource {
    return this.world.registry.lookup(from)?.kind === "actor" ? "public" : "external";
  }

  private async emitBlock(block: MinedBlock, hash: string, gasUsed: bigint): Promise<void> {
    const { registry } = this.world;
    const txs: MinedTx[] = [];
    for (const receipt of block.receipts) {
      const tip = receipt.gasPrice - block.baseFeePerGas;
      const fee = receipt.gasUsed * tip;
      const origin = this.chain.builder.originOf(receipt.hash);
      const payment = isCoinbase(receipt.to)
        ? ((await this.chain.provider.getTransaction(receipt.hash))?.value ?? 0n)
        : 0n;
      txs.push({
        hash: receipt.hash,
        index: receipt.index,
        from: { address: receipt.from, label: registry.label(receipt.from) },
        to: receipt.to ? { address: receipt.to, label: registry.label(receipt.to) } : null,
        status: receipt.status === 1 ? "success" : "reverted",
        gasUsed: receipt.gasUsed.toString(),
        tip: tip.toString(),
        coinbaseFee: fee.toString(),
        coinbasePayment: payment.toString(),
        // As decoded when it was pending: the slippage it showed then, not against the state after.
        action: this.decodedAtPending.get(receipt.hash) ?? (await this.decodeMined(receipt.hash)),
        source: origin?.source ?? this.publicSource(receipt.from),
        bundle: origin?.bundle ?? null,
      });
    }
    // Read from the chain: priority fees plus whatever was sent to the producer, inside contracts too.
    const coinbaseTake =
      (await this.coinbaseBalance(block.number)) - (await this.coinbaseBalance(block.number - 1));
    const take: TokenAmount = { amount: coinbaseTake.toString(), symbol: "ETH", decimals: 18 };
    this.emit({
      type: "block:mined",
      block: block.number,
      hash,
      timestamp: block.timestamp,
      baseFeePerGas: block.baseFeePerGas.toString(),
      gasUsed: gasUsed.toString(),
      txs,
      coinbaseTake: take,
    });
  }

  private async coinbaseBalance(block: number): Promise<bigint> {
    return this.chain.provider.getBalance(COINBASE_ADDRESS, block);
  }

  private async botContext(): Promise<BotContext> {
    const latest = await this.chain.latestBlock();
    return {
      world: this.world,
      chain: this.chain,
      blockNumber: latest.number,
      // The sandbox holds every block's base fee (Chain.mine), so the next one is known.
      nextBaseFee: BASE_FEE_PER_GAS,
      decide: (draft) => this.emit(draft),
      publish: (draft) => this.emit(draft),
      send: (from, tx) => this.send(from, tx),
      // The bot targets the block after the one it sees (no second round trip for the number).
      sendBundle: (bot, from, entries, options) =>
        this.sendBundle(bot, from, entries, { targetBlock: latest.number + 1, ...options }),
    };
  }

  /**
   * Sends a transaction from a named account. A transaction with its gas limit and fees set goes to the
   * node as is and the node gives it the account's next nonce: a bot racing a victim cannot afford the
   * wallet's round trips (a "pending" nonce query makes the node execute every pending transaction,
   * several ms; the signer also polls for the transaction it just sent). Others go through the signer.
   */
  async send(from: string, tx: TransactionRequest): Promise<string> {
    // One raw eth_sendTransaction: the node assigns the nonce and fills what is missing (gas by
    // estimation, fees from the base fee). Bots pass gasLimit and fees, so nothing is estimated.
    return this.chain.rpc<string>("eth_sendTransaction", [rpcTransaction({ ...tx, from })]);
  }

  /** Decodes a mined transaction that was never seen pending (sent and mined between two looks). */
  private async decodeMined(hash: string): Promise<DecodedAction> {
    return this.decoder.decode((await this.chain.provider.getTransaction(hash))!);
  }
}

/** A fully specified transaction request in JSON-RPC form (quantities as hex). */
function rpcTransaction(tx: TransactionRequest & { from: string }): Record<string, string> {
  const rpc: Record<string, string> = { from: tx.from };
  if (tx.to != null) rpc.to = String(tx.to);
  if (tx.data != null) rpc.data = tx.data;
  if (tx.value != null) rpc.value = toQuantity(tx.value);
  if (tx.gasLimit != null) rpc.gas = toQuantity(tx.gasLimit);
  if (tx.maxFeePerGas != null) rpc.maxFeePerGas = toQuantity(tx.maxFeePerGas);
  if (tx.maxPriorityFeePerGas != null) rpc.maxPriorityFeePerGas = toQuantity(tx.maxPriorityFeePerGas);
  if (tx.nonce != null) rpc.nonce = toQuantity(tx.nonce);
  return rpc;
}
