/**
 * The engine: the only thing that mines. Around each block it publishes what happened, in a fixed
 * order: pending transactions (and the bots' reactions to them), the block, the builder's report,
 * pool / oracle / position changes, the labels of whoever inspects blocks, balances; then the bots
 * look at the new block.
 *
 * It knows nothing of terminals, HTTP or sockets (it emits events on a bus), nor of who labels MEV
 * (an `inspect` function is given to it).
 */
import type { TransactionRequest } from "ethers";
import type { Builder } from "../builder/builder";
import { BASE_FEE_PER_GAS, type Chain } from "../chain/chain";
import type { EventBus, EventDraft, MevShareHint, MevShareStreamEvent, SandboxEvent } from "../events";
import type { World } from "../world/types";
import { blockReport } from "./blockReport";
import {
  type Bot,
  type BotContext,
  type BundleEntry,
  type MinedBlock,
  minedBlockOf,
  type PendingTx,
} from "./bot";
import { CalldataDecoder } from "./calldata";
import { MevShareDesk } from "./mevShare";
import { type BundleOptions, Outbox } from "./outbox";
import { PendingFeed } from "./pendingFeed";
import { type ReportedAccount, StateReporter } from "./stateReporter";

/**
 * Bots may answer each other's transactions, but not forever within one block. A gas auction's
 * bidding war is the longest exchange: each round every bidder answers the other's last tip.
 */
const MAX_REACTION_ROUNDS = 128;

/**
 * Reads what a run's own contracts (deployed by its scenario, not the world's) did in a mined block and
 * says it in events, published with the block's state: a lending pool's positions, its oracle's price.
 */
export type BlockWatcher = (block: MinedBlock) => Promise<EventDraft[]>;

/** Labels a mined block (the inspector does: server/inspector). */
export type BlockInspector = (block: MinedBlock, world: World) => Promise<EventDraft[]>;

export interface EngineOptions {
  world: World;
  bus: EventBus;
  /** Builds every block; holds the bundles and protected transactions. */
  builder: Builder;
  /** Labels each mined block; no labels without it. */
  inspect?: BlockInspector;
  bots?: Bot[];
  /** The run its events belong to, from the start (a run that fails before it begins says so in its own name). */
  runId?: string;
  /** Accounts whose balances are reported beside the actors' (the live chain's students). */
  extraAccounts?: () => readonly ReportedAccount[];
}

export class Engine {
  readonly world: World;
  readonly chain: Chain;
  readonly builder: Builder;
  readonly decoder: CalldataDecoder;
  private readonly bus: EventBus;
  private readonly feed: PendingFeed;
  private readonly outbox: Outbox;
  private readonly state: StateReporter;
  private readonly mevShare: MevShareDesk;
  private readonly inspect: BlockInspector;
  private bots: Bot[];
  private watchers: BlockWatcher[] = [];
  private runId: string;
  private stepIndex = -1;
  private unseenByBots: PendingTx[] = [];
  private unseenHints: MevShareStreamEvent[] = [];

  constructor(options: EngineOptions) {
    this.world = options.world;
    this.chain = options.world.chain;
    this.builder = options.builder;
    this.bus = options.bus;
    this.bots = options.bots ?? [];
    this.runId = options.runId ?? "";
    this.inspect = options.inspect ?? (async () => []);
    this.decoder = new CalldataDecoder(this.world);
    this.feed = new PendingFeed(this.world, this.builder, this.decoder, (draft) => this.emit(draft));
    this.outbox = new Outbox(this.chain, this.builder, this.decoder, this.feed);
    this.mevShare = new MevShareDesk(this.world, this.builder, this.decoder, this.feed, (d) => this.emit(d));
    this.state = new StateReporter(this.world, (draft) => this.emit(draft), options.extraAccounts);
  }

  /** Starts a run: events are stamped with `runId`; balances count from now. */
  async beginRun(runId: string, bots: Bot[]): Promise<void> {
    this.runId = runId;
    this.stepIndex = -1;
    this.bots = bots;
    this.watchers = [];
    this.unseenByBots = [];
    this.unseenHints = [];
    this.mevShare.begin();
    await this.feed.begin();
    await this.state.begin();
  }

