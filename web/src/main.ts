/**
 * The visualizer's entry point: wires the REST client, the live connection, the pure state
 * reducer and the panels. All view state is derived from the run's events (model/); this file
 * only keeps what the page itself decides (the selected step, the instructor's token, messages).
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
import type { WorldState } from "../../server/world/describe";
import {
  ApiError,
  controlRun,
  createRun,
  getWorld,
  listRuns,
  listScenarios,
  type RunAction,
  type RunView,
  type ScenarioInfo,
} from "./api";
import { byId, type Child, h, replace } from "./dom";
import { blockToShow } from "./model/blocks";
import { buildOf, pendingBundles } from "./model/builder";
import { EMPTY_STATE, reduce, replay, type ViewState } from "./model/reducer";
import { type ConnectionState, LiveConnection, type RoomSnapshot } from "./socket";
import { auctionPanel } from "./views/auction";
import { banditPanel } from "./views/bandit";
import { blockPanel } from "./views/block";
import { builderPanel } from "./views/builder";
import { runControls, scenarioForm, tokenForm } from "./views/controls";
import { lendingPanel } from "./views/lending";
import { mempoolPanel } from "./views/mempool";
import { actorsPanel, findingsPanel } from "./views/outcome";
import { poolsPanel } from "./views/pools";
import { stepPanel } from "./views/step";
import { timelinePanel } from "./views/timeline";

const TOKEN_KEY = "mev-sandbox.instructor-token";
const LOBBY = "live";

type RunMeta = Omit<RunView, "events">;

interface App {
  view: ViewState;
  run: RunMeta | null;
  world: WorldState | null;
  scenarios: ScenarioInfo[];
  selectedScenario: string;
  selectedStep: number | null;
  token: string | null;
  /** The server accepted the token (the socket connected with it). */
  instructor: boolean;
  connection: { state: ConnectionState; detail?: string };
  busy: boolean;
  message: { kind: "error" | "info"; text: string } | null;
  /** Mempool hashes and the block already drawn: only new ones animate. */
  drawnPending: Set<string>;
  drawnBlock: number | null;
  /** Play speed chosen in the controls. */
  speed: number;
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
  drawnPending: new Set(),
  drawnBlock: null,
  speed: 1,
};

const live = new LiveConnection({
  onState(state, detail) {
    app.connection = { state, detail };
    if (state === "connected" && app.token) app.instructor = true;
    renderChrome();
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
  },
  onTokenRefused(message) {
    forgetToken();
    say("error", `Instructor token refused: ${message}`);
  },
  onError(message) {
    say("error", message);
  },
});

/** Keeps the run's plan in step with live events, for viewers who never call the API. */
function followMeta(run: RunMeta, event: Parameters<typeof reduce>[1]): RunMeta {
  if (event.type === "run:started") return { ...run, status: "running", nextStep: 0, error: null };
  if (event.type === "step:finished") return { ...run, nextStep: Math.max(run.nextStep, event.index + 1) };
  if (event.type === "run:finished") return { ...run, status: "finished", playing: false };
  if (event.type === "run:failed") return { ...run, status: "failed", playing: false, error: event.error };
  return run;
}

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
  renderChrome();
}

function forgetToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
  app.token = null;
  app.instructor = false;
  renderChrome();
}

function useToken(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token);
  app.token = token;
  app.message = null;
  live.connect(token); // the server checks the token on the socket's handshake
}

