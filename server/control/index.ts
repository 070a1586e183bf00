/**
 * The sandbox's controls, in one object: runs, live mode, the bots' decision log, on-demand
 * arbitrage, simulation. The HTTP API and socket.io are thin adapters over it; so is a test.
 * Everything that changes the chain goes through one lock.
 */

import type { MevShare } from "../builder/mevShare";
import { Classroom } from "../classroom/classroom";
import type { CleanWorld } from "../engine/cleanWorld";
import { conflict, notFound } from "../errors";
import type { EventBus } from "../events";
import type { Replayer } from "../replay/fork";
import { SCENARIOS } from "../scenarios";
import { botsFor } from "../scenarios/bots";
import type { ScenarioDefinition } from "../scenarios/scenario";
import type { RunStore } from "../store";
import { toBaseUnits } from "../world/config";
import type { World } from "../world/types";
import { ArbitrageBook, type ExecutionResult } from "./arbitrage";
import { BundleDesk } from "./bundleDesk";
import { type Health, WorldGuard } from "./guard";
import { LIVE_RUN_ID, LiveChain, type LiveStatus } from "./liveChain";
import { ChainLock } from "./lock";
import { MevLog, timeBots } from "./mevLog";
import { type MitigationsReport, mitigationsOf, type VictimLabel } from "./mitigations";
import { PublishedState } from "./published";
import { type ReorderResult, reorderBlock } from "./reorder";
import { RiskDesk } from "./riskDesk";
import { RunManager } from "./runManager";
import { type SimulationResult, simulateTransactions } from "./simulate";

/** The bots live mode lets loose, with the scenarios' default settings. */
export const LIVE_BOT_SETTINGS = {
  sandwicher: { capital: toBaseUnits(1_000n, 18) },
  arbitrageur: { maxHops: 3 },
  liquidator: { flash: true },
};

export interface ControlOptions {
  clean: CleanWorld;
  /** Seconds between the blocks the live chain mines on its own; 0 = on request only. */
  blockTime: number;
  /** Scenarios on top of the shipped ones (tests add one that throws on purpose). */
  extraScenarios?: readonly ScenarioDefinition[];
  onError?: (error: unknown) => void;
  /** How often the guard checks the world (ms); tests make it short. */
  guardIntervalMs?: number;
  /** The code students type to join the class (classroom mode); null: no code. */
  classCode?: string | null;
  /** Where runs and every event are kept (server/store). */
  store: RunStore;
  /** Re-executes past blocks on a fork (reorder a block). */
  replayer: Replayer;
}

export interface SandboxStatus {
  /** The run driving the chain, if any. */
  runningRunId: string | null;
  live: LiveStatus;
  /** Whether the world is whole: "ok", "healing" it, or "degraded" (with why) while it cannot. */
  health: Health;
}

type Listener<T> = (value: T) => void;

export class SandboxControl {
  readonly world: World;
  readonly bus: EventBus;
  readonly lock = new ChainLock();
  readonly scenarios: readonly ScenarioDefinition[];
  readonly mev: MevLog;
  /** Every run and event, kept across restarts; the MEV statistics are read from it. */
  readonly store: RunStore;
  readonly live: LiveChain;
  readonly runs: RunManager;
  readonly arbitrage: ArbitrageBook;
  /** The block builder for the API: bundles, simulation of bundles, the ordering setting. */
  readonly bundles: BundleDesk;
  /** Notices when the world is altered from outside, and restores it. */
  readonly guard: WorldGuard;
  /** The world as last published, for open readers (never waiting for the chain lock). */
  readonly published: PublishedState;
  /** Students, challenges, the leaderboard and predictions. */
  readonly classroom: Classroom;
  /** Re-executes past blocks on a fork of the chain; the chain itself never changes. */
  readonly replayer: Replayer;
  /** The bots' risk controls: their status, the instructor's kill switch and resume. */
  readonly risk: RiskDesk;
  /** MEV-Share's hint stream (the builder's), for the stream's HTTP route. */
  readonly mevShare: MevShare;
  private readonly guardIntervalMs: number | undefined;
  private readonly executionListeners = new Set<Listener<ExecutionResult>>();

