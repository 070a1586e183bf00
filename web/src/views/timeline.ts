/** The run's steps, done, in progress and to come; a done step can be opened to read it again. */
import { type Child, h } from "../dom";
import type { RunSlice } from "../model/run";

export interface PlannedStep {
  index: number;
  title: string;
}

export interface TimelineInput {
  state: Pick<RunSlice, "steps">;
  /** Every step of the scenario, from the run's plan (empty when unknown). */
  plan: readonly PlannedStep[];
  selected: number | null;
  onSelect(step: number | null): void;
}

export function timelinePanel({ state, plan, selected, onSelect }: TimelineInput): Child[] {
  const titles = new Map(plan.map((p) => [p.index, p.title]));
  for (const step of state.steps) titles.set(step.index, step.title);
  const indices = [...titles.keys()].sort((a, b) => a - b);
  if (indices.length === 0) return [h("p", { class: "muted" }, "No steps yet.")];
  const items = indices.map((index) => {
    const step = state.steps.find((s) => s.index === index);
    const phase = !step ? "next" : step.status === "running" ? "current" : "done";
    const mark = phase === "done" ? "✔" : phase === "current" ? "▶" : "○";
    const blocks = step?.blocks.length ? ` · block ${step.blocks.map((b) => `#${b}`).join(", ")}` : "";
    const isSelected = selected === index;
    return h(
      "li",
      { class: `timeline-step ${phase}${isSelected ? " selected" : ""}`, "data-testid": "timeline-step" },
      h(
        "button",
        {
          type: "button",
          disabled: phase === "next",
          "aria-pressed": isSelected ? "true" : "false",
          "aria-current": phase === "current" ? "step" : null,
          onclick: () => onSelect(isSelected ? null : index),
        },
        h("span", { class: "mark", "aria-hidden": "true" }, mark),
        h(
          "span",
          { class: "visually-hidden" },
          `${phase === "next" ? "to come" : phase === "current" ? "in progress" : "done"}: `,
        ),
        `${index + 1}. ${titles.get(index)}`,
        h("span", { class: "muted" }, blocks),
      ),
    );
  });
  return [
    h("ol", { class: "timeline" }, items),
    selected !== null &&
      h(
        "button",
        { type: "button", class: "follow", onclick: () => onSelect(null) },
        "↻ Back to the live step",
      ),
  ];
}
