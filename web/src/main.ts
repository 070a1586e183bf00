/**
 * The visualizer's entry point: wires the REST client, the live connection, the page's reducer
 * (model/reducer.ts) and the panels (panels.ts). All the panels show is derived from the run's
 * events; this file only keeps what the page itself decides (the selected step, the instructor's
 * token, messages).
 */
import "./styles/base.css";
import "./styles/controls.css";
import "./styles/chrome.css";
import "./styles/layout.css";
import "./styles/story.css";
import "./styles/transactions.css";
import "./styles/bundles.css";
import "./styles/outcome.css";
import "./styles/markets.css";
import "./styles/lending.css";
import { HEALED_ACTION_TEXT } from "../../server/format";
import type { WorldState } from "../../server/world/describe";
import { ApiError, controlRun, createRun, getWorld, listRuns, listScenarios, type RunAction } from "./api";
import { type ChromeActions, type ChromeState, renderChrome } from "./chrome";
import { byId, replace } from "./dom";
import { bindKeys } from "./keyboard";
import { layOutBoard } from "./layout";
import { EMPTY_STATE, reduce, replay, type ViewState } from "./model/reducer";
import { followMeta } from "./model/runMeta";
import { PANELS, type PageContext, type Panel } from "./panels";
import { LiveConnection, type RoomSnapshot } from "./socket";

const TOKEN_KEY = "mev-sandbox.instructor-token";
const LOBBY = "live";

interface App extends ChromeState {
  view: ViewState;
  world: WorldState | null;
  selectedStep: number | null;
}

const app: App = {
  view: EMPTY_STATE,
  run: null,
  world: null,
  scenarios: [],
  selectedScenario: "sandwich",
  selectedStep: null,
  token: sessionStorage.getItem(TOKEN_KEY),
  instructor: false,
  connection: { state: "connecting" },
  busy: false,
  message: null,
  speed: 1,
};

/** The message line's prefix while the sandbox's world is not whole. */
const HEALTH_PREFIX = "⚠ The sandbox is ";

const live = new LiveConnection({
  onState(state, detail) {
    app.connection = { state, detail };
    if (state === "connected" && app.token) app.instructor = true;
    refreshChrome();
  },
  onSnapshot(snapshot) {
    applySnapshot(snapshot);
    void refreshWorld();
  },
  onEvent(event) {
    app.view = reduce(app.view, event);
    if (app.run) app.run = followMeta(app.run, event);
    if (event.type === "run:started") app.selectedStep = null;
    if (event.type === "run:started" || event.type === "run:finished" || event.type === "run:failed")
      void refreshWorld();
    render();
  },
  onStatus(status) {
    const running = status.runningRunId;
    if (running && running !== live.currentRoom) live.join(running);
    // The sandbox says when its world is not whole; the line clears once it has healed.
    const { health } = status;
    if (health.status === "ok" && app.message?.text.startsWith(HEALTH_PREFIX)) app.message = null;
    if (health.status !== "ok")
      app.message = { kind: "error", text: `${HEALTH_PREFIX}${health.status}: ${health.reason}` };
    refreshChrome();
  },
  onHealed(event) {
    say(
      "info",
      `✔ The sandbox healed itself: ${event.problem}. It ${HEALED_ACTION_TEXT[event.action]} (block ${event.block}).`,
    );
    void refreshWorld();
  },
  onTokenRefused(message) {
    forgetToken();
    say("error", `Instructor token refused: ${message}`);
  },
  onError(message) {
    say("error", message);
  },
});

function applySnapshot(snapshot: RoomSnapshot): void {
  app.view = replay(snapshot.events);
  if ("steps" in snapshot) {
    const { events: _events, ...meta } = snapshot;
    app.run = meta;
  } else {
    app.run = null;
  }
  render();
}

async function refreshWorld(): Promise<void> {
  try {
    app.world = await getWorld();
    render();
  } catch {
    // The world is a backdrop (pools and prices the run has not moved); the next refresh retries.
  }
}

function say(kind: "error" | "info", text: string): void {
  app.message = { kind, text };
  refreshChrome();
}

function forgetToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
  app.token = null;
  app.instructor = false;
  refreshChrome();
}

/** Runs an instructor request; a refused token signs the instructor out with the server's reason. */
async function asInstructor<T>(work: (token: string) => Promise<T>): Promise<T | undefined> {
  if (!app.token) return undefined;
  app.busy = true;
  app.message = null;
  refreshChrome();
  try {
    return await work(app.token);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) forgetToken();
    say("error", error instanceof Error ? error.message : String(error));
    if (error instanceof ApiError && error.code === "run_in_progress") {
      const running = (error.details as { runningRunId?: string } | null)?.runningRunId;
      if (running) live.join(running);
    }
    return undefined;
  } finally {
    app.busy = false;
    refreshChrome();
  }
}

async function startScenario(scenario: string, params: Record<string, unknown>): Promise<void> {
  const view = await asInstructor((token) => createRun(token, scenario, params));
  if (!view) return;
  // The form has done its job: fold it away so the run gets the room.
  document.querySelector("details.new-run")?.removeAttribute("open");
  applySnapshot(view);
  live.join(view.id);
}

async function act(action: RunAction, speed?: number): Promise<void> {
  const run = app.run;
  if (!run || app.busy) return;
  const view = await asInstructor((token) => controlRun(token, run.id, action, speed));
  if (!view) return;
  if (action === "reset") {
    app.selectedStep = null;
    applySnapshot(view);
    return;
  }
  // Live events have already moved the view; keep only the run's own flags from the answer.
  const { events: _events, ...meta } = view;
  app.run = { ...meta, nextStep: Math.max(meta.nextStep, app.run?.nextStep ?? 0) };
  render();
}

const chromeActions: ChromeActions = {
  useToken(token) {
    sessionStorage.setItem(TOKEN_KEY, token);
    app.token = token;
    app.message = null;
    live.connect(token); // the server checks the token on the socket's handshake
  },
  signOut() {
    forgetToken();
    live.connect(null);
  },
  setSpeed(speed) {
    app.speed = speed;
  },
  act: (action) => void act(action, app.speed),
  selectScenario(name) {
    app.selectedScenario = name;
    refreshChrome();
  },
  startScenario: (name, params) => void startScenario(name, params),
};

// ---------------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------------

function refreshChrome(): void {
  renderChrome(app, chromeActions);
}

function renderPanel(panel: Panel, page: PageContext): void {
  const shown = panel.shown?.(app.view) ?? true;
  byId(panel.id).hidden = !shown;
  if (shown) replace(byId(panel.mount), ...panel.render(app.view, page));
}

function render(): void {
  refreshChrome();
  const page: PageContext = {
    world: app.world,
    run: app.run,
    selectedStep: app.selectedStep,
    selectStep(step) {
      app.selectedStep = step;
      render();
      byId("step-panel").focus();
    },
  };
  for (const panel of PANELS) renderPanel(panel, page);
  layOutBoard(byId("main"), app.view);
  const { view } = app;
  byId("footer-info").textContent =
    `${view.eventCount} events · ${view.blocks.length} blocks in this run${app.instructor ? " · keys: space = step, p = play/pause" : ""}`;
}

bindKeys({
  enabled: () => app.instructor && app.run !== null,
  step: () => void act("step"),
  playOrPause: () => void act(app.run?.playing ? "pause" : "play", app.speed),
});

// ---------------------------------------------------------------------------------------------
// Start
// ---------------------------------------------------------------------------------------------

async function start(): Promise<void> {
  render();
  live.connect(app.token);
  try {
    const [scenarios, runs] = await Promise.all([listScenarios(), listRuns()]);
    app.scenarios = scenarios;
    app.selectedScenario = scenarios[0]?.name ?? app.selectedScenario;
    const latest = runs.runs[runs.runs.length - 1]?.id;
    live.join(runs.runningRunId ?? latest ?? LOBBY);
  } catch (error) {
    say("error", `The sandbox's API did not answer: ${(error as Error).message}`);
  }
  await refreshWorld();
}

void start();
