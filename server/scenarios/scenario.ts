/**
 * What a scenario is: parameters with defaults and limits, the bots it lets loose, and ordered
 * steps. A scenario sets the stage and mines; it never tells a bot what to do.
 * Read a scenario as Damn Vulnerable DeFi reads a challenge: setup → act → what happened.
 */
import type { Bot } from "../engine/bot";
import type { Engine } from "../engine/engine";
import type { FormulaUse, PanelId, SandboxEvent } from "../events";
import type { World } from "../world/types";
import type { ParamSpecs, ParamValues } from "./params";

export interface StepContext<P> {
  world: World;
  engine: Engine;
  params: P;
  /** Events emitted so far in this step (read them to narrate what the bots did). */
  events(): readonly SandboxEvent[];
  /** Events emitted so far in this run. */
  runEvents(): readonly SandboxEvent[];
}

export interface StepResult {
  /** What happened, with this run's numbers. */
  narration: string;
  formulas?: FormulaUse[];
}

export interface StepDefinition<P> {
  /** The step's title in the scenario's list (before a run has parameters). */
  title: string;
  /** The title for a run with these parameters, where a parameter changes what the step is. */
  titleFor?(params: P): string;
  /**
   * The panels the step is about, most important first: the page shows them first and whole. A
   * panel with nothing to show in this run stays hidden (the builder in a run without bundles).
   */
  focus?: readonly PanelId[];
  run(ctx: StepContext<P>): Promise<StepResult>;
}

/** A step's title in a run with `params`. */
export function stepTitle<P>(step: StepDefinition<P>, params: P): string {
  return step.titleFor?.(params) ?? step.title;
}

/** What a step is about when it does not say: what was sent, what was mined, the inspector's verdict. */
export const DEFAULT_FOCUS: readonly PanelId[] = ["mempool", "block", "findings"];

/** The step's focus, as the events and the run's plan carry it. */
export function focusOf<P>(step: StepDefinition<P>): PanelId[] {
  return [...(step.focus ?? DEFAULT_FOCUS)];
}

export interface ScenarioDefinition<S extends ParamSpecs = ParamSpecs> {
  name: string;
  /** One line for `--list` and the scenario picker. */
  description: string;
  params: S;
  /** The bots watching the chain during this scenario. */
  bots(world: World, params: ParamValues<S>): Bot[];
  steps: StepDefinition<ParamValues<S>>[];
}

/** Declares a scenario with its parameter types inferred from its specs. */
export function defineScenario<S extends ParamSpecs>(
  definition: ScenarioDefinition<S>,
): ScenarioDefinition<S> {
  return definition;
}
