/**
 * The instructor's controls: the scenario picker with a parameter form generated from
 * `GET /api/scenarios` (defaults, limits, units), and step / play-pause (speed) / reset.
 * Viewers never see them: the page follows read-only.
 */
import type { ParamInfo, RunView, ScenarioInfo } from "../api";
import { type Child, h } from "../dom";

export interface ScenarioFormInput {
  scenarios: readonly ScenarioInfo[];
  selected: string;
  onSelect(name: string): void;
  onStart(scenario: string, params: Record<string, unknown>): void;
}

function field(scenario: string, param: ParamInfo): HTMLElement {
  const id = `param-${scenario}-${param.name}`;
  const hint = `${param.description}. Accepts ${param.accepted}.`;
  if (param.kind === "boolean") {
    return h(
      "p",
      { class: "field checkbox" },
      h("input", {
        type: "checkbox",
        id,
        name: param.name,
        checked: param.default,
        "aria-describedby": `${id}-hint`,
      }),
      h("label", { for: id }, param.name),
      h("small", { id: `${id}-hint` }, hint),
    );
  }
  if (param.kind === "choice") {
    return h(
      "p",
      { class: "field" },
      h("label", { for: id }, param.name),
      h(
        "select",
        { id, name: param.name, "aria-describedby": `${id}-hint` },
        param.options.map((option) =>
          h("option", { value: option, selected: option === param.default }, option),
        ),
      ),
      h("small", { id: `${id}-hint` }, hint),
    );
  }
  const numeric = param.kind === "number";
  return h(
    "p",
    { class: "field" },
    h(
      "label",
      { for: id },
      param.name,
      param.kind === "amount" ? ` (${param.symbol})` : param.unit ? ` (${param.unit})` : "",
    ),
    h("input", {
      id,
      name: param.name,
      type: numeric ? "number" : "text",
      inputmode: "decimal",
      value: String(param.default),
      min: numeric ? param.min : null,
      max: numeric ? param.max : null,
      step: numeric ? (param.integer ? 1 : "any") : null,
      pattern: numeric ? null : "\\d+(\\.\\d+)?",
      required: true,
      "aria-describedby": `${id}-hint`,
    }),
    h("small", { id: `${id}-hint` }, hint),
  );
}

/** The values of the form, as the API takes them (amounts as whole-token strings). */
function readParams(form: HTMLFormElement, scenario: ScenarioInfo): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const param of scenario.params) {
    const input = form.elements.namedItem(param.name) as HTMLInputElement | null;
    if (!input) continue;
    if (param.kind === "boolean") params[param.name] = input.checked;
    else if (param.kind === "number") params[param.name] = Number(input.value);
    else params[param.name] = input.value.trim();
  }
  return params;
}

export function scenarioForm({ scenarios, selected, onSelect, onStart }: ScenarioFormInput): Child {
  const scenario = scenarios.find((s) => s.name === selected) ?? scenarios[0];
  if (!scenario) return h("p", { class: "muted" }, "Loading the scenarios…");
  const form = h(
    "form",
    { class: "scenario-form", "aria-label": "Start a scenario" },
    h(
      "p",
      { class: "field" },
      h("label", { for: "scenario-select" }, "Scenario"),
      h(
        "select",
        {
          id: "scenario-select",
          name: "scenario",
          onchange: (e: Event) => onSelect((e.target as HTMLSelectElement).value),
        },
        scenarios.map((s) => h("option", { value: s.name, selected: s.name === scenario.name }, s.name)),
      ),
      h("small", {}, scenario.description),
    ),
    scenario.params.map((p) => field(scenario.name, p)),
    h(
      "p",
      { class: "field submit" },
      h("button", { type: "submit", class: "primary", "data-testid": "start" }, `Start ${scenario.name}`),
    ),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    onStart(scenario.name, readParams(form, scenario));
  });
  return form;
}

export interface RunControlsInput {
  run: Pick<RunView, "id" | "status" | "playing" | "speed" | "nextStep" | "stepCount"> | null;
  busy: boolean;
  onSpeed(speed: number): void;
  onAction(action: "step" | "play" | "pause" | "reset"): void;
}

export const SPEEDS = [0.5, 1, 2, 5];

export function runControls({ run, busy, onSpeed, onAction }: RunControlsInput): Child {
  if (!run) return null;
  const over = run.status === "finished" || run.status === "failed";
  const speedSelect = h(
    "select",
    { id: "speed", "aria-label": "Play speed" },
    SPEEDS.map((s) =>
      h(
        "option",
        { value: s, selected: s === run.speed },
        `${s}× (${s === 1 ? "1 step/s" : `${s} steps/s`})`,
      ),
    ),
  ) as HTMLSelectElement;
  speedSelect.addEventListener("change", () => {
    onSpeed(Number(speedSelect.value));
    if (run.playing) onAction("play");
  });
  return h(
    "div",
    { class: "run-controls", role: "group", "aria-label": "Run controls" },
    h(
      "button",
      {
        type: "button",
        class: "primary",
        "data-testid": "step",
        disabled: busy || over || run.playing,
        "aria-keyshortcuts": "Space",
        onclick: () => onAction("step"),
      },
      `Step ${Math.min(run.nextStep + 1, run.stepCount)}/${run.stepCount}`,
      h("kbd", {}, "space"),
    ),
    h(
      "button",
      {
        type: "button",
        "data-testid": "play",
        disabled: over,
        "aria-keyshortcuts": "P",
        "aria-pressed": run.playing ? "true" : "false",
        onclick: () => onAction(run.playing ? "pause" : "play"),
      },
      run.playing ? "❚❚ Pause" : "▶ Play",
      h("kbd", {}, "p"),
    ),
    h("label", { for: "speed", class: "visually-hidden" }, "Speed"),
    speedSelect,
    h(
      "button",
      {
        type: "button",
        "data-testid": "reset",
        disabled: busy && !run.playing,
        onclick: () => onAction("reset"),
      },
      "↺ Reset",
    ),
  );
}

export interface TokenFormInput {
  onToken(token: string): void;
}

/** "I am the instructor": the token npm start printed, entered once and kept for the browser session. */
export function tokenForm({ onToken }: TokenFormInput): HTMLElement {
  const form = h(
    "form",
    { class: "token-form", "aria-label": "Instructor sign-in" },
    h("label", { for: "token" }, "Instructor token"),
    h("input", {
      id: "token",
      name: "token",
      type: "password",
      autocomplete: "off",
      required: true,
      placeholder: "printed by npm start",
      "data-testid": "token-input",
    }),
    h("button", { type: "submit", "data-testid": "token-submit" }, "Take control"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const value = (form.elements.namedItem("token") as HTMLInputElement).value.trim();
    if (value) onToken(value);
  });
  return form;
}
