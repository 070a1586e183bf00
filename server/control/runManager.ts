/**
 * Runs as the instructor drives them: created from a scenario and parameters, then stepped,
 * played (at a speed), paused and reset. One run drives the chain at a time: the run whose status
 * is "running" (started and not over). A second one gets a 409 naming it.
 *
 * A run that throws (a scenario step or a bot) is marked `failed` by the engine with a `run:failed`
 * event; the chain is then returned to the clean world, so the next run starts from a usable state.
 */

import type { Bot } from "../engine/bot";
import type { CleanWorld } from "../engine/cleanWorld";
import { conflict, invalidInput, notFound, SandboxError } from "../errors";
import type { SandboxEvent } from "../events";
import { Run } from "../runs/run";
import { ParamError } from "../scenarios/params";
import type { ScenarioDefinition } from "../scenarios/scenario";
import { type RunStore, runNumber } from "../store/records";
import type { LiveChain } from "./liveChain";
import type { ChainLock } from "./lock";
import { type ManagedRun, recordOf, times, viewOf } from "./managedRun";
import { timeBots } from "./mevLog";
import { RunArchive } from "./runArchive";
import type { RunSummary, RunView } from "./runViews";

/** Milliseconds between two steps of a played run at speed 1. */
export const PLAY_STEP_DELAY_MS = 1_000;

export type { RunSummary, RunView, StepView } from "./runViews";

export interface RunManagerOptions {
  clean: CleanWorld;
  scenarios: readonly ScenarioDefinition[];
  lock: ChainLock;
  live: LiveChain;
  onLatency: (decisionId: string, ms: number) => void;
  onError: (error: unknown) => void;
  /** Why the live chain may not be taken now (a challenge runs on it), or undefined. */
  liveChainBusy?: () => string | undefined;
  /** Keeps every run and event; runs of earlier sessions are read back from it. */
  store: RunStore;
  /** How long a bot's decision took (wall-clock), kept beside it in the store. */
  latencyOf?: (event: SandboxEvent) => number | null;
  /** Told of each run's bots as they are made (the risk desk); returns them. */
  registerBots?: (runId: string, bots: Bot[]) => Bot[];
}

export class RunManager {
  private readonly runs = new Map<string, ManagedRun>();
  private counter = 0;
  private readonly resetListeners = new Set<(runId: string) => void>();
  /**
   * The run that holds the chain: claimed synchronously by its first step or play, before anything
   * is awaited, so that of two concurrent requests on two runs exactly one proceeds.
   */
  private claimedBy: string | null = null;
  /** Views served to readers, kept until the run changes (a join or a GET does not rebuild them). */
  private readonly views = new WeakMap<Run, { version: string; view: RunView }>();
  /** Runs of earlier sessions, read back from the store. */
  private readonly archive: RunArchive;

  constructor(private readonly options: RunManagerOptions) {
    const { store, clean } = options;
    this.counter = store.lastRunNumber();
    this.archive = new RunArchive(store, (name) => this.options.scenarios.find((s) => s.name === name));
    this.adoptReadyRuns();
    clean.bus.on((event) => {
      store.appendEvent(event, options.latencyOf?.(event) ?? null);
      if (event.type === "run:started" || event.type === "run:finished" || event.type === "run:failed")
        this.noteLifecycle(event.runId, event.type);
    });
  }

  /** Runs created but never started by an earlier session can still be played: they become this session's. */
  private adoptReadyRuns(): void {
    for (const record of this.options.store.runs()) {
      if (record.status !== "ready") continue;
      const scenario = this.options.scenarios.find((s) => s.name === record.scenario);
      if (!scenario) continue;
      try {
        const run = this.newRun(record.id, scenario, record.params);
        this.runs.set(record.id, { run, playing: false, speed: 1, ...times(record.createdAt) });
      } catch {
        // Its parameters are no longer valid: it stays in the archive, as it was.
      }
    }
  }

  private noteLifecycle(runId: string, type: "run:started" | "run:finished" | "run:failed"): void {
    const managed = this.runs.get(runId);
    if (!managed) return;
    if (type === "run:started") managed.startedAt = Date.now();
    else managed.endedAt = Date.now();
    this.save(managed);
  }

  private save(managed: ManagedRun): void {
    this.options.store.saveRun(recordOf(managed));
  }

  /** The run that holds the chain, if any. */
  holder(): Run | undefined {
    const claimed = this.claimedBy === null ? undefined : this.runs.get(this.claimedBy)?.run;
    if (claimed && !claimed.done) return claimed;
    return undefined;
  }

