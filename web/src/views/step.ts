/** The step being told: its title and narration, large, with the formulas it used and their inputs. */
import type { FormulaUse } from "../../../server/events";
import { type Child, h } from "../dom";
import { formatTokenAmount } from "../format";
import { type Decision, type RunSlice, stepToShow } from "../model/run";

export interface StepPanelInput {
  state: RunSlice;
  selected: number | null;
  /** How many steps the run has (from the run's plan), when known. */
  stepCount: number | null;
}

function formula(use: FormulaUse): HTMLElement {
  return h(
    "figure",
    { class: "formula" },
    h("figcaption", {}, use.name),
    h("code", { class: "expression" }, use.expression),
    h(
      "dl",
      { class: "inputs" },
      Object.entries(use.inputs).map(([name, value]) => [h("dt", {}, name), h("dd", {}, value)]),
    ),
    h("p", { class: "result" }, h("span", { class: "visually-hidden" }, "Result: "), "= ", use.result),
  );
}

function decision(item: Decision): HTMLElement {
  if (item.type === "opportunity:found") {
    return h(
      "li",
      { class: "decision found", "data-testid": "decision" },
      h("strong", {}, `✔ ${item.bot} acts (${item.kind}): `),
      item.summary,
      h(
        "span",
        { class: "muted" },
        ` Expected profit ${formatTokenAmount(item.expectedProfit)}, gas ${formatTokenAmount(item.gasCost)}.`,
      ),
    );
  }
  return h(
    "li",
    { class: "decision skipped", "data-testid": "decision" },
    h("strong", {}, `✘ ${item.bot} declines (${item.kind}): `),
    item.explanation,
  );
}

function verdict(item: Decision): string {
  return `${item.type === "opportunity:found" ? "✔" : "✘"} ${item.bot} ${item.type === "opportunity:found" ? "acts" : "declines"}`;
}

export function stepPanel({ state, selected, stepCount }: StepPanelInput): Child[] {
  const step = stepToShow(state, selected);
  if (!step) {
    return [
      h("h2", { id: "step-heading", class: "step-title" }, state.run ? "Starting…" : "No scenario running"),
      h(
        "p",
        { class: "narration" },
        state.run
          ? "The first step is about to run."
          : "When the instructor starts a scenario, each step is told here, with the numbers read from the chain.",
      ),
    ];
  }
  const total = stepCount ?? state.steps.length;
  const decisions = state.decisions.filter((d) => d.step === step.index);
  const status =
    selected !== null && selected !== state.currentStep
      ? "an earlier step"
      : step.status === "running"
        ? "in progress"
        : "done";
  return [
    h(
      "p",
      { class: "step-count" },
      `Step ${step.index + 1} of ${total}`,
      h("span", { class: "badge", "data-testid": "step-status" }, status),
    ),
    h("h2", { id: "step-heading", class: "step-title", "data-testid": "step-title" }, step.title),
    h(
      "p",
      { class: "narration", "data-testid": "narration" },
      step.narration ?? "Running… the narration follows when the step is done.",
    ),
    decisions.length > 0 &&
      h(
        "details",
        // The verdicts in one line; the bots' full reasoning behind a click, so the step fits one screen.
        { class: "decided" },
        h("summary", {}, `What the bots decided: ${decisions.map(verdict).join(", ")}`),
        h("ul", { class: "decisions" }, decisions.map(decision)),
      ),
    // The math waits behind a click: the narration and the decisions are what fits the screen.
    step.formulas.length > 0 &&
      h(
        "details",
        { class: "math", "aria-label": "Formulas used" },
        h(
          "summary",
          {},
          `The math (${step.formulas.length} formula${step.formulas.length === 1 ? "" : "s"})`,
        ),
        step.formulas.map(formula),
      ),
  ];
}