/** Runs an instructor request; a refused token signs the instructor out with the server's reason. */
async function asInstructor<T>(work: (token: string) => Promise<T>): Promise<T | undefined> {
  if (!app.token) return undefined;
  app.busy = true;
  app.message = null;
  renderChrome();
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
    renderChrome();
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

// ---------------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------------

const CONNECTION_TEXT: Record<ConnectionState, string> = {
  connecting: "◌ connecting…",
  connected: "● live",
  reconnecting: "◐ reconnecting… (the page catches up when it is back)",
  offline: "○ offline",
};

function renderChrome(): void {
  const connection = byId("connection");
  connection.textContent = CONNECTION_TEXT[app.connection.state];
  connection.dataset.state = app.connection.state;
  connection.title = app.connection.detail ?? "";

  const run = app.run;
  const scenario = run?.scenario ?? app.view.run?.scenario;
  replace(
    byId("run-info"),
    scenario
      ? [
          h("strong", {}, scenario),
          ` · ${run?.id ?? app.view.run?.id ?? ""} · `,
          h("span", { "data-testid": "run-status" }, run?.status ?? app.view.run?.status ?? ""),
        ]
      : "Lobby: no scenario is running. The chain is live for outside wallets.",
  );

  // Forms are rebuilt only when what they show changes: an event must never wipe what someone types.
  renderOnChange(byId("role"), `${app.instructor}|${app.token !== null}`, () => {
    if (app.instructor) {
      return [
        h("span", { class: "badge instructor" }, "✔ Instructor"),
        h("button", { type: "button", onclick: signOut }, "Sign out"),
      ];
    }
    if (app.token) return [h("span", { class: "muted" }, "Checking the token…")];
    return [
      h("span", { class: "muted viewer", "data-testid": "viewer-badge" }, "Viewer (read-only)"),
      tokenForm({ onToken: useToken }),
    ];
  });

  const controls = byId("controls");
  controls.hidden = !app.instructor;
  if (!app.instructor) {
    replace(byId("run-controls"));
    replace(byId("new-run"));
    delete byId("new-run").dataset.key;
    renderMessage();
    return;
  }
  replace(
    byId("run-controls"),
    runControls({
      run: run && { ...run, speed: app.speed },
      busy: app.busy,
      onSpeed: (speed) => {
        app.speed = speed;
      },
      onAction: (action) => void act(action, app.speed),
    }),
  );
  const wasOpen = byId("new-run").querySelector("details")?.open;
  renderOnChange(byId("new-run"), `${app.scenarios.length}|${app.selectedScenario}`, () => [
    h(
      "details",
      { class: "new-run", open: (wasOpen ?? !run) || null },
      h("summary", {}, "New run"),
      scenarioForm({
        scenarios: app.scenarios,
        selected: app.selectedScenario,
        onSelect: (name) => {
          app.selectedScenario = name;
          renderChrome();
        },
        onStart: (name, params) => void startScenario(name, params),
      }),
    ),
  ]);
  renderMessage();
}

/** Rebuilds `element` with `build()` only when `key` differs from the last build's. */
function renderOnChange(element: HTMLElement, key: string, build: () => Child[]): void {
  if (element.dataset.key === key) return;
  element.dataset.key = key;
  replace(element, ...build());
}

function signOut(): void {
  forgetToken();
  live.connect(null);
}

function renderMessage(): void {
  const message = byId("message");
  message.hidden = !app.message;
  message.className = `message ${app.message?.kind ?? ""}`;
  message.textContent = app.message?.text ?? "";
}

function render(): void {
  renderChrome();
  const { view } = app;
  replace(
    byId("step"),
    stepPanel({ state: view, selected: app.selectedStep, stepCount: app.run?.stepCount ?? null }),
  );
  replace(
    byId("timeline"),
    timelinePanel({
      state: view,
      plan: app.run?.steps ?? [],
      selected: app.selectedStep,
      onSelect: (step) => {
        app.selectedStep = step;
        render();
        byId("step-panel").focus();
      },
    }),
  );
  const waiting = pendingBundles(view);
  replace(byId("mempool"), mempoolPanel(view.mempool, app.drawnPending, waiting));
  app.drawnPending = new Set([
    ...view.mempool.map((tx) => tx.hash),
    ...waiting.flatMap((b) => b.txs.map((tx) => tx.hash)),
  ]);

  const block = blockToShow(view, app.selectedStep);
  const fresh = block !== null && app.selectedStep === null && block.number !== app.drawnBlock;
  replace(
    byId("block"),
    blockPanel(block, fresh, {
      bundles: view.bundles,
      build: block ? buildOf(view, block.number) : undefined,
    }),
  );
  if (app.selectedStep === null) app.drawnBlock = block?.number ?? null;

  // A lending run puts the health factor where the price chart would be.
  byId("main").dataset.focus = view.positions.length > 0 ? "lending" : "pools";
  replace(byId("findings"), findingsPanel(view));
  replace(byId("pools"), poolsPanel(view, app.world));
  replace(byId("lending"), lendingPanel(view, app.world));
  replace(byId("actors"), actorsPanel(view));
  renderPrivateFlow(view);
  byId("footer-info").textContent =
    `${view.eventCount} events · ${view.blocks.length} blocks in this run${app.instructor ? " · keys: space = step, p = play/pause" : ""}`;
}

/** The builder, auction and bandit panels: shown only when the run has bundles, bids or a bandit. */
function renderPrivateFlow(view: ViewState): void {
  const auction = view.bids.length > 0;
  const bandit = view.bandits.length > 0;
  const market = auction || bandit;
  const builder = view.bundles.length > 0 || view.builds.length > 0;
  const main = byId("main");
  // "builder": bundles only; "market": bundles and bids; "auction": public bids only (no bundle).
  const flow = builder ? (market ? "market" : "builder") : market ? "auction" : null;
  if (flow) main.dataset.flow = flow;
  else delete main.dataset.flow;
  byId("builder-panel").hidden = !builder;
  byId("market").hidden = !market;
  byId("auction-panel").hidden = !auction;
  byId("bandit-panel").hidden = !bandit;
  if (builder) replace(byId("builder"), builderPanel(view));
  if (auction) replace(byId("auction"), auctionPanel(view));
  if (bandit) replace(byId("bandit"), banditPanel(view));
}

// ---------------------------------------------------------------------------------------------
// Keyboard: space = step, p = play/pause (instructor only)
// ---------------------------------------------------------------------------------------------

function typingIn(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  );
}

document.addEventListener("keydown", (event) => {
  if (!app.instructor || !app.run || event.ctrlKey || event.metaKey || event.altKey) return;
  if (typingIn(event.target)) return;
  if (event.key === " ") {
    // On a focused button, space presses that button: leave it to the browser.
    if (event.target instanceof HTMLButtonElement || event.target instanceof HTMLAnchorElement) return;
    event.preventDefault();
    void act("step");
  } else if (event.key === "p" || event.key === "P") {
    event.preventDefault();
    void act(app.run.playing ? "pause" : "play", app.speed);
  }
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