  private claim(managed: ManagedRun): void {
    this.claimedBy = managed.run.id;
  }

  private release(id: string): void {
    if (this.claimedBy === id) this.claimedBy = null;
  }

  /**
   * Fails the run holding the chain, if any, with `reason`: the world under it was altered (the
   * guard calls this before it heals). It stops playing; its `error` keeps the reason.
   */
  abort(reason: string): void {
    const holder = this.holder();
    if (!holder) return;
    const managed = this.runs.get(holder.id)!;
    managed.playing = false;
    holder.fail(new WorldAlteredError(reason));
    this.release(holder.id);
  }

  findScenario(name: string): ScenarioDefinition {
    const scenario = this.options.scenarios.find((s) => s.name === name);
    if (!scenario) {
      const accepted = this.options.scenarios.map((s) => s.name);
      throw notFound("unknown_scenario", `unknown scenario "${name}" (accepted: ${accepted.join(", ")})`, {
        scenario: name,
        accepted,
      });
    }
    return scenario;
  }

  /** Creates a run (status "ready"); validates the parameters before anything touches the chain. */
  create(scenarioName: string, params: Record<string, unknown>): RunView {
    this.assertChainFree();
    const scenario = this.findScenario(scenarioName);
    const id = `run-${this.counter + 1}`;
    const run = this.newRun(id, scenario, params);
    this.counter += 1;
    const managed: ManagedRun = { run, playing: false, speed: 1, ...times(Date.now()) };
    this.runs.set(id, managed);
    this.save(managed);
    return this.view(id);
  }

  private newRun(id: string, scenario: ScenarioDefinition, params: Record<string, unknown>): Run {
    const { clean, onLatency, registerBots = (_id, bots) => bots } = this.options;
    // The bots are wrapped so that the API can report how long each decision took.
    const timed: ScenarioDefinition = {
      ...scenario,
      bots: (world, p) => timeBots(registerBots(id, scenario.bots(world, p)), onLatency),
    };
    try {
      return new Run({
        id,
        scenario: timed,
        params,
        clean,
      });
    } catch (error) {
      if (error instanceof ParamError) {
        throw invalidInput("invalid_params", `invalid parameters for ${scenario.name}: ${error.message}`, {
          problems: error.problems,
        });
      }
      throw error;
    }
  }

  private managed(id: string): ManagedRun {
    const managed = this.runs.get(id);
    if (managed) return managed;
    const past = this.archive.record(id);
    if (past) {
      throw conflict(
        "run_archived",
        `run ${id} (${past.scenario}) is from an earlier session and is ${past.status}: it can be watched again and exported (GET /api/runs/${id}/export), not run; create a new run to play it again`,
        { id, status: past.status },
      );
    }
    throw notFound("unknown_run", `no run with id "${id}"`, { id });
  }

  /** 409 when another run holds the chain, or live mode owns it. */
  private assertChainFree(except?: string): void {
    const holder = this.holder();
    if (holder && holder.id !== except) {
      throw conflict("run_in_progress", `run ${holder.id} (${holder.scenario.name}) is driving the chain`, {
        runningRunId: holder.id,
      });
    }
    if (this.options.live.status().enabled) {
      throw conflict(
        "live_mode_on",
        "live mode is on: turn it off (POST /api/live) before running a scenario",
      );
    }
    const busy = this.options.liveChainBusy?.();
    if (busy)
      throw conflict("live_chain_busy", `${busy}: a scenario would reset its chain; wait for it to end`);
  }

  private assertCanStep(managed: ManagedRun): void {
    if (managed.run.done) {
      throw conflict("run_over", `run ${managed.run.id} is ${managed.run.status}: reset it to run it again`, {
        status: managed.run.status,
      });
    }
    this.assertChainFree(managed.run.id);
  }

  /** Runs the next step and waits for it. */
  async step(id: string): Promise<RunView> {
    const managed = this.managed(id);
    this.assertCanStep(managed);
    if (managed.playing) throw conflict("run_playing", `run ${id} is playing: pause it first`);
    if (managed.stepping)
      throw conflict("run_stepping", `run ${id} is running a step: wait for it to finish`);
    this.claim(managed);
    await this.runStep(managed);
    return this.view(id);
  }

