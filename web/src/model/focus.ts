/**
 * What the board is about: the focus of the step shown (from its events, else the run's plan) and
 * every panel some step of the run names. Live mode (no run) has neither: the board's default shows.
 */
import type { PanelId } from "../../../server/events";
import { type RunSlice, stepToShow } from "./run";

export interface PlannedFocus {
  index: number;
  focus: readonly PanelId[];
}

export interface BoardFocus {
  /** The panels the shown step is about, most important first. */
  focus: readonly PanelId[];
  /** Every panel a step of this run names: the others fold to their title. */
  used: ReadonlySet<PanelId>;
}

export function boardFocus(
  state: Pick<RunSlice, "run" | "steps" | "currentStep">,
  plan: readonly PlannedFocus[],
  selected: number | null,
): BoardFocus | null {
  if (!state.run && plan.length === 0) return null;
  const told = stepToShow(state, selected);
  const index = told?.index ?? selected ?? 0;
  const focus = told?.focus ?? plan.find((p) => p.index === index)?.focus ?? [];
  // Every run moves someone's money: the actors' P&L stays open on the board even when no step names it.
  const used = new Set<PanelId>(["actors", ...[...plan, ...state.steps].flatMap((step) => step.focus)]);
  return { focus, used };
}
