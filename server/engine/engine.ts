/**
 * The engine: the only thing that mines. Around each block it publishes what happened, in a fixed
 * order: pending transactions (and the bots' reactions to them), the block, pool / oracle /
 * position changes, the inspector's labels, balances; then the bots look at the new block.
 *
 * It knows nothing of terminals, HTTP or sockets: it emits events on a bus.
 */
import type { TransactionRequest, TransactionResponse } from "ethers";
import { id as keccakId, toQuantity } from "ethers";
import { BASE_FEE_PER_GAS, type Chain } from "../chain/chain";
import type {
  DecodedAction,
  EventBus,
  EventDraft,
  MinedTx,
  SandboxEvent,
  TokenAmount,
  TxPending,
} from "../events";
import { inspectBlock } from "../inspector/inspector";
import type { World } from "../world/types";
import { type Bot, type BotContext, type MinedBlock, minedBlockOf, type PendingTx } from "./bot";
import { TxDecoder, tipOf } from "./decode";
import { MempoolWatcher } from "./mempool";
import { StateReporter } from "./state";

/** Bots may answer each other's transactions, but not forever within one block. */
const MAX_REACTION_ROUNDS = 4;

export interface EngineOptions {
  world: World;
  bus: EventBus;
  bots?: Bot[];
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
  private unseenByBots: PendingTx[] = [];
  private readonly decodedAtPending = new Map<string, DecodedAction>();
  /** Hashes of transactions sent through a private path (bundles; later issue). */
  readonly privateTxs = new Set<string>();

  constructor(options: EngineOptions) {
    this.world = options.world;
    this.chain = options.world.chain;
    this.bus = options.bus;
    this.bots = options.bots ?? [];
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
    this.unseenByBots = [];
    this.decodedAtPending.clear();
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
    await this.state.afterBlock(mined);
    for (const draft of await inspectBlock(mined, this.world)) this.emit(draft);
    await this.state.emitBalances(mined.number);
    const ctx = await this.botContext();
    for (const bot of this.bots) if (bot.onBlock) await bot.onBlock(mined, ctx);
    await this.observe();
    return mined;
  }

  private async pollPending(): Promise<PendingTx[]> {
    const txs = (await this.mempool.poll()).filter((tx) => !this.seenPending.has(tx.hash));
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
    const known = registry.lookup(tx.from)?.kind === "actor";
    const source = this.privateTxs.has(tx.hash) ? "bundle" : known ? "public" : "external";
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
    const event: EventDraft<TxPending> = {
      type: "tx:pending",
      hash: tx.hash,
      from: { address: tx.from, label: registry.label(tx.from) },
      to: tx.to ? { address: tx.to, label: registry.label(tx.to) } : null,
      nonce: tx.nonce,
      tip: pending.tip.toString(),
      action,
      source,
    };
    this.emit(event);
    return pending;
  }

  private async emitBlock(block: MinedBlock, hash: string, gasUsed: bigint): Promise<void> {
    const { registry } = this.world;
    const txs: MinedTx[] = [];
    let coinbaseTake = 0n;
    for (const receipt of block.receipts) {
      const tip = receipt.gasPrice - block.baseFeePerGas;
      const fee = receipt.gasUsed * tip;
      coinbaseTake += fee;
      txs.push({
        hash: receipt.hash,
        index: receipt.index,
        from: { address: receipt.from, label: registry.label(receipt.from) },
        to: receipt.to ? { address: receipt.to, label: registry.label(receipt.to) } : null,
        status: receipt.status === 1 ? "success" : "reverted",
        gasUsed: receipt.gasUsed.toString(),
        tip: tip.toString(),
        coinbaseFee: fee.toString(),
        // As decoded when it was pending: the slippage it showed then, not against the state after.
        action: this.decodedAtPending.get(receipt.hash) ?? (await this.decodeMined(receipt.hash)),
      });
    }
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

  private async botContext(): Promise<BotContext> {
    const latest = await this.chain.latestBlock();
    return {
      world: this.world,
      chain: this.chain,
      blockNumber: latest.number,
      // The sandbox holds every block's base fee (Chain.mine), so the next one is known.
      nextBaseFee: BASE_FEE_PER_GAS,
      decide: (draft) => this.emit(draft),
      send: (from, tx) => this.send(from, tx),
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

/** A stable id for a decision: the hash of what it was decided from. */
export function decisionId(parts: readonly (string | number | bigint)[]): string {
  return keccakId(parts.map(String).join("|")).slice(0, 18);
}
