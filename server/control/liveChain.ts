/**
 * The sandbox between scenario runs: the chain as outside wallets see it. The live chain watches the
 * mempool (so an outside wallet's transaction shows up as `tx:pending`, source "external") and
 * mines a block every `blockTime` seconds, or when the instructor asks.
 *
 * In live mode the bots join: they watch every pending transaction and every block the live chain mines,
 * and act on them, exactly as in a scenario. Its events carry the run id "live".
 *
 * A scenario run takes the chain over: the live chain is suspended until the run is over.
 */
import type { Bot, MinedBlock } from "../engine/bot";
import type { CleanWorld } from "../engine/cleanWorld";
import { Engine } from "../engine/engine";
import type { ReportedAccount } from "../engine/stateReporter";
import type { SandboxEvent } from "../events";
import { labelBlock } from "../inspector/inspector";
import type { ChainLock } from "./lock";

/** The run id of the live chain's events. */
export const LIVE_RUN_ID = "live";

/** How often the live chain looks at the mempool. */
const MEMPOOL_POLL_MS = 200;
/** How many recent events of the live chain a viewer who joins receives first. */
const RECENT_EVENTS = 500;

export interface LiveStatus {
  /** Bots watch and act on every block the sandbox mines. */
  enabled: boolean;
  /** Seconds between blocks the live chain mines on its own; 0 mines only on request. */
  blockTime: number;
  /** False while a scenario run holds the chain. */
  active: boolean;
  bots: string[];
}

export interface LiveChainOptions {
  clean: CleanWorld;
  lock: ChainLock;
  blockTime: number;
  /** The bots live mode lets loose (built afresh each time live mode is turned on). */
  liveBots: () => Bot[];
  /** Called when periodic work fails (the live chain keeps going). */
  onError: (error: unknown) => void;
  /** Accounts reported beside the actors (the class's students). */
  extraAccounts?: () => readonly ReportedAccount[];
}

export class LiveChain {
  readonly engine: Engine;
  private enabled = false;
  private blockTime: number;
  private suspended = true;
  private bots: Bot[] = [];
  private readonly recent: SandboxEvent[] = [];
  /** The copy of `recent` handed to joining viewers, until the next event of the live chain. */
  private recentCopy: SandboxEvent[] | null = null;
  private pollTimer: NodeJS.Timeout | undefined;
  private blockTimer: NodeJS.Timeout | undefined;
  private readonly unsubscribe: () => void;
  private readonly resumeListeners = new Set<() => void>();
  /** The chain's generation (CleanWorld.generation) the recent events belong to. */
  private generation = 0;

  constructor(private readonly options: LiveChainOptions) {
    this.blockTime = options.blockTime;
    const { world, bus, builder } = options.clean;
    this.engine = new Engine({
      world,
      bus,
      builder,
      inspect: labelBlock,
      extraAccounts: options.extraAccounts,
    });
    this.unsubscribe = bus.on((event) => {
      if (event.runId !== LIVE_RUN_ID) return;
      this.recent.push(event);
      if (this.recent.length > RECENT_EVENTS) this.recent.shift();
      this.recentCopy = null;
    });
  }

  status(): LiveStatus {
    return {
      enabled: this.enabled,
      blockTime: this.blockTime,
      active: !this.suspended,
      bots: this.bots.map((b) => b.name),
    };
  }

  /** The live chain's recent events, oldest first (one copy shared by every viewer until the next event). */
  recentEvents(): SandboxEvent[] {
    this.recentCopy ??= [...this.recent];
    return this.recentCopy;
  }

  /** (Re)starts watching from the chain's current state: called at start-up and after each run. */
  async resume(): Promise<void> {
    this.stopTimers();
    // The chain went back to the clean world since: the blocks we remember are gone (their numbers
    // come back with other hashes).
    if (this.generation !== this.options.clean.generation) {
      this.generation = this.options.clean.generation;
      this.recent.length = 0;
      this.recentCopy = null;
    }
    await this.options.lock.run(() => this.engine.beginRun(LIVE_RUN_ID, this.bots));
    this.suspended = false;
    this.pollTimer = setInterval(() => this.poll(), MEMPOOL_POLL_MS);
    this.scheduleBlocks();
    for (const listener of this.resumeListeners) listener();
  }

  /** Calls `listener` each time the live chain resumes (after a run, a reset, a heal). */
  onResume(listener: () => void): void {
    this.resumeListeners.add(listener);
  }

  /** A scenario run takes the chain: stop watching and mining until `resume()`. */
  suspend(): void {
    this.suspended = true;
    this.stopTimers();
  }

  get isSuspended(): boolean {
    return this.suspended;
  }

  /** Turns live mode on or off; `blockTime` (seconds, 0 = on request only) if given. */
  async setLive(enabled: boolean, blockTime?: number): Promise<LiveStatus> {
    this.enabled = enabled;
    if (blockTime !== undefined) this.blockTime = blockTime;
    this.bots = enabled ? this.options.liveBots() : [];
    if (!this.suspended) await this.resume();
    return this.status();
  }

  /** Mines one block now, through the engine (bots see it in live mode). */
  mineNow(): Promise<MinedBlock> {
    return this.options.lock.run(() => this.engine.mine());
  }

  close(): void {
    this.stopTimers();
    this.unsubscribe();
  }

  private scheduleBlocks(): void {
    if (this.blockTime <= 0) return;
    this.blockTimer = setInterval(() => {
      if (this.suspended) return;
      this.options.lock
        .run(async () => {
          // Checked again inside the lock: a run may have taken the chain while this block waited.
          if (!this.suspended) await this.engine.mine();
        })
        .catch(this.options.onError);
    }, this.blockTime * 1000);
  }

  /** Publishes new pending transactions; in live mode the bots react to them at once. */
  private poll(): void {
    if (this.suspended || this.options.lock.busy) return;
    this.options.lock
      .run(async () => {
        if (!this.suspended) await this.engine.observe();
      })
      .catch(this.options.onError);
  }

  private stopTimers(): void {
    clearInterval(this.pollTimer);
    clearInterval(this.blockTimer);
    this.pollTimer = undefined;
    this.blockTimer = undefined;
  }
}
