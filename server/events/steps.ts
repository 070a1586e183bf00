/** A run's steps as its events tell them: which are done, with their narration, formulas and focus. */

import type { SandboxEvent } from "./catalog";
import type { FormulaUse } from "./common";
import type { PanelId } from "./panels";

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

/** Why a run failed, from its `run:failed` event. */
export type RunError = { name: string; message: string } | null;

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
): { steps: StepView[]; error: RunError } {
  const finished = new Map<number, { narration: string; formulas: FormulaUse[] }>();
  const seen: PlannedStep[] = [];
  let current = -1;
  let error: RunError = null;
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