  /** The run is over or abandoned: stops watching the mempool. */
  endRun(): Promise<void> {
    return this.feed.end();
  }

  /** Until the run ends, `watcher` reports after every block, right after the world's pools and positions. */
  watch(watcher: BlockWatcher): void {
    this.watchers.push(watcher);
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

  /** Each actor's change over the run so far, valued at the oracle's and at the DEX's prices, from the chain. */
  pnl() {
    return this.state.pnl();
  }

  /**
   * Publishes every transaction that entered the mempool since the last look (tx:pending), without
   * showing them to the bots yet: a step can narrate the victim's transaction before anyone reacts.
   */
  async publishMempool(): Promise<PendingTx[]> {
    const fresh = await this.feed.publish();
    this.unseenByBots.push(...fresh);
    this.unseenHints.push(...this.mevShare.publishHints());
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
      const hints = this.unseenHints.splice(0);
      if (batch.length === 0 && hints.length === 0) return;
      const ctx = await this.botContext();
      for (const bot of this.bots) {
        const others = batch.filter((tx) => this.world.registry.label(tx.from) !== bot.actor);
        if (others.length > 0 && bot.onPending) await bot.onPending(others, ctx);
        if (hints.length > 0 && bot.onHint) await bot.onHint(hints, ctx);
      }
    }
  }

  /** Publishes the mempool and lets the bots react: what happens before every block. */
  async observe(): Promise<void> {
    // letBotsReact publishes the mempool first: a second look before it would find nothing new.
    await this.letBotsReact();
  }

  /** How many transactions wait in the mempool now. */
  pendingCount(): Promise<number> {
    return this.feed.pendingCount();
  }

  /** Mines one block and publishes everything about it; then the bots look at it. */
  async mine(): Promise<MinedBlock> {
    await this.observe();
    const block = await this.chain.mine();
    const mined = await minedBlockOf(this.chain, block);
    this.emit(
      await blockReport(mined, block.hash!, block.gasUsed, {
        world: this.world,
        builder: this.builder,
        actionOf: async (hash) => this.feed.decodedWhenPending(hash) ?? (await this.decodeMined(hash)),
        sourceOf: (from) => this.feed.sourceOf(from),
      }),
    );
    const built = this.builder.reportFor(mined.number);
    if (built) this.emit(built);
    this.mevShare.publishRefunds(mined.number);
    await this.state.afterBlock(mined);
    for (const watcher of this.watchers) for (const draft of await watcher(mined)) this.emit(draft);
    for (const draft of await this.inspect(mined, this.world)) this.emit(draft);
    await this.state.emitBalances(mined.number);
    const ctx = await this.botContext();
    for (const bot of this.bots) if (bot.onBlock) await bot.onBlock(mined, ctx);
    await this.observe();
    return mined;
  }

  /** Sends a transaction from a named account to the public mempool (see Outbox.send). */
  send(from: string, tx: TransactionRequest): Promise<string> {
    return this.outbox.send(from, tx);
  }

  /** Sends a bundle to the builder (see Outbox.sendBundle). Private: bots never see it. */
  sendBundle(
    origin: string,
    from: string,
    entries: readonly BundleEntry[],
    options: BundleOptions = {},
  ): Promise<{ bundle: string; txs: string[] }> {
    return this.outbox.sendBundle(origin, from, entries, options);
  }

  /** Sends `from`'s transaction through the protected path: only the builder sees it. */
  sendProtected(from: string, tx: TransactionRequest): Promise<string> {
    return this.outbox.sendProtected(from, tx);
  }

  /** Sends `from`'s transaction privately, shared on MEV-Share with `hints` (see MevShareDesk.sendShared). */
  sendShared(from: string, tx: TransactionRequest, hints: MevShareHint[]): Promise<string> {
    return this.mevShare.sendShared(from, tx, hints);
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
      sendMevBundle: (bot, from, target, txs) => this.mevShare.sendBackrun(bot, from, target, txs),
    };
  }

  /** Decodes a mined transaction that was never seen pending (sent and mined between two looks). */
  private async decodeMined(hash: string) {
    return this.decoder.decode((await this.chain.provider.getTransaction(hash))!);
  }
}