  /** Plays the remaining steps in the background, one every PLAY_STEP_DELAY_MS / speed. */
  play(id: string, speed: number): RunView {
    const managed = this.managed(id);
    managed.speed = speed;
    if (!managed.playing) {
      this.assertCanStep(managed);
      this.claim(managed);
      managed.playing = true;
      managed.loop = this.playLoop(managed);
    }
    return this.view(id);
  }

  /** Stops playing after the step in progress. */
  pause(id: string): RunView {
    const managed = this.managed(id);
    managed.playing = false;
    return this.view(id);
  }

  /**
   * Stops the run, returns the chain to the clean world, and makes the run ready to start again.
   * Whatever happens to the chain, the live chain is running again afterwards.
   */
  async reset(id: string): Promise<RunView> {
    const managed = this.managed(id);
    this.assertChainFree(id);
    managed.playing = false;
    await managed.loop;
    await managed.stepping;
    const { run } = managed;
    run.dispose();
    managed.run = this.newRun(id, run.scenario, run.rawParams);
    managed.startedAt = null;
    managed.endedAt = null;
    this.options.store.clearEvents(id);
    this.save(managed);
    this.release(id);
    try {
      await this.options.lock.run(() => this.options.clean.resetChain());
    } finally {
      await this.options.live.resume();
    }
    for (const listener of this.resetListeners) listener(id);
    return this.view(id);
  }

  /** Calls `listener` with the run's id after each reset (viewers must drop what they showed). */
  onReset(listener: (runId: string) => void): () => void {
    this.resetListeners.add(listener);
    return () => this.resetListeners.delete(listener);
  }

  /** Waits until a played run stops (finished, failed or paused). */
  async settled(id: string): Promise<RunView> {
    const managed = this.managed(id);
    await managed.loop;
    await managed.stepping;
    return this.view(id);
  }

  private async playLoop(managed: ManagedRun): Promise<void> {
    try {
      while (managed.playing && !managed.run.done) {
        await this.runStep(managed);
        if (managed.playing && !managed.run.done) await sleep(PLAY_STEP_DELAY_MS / managed.speed);
      }
    } catch (error) {
      this.options.onError(error);
    } finally {
      managed.playing = false;
      managed.loop = undefined;
    }
  }

  private async runStep(managed: ManagedRun): Promise<void> {
    const { run } = managed;
    const task = (async () => {
      this.options.live.suspend();
      try {
        await this.options.lock.run(() => run.step());
      } catch (error) {
        // The engine already marked the run failed and published `run:failed` with the error.
        // Return the chain to the clean world, so that the next run starts from a usable state.
        this.options.onError(error);
        await this.options.lock.run(() => this.options.clean.resetChain()).catch(this.options.onError);
      }
      if (run.done) {
        this.release(run.id);
        await this.options.live.resume();
      }
    })();
    managed.stepping = task;
    try {
      await task;
    } finally {
      managed.stepping = undefined;
    }
  }

  /** Whether this session can step, play or reset the run (runs of earlier sessions cannot). */
  has(id: string): boolean {
    return this.runs.has(id);
  }

  /** Every run, this session's and earlier ones' (from the store), oldest first. */
  list(): RunSummary[] {
    const current = new Map(
      [...this.runs.values()].map(({ run }) => [
        run.id,
        { id: run.id, scenario: run.scenario.name, status: run.status },
      ]),
    );
    const past = this.archive.summaries().filter((summary) => !current.has(summary.id));
    return [...past, ...current.values()].sort((a, b) => runNumber(a.id) - runNumber(b.id));
  }

  /** A run's events exactly as `npm run scenario -- … --json` prints them, one JSON text a line. */
  exportLines(id: string): string[] {
    if (!this.runs.has(id) && !this.archive.record(id))
      throw notFound("unknown_run", `no run with id "${id}"`, { id });
    return this.options.store.eventLines(id);
  }

  /** The run as readers see it; built again only when the run changed since the last read. */
  view(id: string): RunView {
    if (!this.runs.has(id)) {
      const past = this.archive.view(id);
      if (past) return past;
    }
    const managed = this.managed(id);
    const { run } = managed;
    const version = `${run.events.length}|${run.status}|${run.nextStep}|${managed.playing}|${managed.speed}|${run.error?.message}`;
    const cached = this.views.get(run);
    if (cached?.version === version) return cached.view;
    const view = viewOf(managed);
    this.views.set(run, { version, view });
    return view;
  }
}

/** A run's world was altered under it from outside; the sandbox restored the world and failed the run. */
export class WorldAlteredError extends SandboxError {
  override name = "WorldAlteredError";
  constructor(message: string) {
    super(message, { code: "world_altered" });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
