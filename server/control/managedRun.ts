/** A run as the run manager holds it: the run, how it plays, and its wall-clock times for the store. */
import { type Run, serializeParams } from "../runs/run";
import { focusOf, stepTitle } from "../scenarios/scenario";
import type { RunRecord } from "../store/records";
import { type RunView, stepViews } from "./runViews";

export interface ManagedRun {
  run: Run;
  /** Wall-clock times for the store (ms since the epoch). */
  createdAt: number;
  startedAt: number | null;
  endedAt: number | null;
  playing: boolean;
  speed: number;
  /** The play loop, while it runs. */
  loop?: Promise<void>;
  /** The step being run, if any. */
  stepping?: Promise<void>;
}

/** A run created at `createdAt`, not started yet. */
export function times(createdAt: number): Pick<ManagedRun, "createdAt" | "startedAt" | "endedAt"> {
  return { createdAt, startedAt: null, endedAt: null };
}

/** What the store keeps of the run. */
export function recordOf(managed: ManagedRun): RunRecord {
  const { run } = managed;
  return {
    id: run.id,
    scenario: run.scenario.name,
    params: serializeParams(run.rawParams),
    status: run.status,
    createdAt: managed.createdAt,
    startedAt: managed.startedAt,
    endedAt: managed.endedAt,
    error: run.error,
  };
}

/** The run as readers see it (`GET /api/runs/:id`, a viewer joining its room). */
export function viewOf({ run, playing, speed }: ManagedRun): RunView {
  const { steps, error } = stepViews(
    run.events,
    run.scenario.steps.map((step) => ({ title: stepTitle(step, run.params), focus: focusOf(step) })),
  );
  return {
    id: run.id,
    scenario: run.scenario.name,
    params: serializeParams(run.params),
    status: run.status,
    playing,
    speed,
    nextStep: run.nextStep,
    stepCount: run.stepCount,
    steps,
    error: run.error ?? error,
    events: [...run.events],
  };
}
