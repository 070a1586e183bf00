/** What readers see of a run (`GET /api/runs/:id`, a viewer joining its room), built from its events. */
import type { FormulaUse, SandboxEvent } from "../events";
import type { StoredRunStatus } from "../store/records";

export interface StepView {
  index: number;
  title: string;
  /** "done" with its narration, "current" while it runs, "next" when not reached. */
  state: "done" | "current" | "next";
  narration: string | null;
  formulas: FormulaUse[];
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

/**
 * Each step's state and narration from a run's events. `titles` are the scenario's step titles; a
 * run of an earlier session whose scenario is gone gets its titles from its own events.
 */
export function stepViews(
  events: readonly SandboxEvent[],
  titles: readonly string[] | undefined,
): { steps: StepView[]; error: RunView["error"] } {
  const finished = new Map<number, { narration: string; formulas: FormulaUse[] }>();
  const seenTitles: string[] = [];
  let current = -1;
  let error: RunView["error"] = null;
  for (const event of events) {
    if (event.type === "step:started") {
      current = event.index;
      seenTitles[event.index] = event.title;
    }
    if (event.type === "step:finished") {
      finished.set(event.index, { narration: event.narration, formulas: event.formulas });
      current = -1;
    }
    if (event.type === "run:failed") error = event.error;
  }
  const count = titles?.length ?? seenTitles.length;
  const steps = Array.from({ length: count }, (_, index): StepView => {
    const done = finished.get(index);
    return {
      index,
      // A step's title may depend on the run's parameters: the one it was announced with comes first.
      title: seenTitles[index] ?? titles?.[index] ?? "",
      state: done ? "done" : index === current ? "current" : "next",
      narration: done?.narration ?? null,
      formulas: done?.formulas ?? [],
    };
  });
  return { steps, error };
}
