/**
 * The page around the board: the header (the run, live mode, the connection, "show the live chain"
 * or "show the run", the viewer's role and the instructor's sign-in), the instructor's controls
 * (runs, live mode, the class), and the message line. Drawn from the page's own state; what the
 * user does goes back to main.ts through `ChromeActions`.
 */
import type { LiveStatus, PollView, RunAction, ScenarioInfo } from "./api";
import { byId, type Child, h, replace } from "./dom";
import { LOBBY } from "./follow";
import type { RunSlice } from "./model/run";
import type { RunMeta } from "./model/runMeta";
import type { ConnectionState } from "./socket";
import {
  blockTimeText,
  type ClassControlsActions,
  classControls,
  type LiveControlsActions,
  liveControls,
} from "./views/classControls";
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
  /** Live mode, as the sandbox last said. */
  live: LiveStatus | null;
  /** The room followed: a run's id, or "live" for the live chain. */
  room: string | null;
  /** The run "show the run" goes back to: the last one followed, or the latest. */
  lastRun: string | null;
  /** The student using the page, once joined; or whether the viewer chose to watch only. */
  student: { name: string } | null;
  watching: boolean;
  classroom: { challengeRunning: boolean; openPoll: PollView | null };
}

export interface ChromeActions extends LiveControlsActions, ClassControlsActions {
  /** Show the live chain, or the latest run. */
  follow(to: "live" | "run"): void;
  /** Back to the join form, for a viewer who chose to watch. */
  joinClass(): void;
  useToken(token: string): void;
  signOut(): void;
  setSpeed(speed: number): void;
  act(action: RunAction): void;
  selectScenario(name: string): void;
  startScenario(name: string, params: Record<string, unknown>): void;
}

const CONNECTION_TEXT: Record<ConnectionState, string> = {
  connecting: "◌ connecting…",
  connected: "● connected",
  reconnecting: "◐ reconnecting…",
  offline: "○ offline",
};

export function renderChrome(page: ChromeState, actions: ChromeActions): void {
  renderHeader(page, actions);
  const controls = byId("controls");
  controls.hidden = !page.instructor;
  if (page.instructor) {
    renderControls(page, actions);
  } else {
    for (const id of ["run-controls", "new-run", "live-controls", "class-controls"]) {
      replace(byId(id));
      delete byId(id).dataset.key;
    }
  }
  renderMessage(page.message);
}

function renderHeader(page: ChromeState, actions: ChromeActions): void {
  const connection = byId("connection");
  connection.textContent = CONNECTION_TEXT[page.connection.state];
  connection.dataset.state = page.connection.state;
  connection.title =
    page.connection.state === "reconnecting"
      ? `The page catches up when it is back${page.connection.detail ? ` (${page.connection.detail})` : ""}`
      : (page.connection.detail ?? "");
  renderLiveMode(page, actions);

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
  const role = `${page.instructor}|${page.token !== null}|${page.student?.name}|${page.watching}`;
  renderOnChange(byId("role"), role, () => {
    if (page.instructor) {
      return [
        h("span", { class: "badge instructor" }, "✔ Instructor"),
        h("button", { type: "button", onclick: actions.signOut }, "Sign out"),
      ];
    }
    if (page.token) return [h("span", { class: "muted" }, "Checking the token…")];
    return [
      page.student
        ? h(
            "span",
            { class: "badge student", "data-testid": "student-badge" },
            `✔ Student: ${page.student.name}`,
          )
        : h("span", { class: "muted viewer", "data-testid": "viewer-badge" }, "Viewer (read-only)"),
      !page.student &&
        page.watching &&
        h(
          "button",
          { type: "button", "data-testid": "join-again", onclick: actions.joinClass },
          "Join the class",
        ),
      // A student's laptop needs no instructor sign-in: the instructor signs in on their own page.
      !page.student && tokenForm({ onToken: actions.useToken }),
    ];
  });
}

/** Live mode, apart from the connection; and the switch between the live chain and the run. */
function renderLiveMode(page: ChromeState, actions: ChromeActions): void {
  const { live } = page;
  const mode = byId("live-mode");
  mode.dataset.enabled = String(live?.enabled ?? false);
  mode.textContent = !live ? "" : live.enabled ? `Live mode on · ${blockTimeText(live)}` : "Live mode off";
  const onLive = page.room === LOBBY;
  renderOnChange(byId("follow"), `${onLive}|${page.lastRun !== null}`, () => [
    (!onLive || page.lastRun !== null) &&
      h(
        "button",
        {
          type: "button",
          class: "small",
          "data-testid": "follow",
          onclick: () => actions.follow(onLive ? "run" : "live"),
        },
        onLive ? "Show the run" : "Show the live chain",
      ),
  ]);
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
  renderOnChange(byId("live-controls"), `${page.live?.enabled}|${page.live?.blockTime}`, () => [
    liveControls(page.live, actions),
  ]);
  const { challengeRunning, openPoll } = page.classroom;
  const classOpen = byId("class-controls").querySelector("details")?.open;
  renderOnChange(byId("class-controls"), `${challengeRunning}|${openPoll?.id}`, () => {
    const details = classControls(page.classroom, actions);
    if (classOpen) details.setAttribute("open", "");
    return [details];
  });
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
