/**
 * One run: a scenario, stepped one step at a time (or played to the end), from the clean world.
 * Adapters (CLI, HTTP) call `step()` and `play()`; they never mine. The run records its events.
 */
import type { CleanWorld } from "../engine/cleanWorld";
import { Engine } from "../engine/engine";
import type { EventDraft, SandboxEvent } from "../events";
import { labelBlock } from "../inspector/inspector";
import { DEFAULT_SEED } from "../math/random";
import { type ParamSpecs, type ParamValues, parseParams } from "../scenarios/params";
import { focusOf, type ScenarioDefinition, stepTitle } from "../scenarios/scenario";

export type RunStatus = "ready" | "running" | "finished" | "failed";

export interface RunOptions<S extends ParamSpecs> {
  id: string;
  scenario: ScenarioDefinition<S>;
  /** Raw parameters (strings from a command line or JSON); validated against the scenario. */
  params: Record<string, unknown>;
  /** The world it runs on; the run starts by taking the chain back to it. */
  clean: CleanWorld;
}

export class Run<S extends ParamSpecs = ParamSpecs> {
  readonly id: string;
  readonly scenario: ScenarioDefinition<S>;
  readonly params: ParamValues<S>;
  readonly events: SandboxEvent[] = [];
  status: RunStatus = "ready";
  /** Why the run failed, once it has. */
  error: { name: string; message: string } | null = null;
  /** Index of the next step to run. */
  nextStep = 0;
  private readonly engine: Engine;
  private readonly options: RunOptions<S>;
  private started = false;
  private stepEvents: SandboxEvent[] = [];
  /** Stops recording events and watching (server/control: a reset run is replaced by a fresh Run with the same id). */
  readonly dispose: () => void;

  /** Validates the parameters (throws ParamError) before anything touches the chain. */
  constructor(options: RunOptions<S>) {
    this.options = options;
    this.id = options.id;
    this.scenario = options.scenario;
    this.params = parseParams(options.scenario.params, options.params);
    const { world, bus, builder } = options.clean;
    this.engine = new Engine({ world, bus, builder, inspect: labelBlock, runId: options.id });
    const stopRecording = bus.on((event) => {
      if (event.runId !== this.id) return;
      this.events.push(event);
      this.stepEvents.push(event);
    });
    this.dispose = () => {
      stopRecording();
      void this.engine.endRun();
    };
  }

  /** The parameters as given, before validation (server/control re-creates a reset run from them). */
  get rawParams(): Record<string, unknown> {
    return this.options.params;
  }

  get done(): boolean {
    return this.status === "finished" || this.status === "failed";
  }

  get stepCount(): number {
    return this.scenario.steps.length;
  }

  /** Runs the next step; the first call resets the chain to the clean world and starts the run. */
  async step(): Promise<void> {
    if (this.done) throw new Error(`run ${this.id} is ${this.status}: reset it to run again`);
    try {
      if (!this.started) await this.start();
      await this.runStep(this.nextStep);
      this.nextStep += 1;
      if (this.nextStep >= this.stepCount) await this.finish();
    } catch (error) {
      this.fail(error);
      throw error;
    }
  }

  /** Publishes an event of this run from outside its steps (the instructor's kill switch), stamped as the engine stamps them. */
  emit(draft: EventDraft): SandboxEvent {
    return this.engine.emit(draft);
  }

  /** Runs every remaining step. */
  async play(): Promise<void> {
    while (!this.done) await this.step();
  }

  private async start(): Promise<void> {
    await this.options.clean.resetChain();
    const bots = this.scenario.bots(this.options.clean.world, this.params);
    await this.engine.beginRun(this.id, bots);
    this.started = true;
    this.status = "running";
    this.engine.emit({
      type: "run:started",
      scenario: this.scenario.name,
      params: serializeParams(this.params),
      seed: DEFAULT_SEED,
    });
    await this.engine.publishInitialState();
  }

  private async runStep(index: number): Promise<void> {
    const step = this.scenario.steps[index]!;
    this.engine.setStep(index);
    this.stepEvents = [];
    const title = stepTitle(step, this.params);
    const focus = focusOf(step);
    this.engine.emit({ type: "step:started", index, title, focus });
    const result = await step.run({
      world: this.options.clean.world,
      engine: this.engine,
      params: this.params,
      events: () => this.stepEvents,
      runEvents: () => this.events,
    });
    this.engine.emit({
      type: "step:finished",
      index,
      title,
      narration: result.narration,
      formulas: result.formulas ?? [],
      focus,
    });
  }

  private async finish(): Promise<void> {
    this.engine.setStep(-1);
    const { pnl, valuation } = await this.engine.pnl();
    const blocks = this.events.filter((e) => e.type === "block:mined");
    const transactions = blocks.reduce((n, e) => n + (e.type === "block:mined" ? e.txs.length : 0), 0);
    // Finished and its last event in the same turn: a reader never sees one without the other.
    this.status = "finished";
    this.engine.emit({
      type: "run:finished",
      scenario: this.scenario.name,
      summary: { pnl, valuation, blocks: blocks.length, transactions },
    });
    await this.engine.endRun();
  }

  /**
   * Marks the run failed with `error` and says so (`run:failed`). Also called from outside when the
   * world the run stands on was altered (server/control/guard.ts); a run already over stays as it is.
   */
  fail(error: unknown): void {
    if (this.done) return;
    this.status = "failed";
    void this.engine.endRun();
    const err = error instanceof Error ? error : new Error(String(error));
    this.error = { name: err.name, message: err.message };
    this.engine.emit({ type: "run:failed", scenario: this.scenario.name, error: this.error });
  }
}

/** Parameters as JSON-safe values: amounts (bigint base units) become decimal strings. */
export function serializeParams(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(params).map(([key, value]) => [key, typeof value === "bigint" ? value.toString() : value]),
  );
}
