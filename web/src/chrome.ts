/**
 * The page around the board: the header (the run, the connection, the viewer's role and the
 * instructor's sign-in), the instructor's controls, and the message line. Drawn from the page's
 * own state; what the user does goes back to main.ts through `ChromeActions`.
 */
import type { RunAction, ScenarioInfo } from "./api";
import { byId, type Child, h, replace } from "./dom";
import type { RunSlice } from "./model/run";
import type { RunMeta } from "./model/runMeta";
import type { ConnectionState } from "./socket";
import { runControls, scenarioForm, tokenForm } from "./views/controls";

export interface Message {
  kind: "error" | "info";
  text: string;
}

export interface ChromeState {
  /** The run as the events tell it: all a page that has not read the run's plan knows. */
  view: Pick<RunSlice, "run">;
  run: RunMeta | null;
  scenarios: ScenarioInfo[];
  selectedScenario: string;
  token: string | null;
  /** The server accepted the token (the socket connected with it). */
  instructor: boolean;
  connection: { state: ConnectionState; detail?: string };
  busy: boolean;
  message: Message | null;
  /** Play speed chosen in the controls. */
  speed: number;
}

export interface ChromeActions {
  useToken(token: string): void;
  signOut(): void;
  setSpeed(speed: number): void;
  act(action: RunAction): void;
  selectScenario(name: string): void;
  startScenario(name: string, params: Record<string, unknown>): void;
}

const CONNECTION_TEXT: Record<ConnectionState, string> = {
  connecting: "◌ connecting…",
  connected: "● live",
  reconnecting: "◐ reconnecting… (the page catches up when it is back)",
  offline: "○ offline",
};

export function renderChrome(page: ChromeState, actions: ChromeActions): void {
  renderHeader(page, actions);
  const controls = byId("controls");
  controls.hidden = !page.instructor;
  if (page.instructor) {
    renderControls(page, actions);
  } else {
    replace(byId("run-controls"));
    replace(byId("new-run"));
    delete byId("new-run").dataset.key;
  }
  renderMessage(page.message);
}

function renderHeader(page: ChromeState, actions: ChromeActions): void {
  const connection = byId("connection");
  connection.textContent = CONNECTION_TEXT[page.connection.state];
  connection.dataset.state = page.connection.state;
  connection.title = page.connection.detail ?? "";

  const { run } = page;
  const scenario = run?.scenario ?? page.view.run?.scenario;
  replace(
    byId("run-info"),
    scenario
      ? [
          h("strong", {}, scenario),
          ` · ${run?.id ?? page.view.run?.id ?? ""} · `,
          h("span", { "data-testid": "run-status" }, run?.status ?? page.view.run?.status ?? ""),
        ]
      : "Live chain: no scenario is running. The chain is open to outside wallets.",
  );

  // Forms are rebuilt only when what they show changes: an event must never wipe what someone types.
  renderOnChange(byId("role"), `${page.instructor}|${page.token !== null}`, () => {
    if (page.instructor) {
      return [
        h("span", { class: "badge instructor" }, "✔ Instructor"),
        h("button", { type: "button", onclick: actions.signOut }, "Sign out"),
      ];
    }
    if (page.token) return [h("span", { class: "muted" }, "Checking the token…")];
    return [
      h("span", { class: "muted viewer", "data-testid": "viewer-badge" }, "Viewer (read-only)"),
      tokenForm({ onToken: actions.useToken }),
    ];
  });
}

function renderControls(page: ChromeState, actions: ChromeActions): void {
  const { run } = page;
  replace(
    byId("run-controls"),
    runControls({
      run: run && { ...run, speed: page.speed },
      busy: page.busy,
      onSpeed: actions.setSpeed,
      onAction: actions.act,
    }),
  );
  const wasOpen = byId("new-run").querySelector("details")?.open;
  renderOnChange(byId("new-run"), `${page.scenarios.length}|${page.selectedScenario}`, () => [
    h(
      "details",
      { class: "new-run", open: (wasOpen ?? !run) || null },
      h("summary", {}, "New run"),
      scenarioForm({
        scenarios: page.scenarios,
        selected: page.selectedScenario,
        onSelect: actions.selectScenario,
        onStart: actions.startScenario,
      }),
    ),
  ]);
}

/** Rebuilds `element` with `build()` only when `key` differs from the last build's. */
function renderOnChange(element: HTMLElement, key: string, build: () => Child[]): void {
  if (element.dataset.key === key) return;
  element.dataset.key = key;
  replace(element, ...build());
}

function renderMessage(message: Message | null): void {
  const line = byId("message");
  line.hidden = !message;
  line.className = `message ${message?.kind ?? ""}`;
  line.textContent = message?.text ?? "";
}