  constructor(options: ControlOptions) {
    const onError = options.onError ?? (() => {});
    this.world = options.clean.world;
    this.replayer = options.replayer;
    this.bus = options.clean.bus;
    this.scenarios = [...SCENARIOS, ...(options.extraScenarios ?? [])];
    this.mev = new MevLog(this.bus);
    const onLatency = (id: string, ms: number) => this.mev.noteLatency(id, ms);
    this.risk = new RiskDesk({
      bus: this.bus,
      emit: (draft) => (this.runs.holder() ?? this.live.engine).emit(draft),
      driver: () => this.runs.holder()?.id ?? (this.live.status().enabled ? LIVE_RUN_ID : null),
    });
    this.live = new LiveChain({
      clean: options.clean,
      lock: this.lock,
      blockTime: options.blockTime,
      liveBots: () =>
        timeBots(this.risk.register(LIVE_RUN_ID, botsFor(this.world, LIVE_BOT_SETTINGS)), onLatency),
      onError,
      extraAccounts: () => this.classroom.roster.list(),
    });
    this.runs = new RunManager({
      clean: options.clean,
      scenarios: this.scenarios,
      lock: this.lock,
      live: this.live,
      onLatency,
      onError,
      liveChainBusy: () => this.classroom.challenges.busyReason(),
      store: options.store,
      latencyOf: (event) => this.mev.latencyOf(event),
      registerBots: (runId, bots) => this.risk.register(runId, bots),
    });
    this.store = options.store;
    this.arbitrage = new ArbitrageBook(this.world);
    this.bundles = new BundleDesk(options.clean.builder, this.lock);
    this.mevShare = options.clean.builder.mevShare;
    this.published = new PublishedState(this.world, this.bus, this.lock);
    this.guardIntervalMs = options.guardIntervalMs;
    this.guard = new WorldGuard({
      world: this.world,
      clean: options.clean,
      bus: this.bus,
      lock: this.lock,
      abortRun: (reason) => this.runs.abort(reason),
      resumeLiveChain: async () => {
        if (!this.runs.holder()) await this.live.resume();
        await this.published.refresh();
      },
      onError,
    });
    this.runs.onReset(() => void this.published.refresh().catch(onError));
    this.classroom = new Classroom({
      world: this.world,
      bus: this.bus,
      live: this.live,
      lock: this.lock,
      classCode: options.classCode ?? null,
      generation: () => options.clean.generation,
      runningRunId: () => this.runs.holder()?.id ?? null,
      // Newest last: the latest scenario run is where a poll's truth is looked for first.
      runEvents: () => [
        { id: LIVE_RUN_ID, events: this.live.recentEvents() },
        ...this.runs
          .list()
          .filter(({ id }) => this.runs.has(id))
          .map(({ id }) => ({ id, events: this.runs.view(id).events })),
      ],
      setHouseBots: async (enabled) => {
        await this.setLive(enabled);
      },
      onError,
    });
  }

  /** Starts the live chain (the mempool is watched and blocks mined on the timer) and the guard. */
  async start(): Promise<void> {
    await this.live.resume();
    await this.published.refresh();
    await this.guard.start(this.guardIntervalMs);
  }

  status(): SandboxStatus {
    return {
      runningRunId: this.runs.holder()?.id ?? null,
      live: this.live.status(),
      health: this.guard.status(),
    };
  }

  private assertNoRun(what: string): void {
    const holder = this.runs.holder();
    if (holder) {
      throw conflict(
        "run_in_progress",
        `run ${holder.id} is driving the chain: ${what} waits until it is over`,
        {
          runningRunId: holder.id,
        },
      );
    }
  }

  async setLive(enabled: boolean, blockTime?: number): Promise<LiveStatus> {
    if (enabled) this.assertNoRun("live mode");
    return this.live.setLive(enabled, blockTime);
  }

  /** Mines a block now (live or not), outside any run. */
  async mine(): Promise<{ block: number; txs: string[] }> {
    this.assertNoRun("mining on demand");
    const block = await this.live.mineNow();
    return { block: block.number, txs: block.receipts.map((r) => r.hash) };
  }

  /**
   * A block an outside client asked for (evm_mine on the JSON-RPC port); the caller holds the lock.
   * Between runs the live chain mines it, so its events are published; during a run it is mined silently
   * (the run's own engine reports what it sees next).
   */
  async mineForOutsideClient(): Promise<void> {
    if (this.runs.holder()) await this.world.chain.mine();
    else await this.live.engine.mine();
  }

  /** What would have saved each victim of block `block` (its labels), re-executed on forks: see mitigations.ts. */
  async mitigations(block: number, labels: readonly VictimLabel[]): Promise<MitigationsReport> {
    return mitigationsOf(this.world, this.replayer, block, labels, {
      capital: LIVE_BOT_SETTINGS.sandwicher.capital,
    });
  }

  async simulate(rawTxs: readonly string[]): Promise<SimulationResult> {
    const { builder } = this.live.engine;
    return this.lock.run(
      // Internally: the simulated transactions pass through the pool, and no pending watcher must see them.
      () => builder.internally(() => simulateTransactions(this.world, this.live.engine.decoder, rawTxs)),
      "outside",
    );
  }

  /** Block `blockNumber` re-executed in `order` on a fork (no lock: the chain is only read). */
  reorder(blockNumber: number, order: readonly string[]): Promise<ReorderResult> {
    return reorderBlock(this.world, this.replayer, blockNumber, order);
  }

  /** A named searcher executes an opportunity that a scan found; refuses a stale one with the reason. */
  async execute(id: string, searcher: string): Promise<ExecutionResult> {
    if (!this.arbitrage.has(id)) {
      const decided = this.mev.find(id);
      if (decided) {
        throw conflict(
          "already_acted_on",
          decided.event.type === "opportunity:found"
            ? `${decided.event.bot} already acted on opportunity ${id} in block ${decided.event.block} (transactions ${decided.event.txs.join(", ")}); scan again for a fresh one`
            : `${decided.event.bot} skipped opportunity ${id} in block ${decided.event.block}: ${decided.event.explanation}`,
          { decision: decided.event },
        );
      }
      throw notFound("unknown_opportunity", `no opportunity with id "${id}": run POST /api/mev/scan first`, {
        id,
      });
    }
    this.assertNoRun("an execution");
    const result = await this.lock.run(() =>
      this.arbitrage.execute(
        id,
        searcher,
        (from, tx) => this.live.engine.send(from, tx),
        () => this.live.engine.mine(),
      ),
    );
    for (const listener of this.executionListeners) listener(result);
    return result;
  }

  onExecution(listener: Listener<ExecutionResult>): () => void {
    this.executionListeners.add(listener);
    return () => this.executionListeners.delete(listener);
  }

  close(): void {
    this.guard.stop();
    this.live.close();
    this.mev.close();
    this.published.close();
    this.risk.close();
  }
}

export { LIVE_RUN_ID };
