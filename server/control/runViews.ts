/** What readers see of a run (`GET /api/runs/:id`, a viewer joining its room), built from its events. */
import type { SandboxEvent } from "../events";
import type { StepView } from "../events/steps";
import type { StoredRunStatus } from "../store/records";

export { type PlannedStep, type StepView, stepViews } from "../events/steps";

/** What `GET /api/runs/:id` returns, and what a viewer who joins the run's room receives first. */
export interface RunView {
  id: string;
  scenario: string;
  params: Record<string, unknown>;
  /** `interrupted`: a run of an earlier session that was cut off mid-way (a crash, a kill). */
  status: StoredRunStatus;
  /** True while the run plays on its own. */
  playing: boolean;
  speed: number;
  nextStep: number;
  stepCount: number;
  steps: StepView[];
  error: { name: string; message: string } | null;
  events: SandboxEvent[];
}

/** A line of `GET /api/runs`. */
export interface RunSummary {
  id: string;
  scenario: string;
  status: StoredRunStatus;
}
