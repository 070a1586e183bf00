/** What readers see of a run (`GET /api/runs/:id`, a viewer joining its room), built from its events. */
import type { FormulaUse, PanelId, SandboxEvent } from "../events";
import type { StoredRunStatus } from "../store/records";

export interface StepView {
  index: number;
  title: string;
  /** "done" with its narration, "current" while it runs, "next" when not reached. */
  state: "done" | "current" | "next";
  narration: string | null;
  formulas: FormulaUse[];
  /** The panels the step is about (the page lays itself out from every step's focus). */
  focus: PanelId[];
}

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

/** A step as the scenario plans it, before it runs. */
export interface PlannedStep {
  title: string;
  focus: PanelId[];
}

/**
 * Each step's state and narration from a run's events. `plan` is the scenario's steps; a run of an
 * earlier session whose scenario is gone gets its steps from its own events.
 */
export function stepViews(
  events: readonly SandboxEvent[],
  plan: readonly PlannedStep[] | undefined,
): { steps: StepView[]; error: RunView["error"] } {
  const finished = new Map<number, { narration: string; formulas: FormulaUse[] }>();
  const seen: PlannedStep[] = [];
  let current = -1;
  let error: RunView["error"] = null;
  for (const event of events) {
    if (event.type === "step:started") {
      current = event.index;
      seen[event.index] = { title: event.title, focus: event.focus };
    }
    if (event.type === "step:finished") {
      finished.set(event.index, { narration: event.narration, formulas: event.formulas });
      current = -1;
    }
    if (event.type === "run:failed") error = event.error;
  }
  const count = plan?.length ?? seen.length;
  const steps = Array.from({ length: count }, (_, index): StepView => {
    const done = finished.get(index);
    return {
      index,
      // A step's title may depend on the run's parameters: the one it was announced with comes first.
      title: seen[index]?.title ?? plan?.[index]?.title ?? "",
      focus: seen[index]?.focus ?? plan?.[index]?.focus ?? [],
      state: done ? "done" : index === current ? "current" : "next",
      narration: done?.narration ?? null,
      formulas: done?.formulas ?? [],
    };
  });
  return { steps, error };
}
