/**
 * Runs of earlier sessions, as the store kept them: listed, viewed and exported, never run again
 * (the chain they ran on is gone). A run that was cut off mid-way is `interrupted`.
 */
import type { SandboxEvent } from "../events";
import { focusOf, type ScenarioDefinition } from "../scenarios/scenario";
import type { RunRecord, RunStore } from "../store/records";
import { type RunSummary, type RunView, stepViews } from "./runViews";

export class RunArchive {
  constructor(
    private readonly store: RunStore,
    private readonly scenarioNamed: (name: string) => ScenarioDefinition | undefined,
  ) {
    store.interruptUnfinished();
  }

  record(id: string): RunRecord | undefined {
    return this.store.run(id);
  }

  summaries(): RunSummary[] {
    return this.store.runs().map(({ id, scenario, status }) => ({ id, scenario, status }));
  }

  /** The run as `GET /api/runs/:id` shows it, read from the store; undefined when there is none. */
  view(id: string): RunView | undefined {
    const record = this.store.run(id);
    if (!record) return undefined;
    const events = this.store.eventLines(id).map((line) => JSON.parse(line) as SandboxEvent);
    const plan = this.scenarioNamed(record.scenario)?.steps.map((step) => ({
      title: step.title,
      focus: focusOf(step),
    }));
    const { steps, error } = stepViews(events, plan);
    return {
      id,
      scenario: record.scenario,
      params: record.params,
      status: record.status,
      playing: false,
      speed: 1,
      nextStep: steps.filter((step) => step.state === "done").length,
      stepCount: steps.length,
      steps,
      error: record.error ?? error,
      events,
    };
  }
}
