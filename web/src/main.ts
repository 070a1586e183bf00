/**
 * The visualizer's entry point: wires the REST client, the live connection, the page's reducer
 * (model/reducer.ts), the class (classroom.ts), the student's wallet (student.ts) and the panels
 * (panels.ts). All the panels show is derived from events and the chain; this file only keeps what
 * the page itself decides (the room followed, the selected step, the instructor's token, messages).
 */
import "./styles/base.css";
import "./styles/controls.css";
import "./styles/chrome.css";
import "./styles/layout.css";
import "./styles/focus.css";
import "./styles/story.css";
import "./styles/transactions.css";
import "./styles/bundles.css";
import "./styles/outcome.css";
import "./styles/markets.css";
import "./styles/chains.css";
import "./styles/lending.css";
import "./styles/classroom.css";
import "./styles/fit.css";
import { HEALED_ACTION_TEXT } from "../../server/format";
import type { WorldState } from "../../server/world/describe";
import {
  ApiError,
  controlRun,
  createRun,
  getWorld,
  listRuns,
  listScenarios,
  mineNow,
  openPoll,
  type RunAction,
  revealPoll,
  setLive,
  startChallenge,
} from "./api";
import { type ChromeActions, type ChromeState, renderChrome } from "./chrome";
import { Classroom } from "./classroom";
import { byId, replace, shows } from "./dom";
import { type ClassStatus, LOBBY, roomAfterStatus, roomAtStart } from "./follow";
import { bindKeys } from "./keyboard";
import { hideWhenEmpty, landmarkId, layOutBoard } from "./layout";
import { boardFocus } from "./model/focus";
import { EMPTY_STATE, reduce, replay, type ViewState } from "./model/reducer";
import { FILE_ROOM, runViewFromFile } from "./model/runFile";
import { followMeta } from "./model/runMeta";
import { BOARD_PANELS, PANELS, type PageContext, type Panel } from "./panels";
import { LiveConnection, type RoomSnapshot } from "./socket";
import { StudentSession } from "./student";
import { runsMenu } from "./views/runsMenu";

const TOKEN_KEY = "mev-sandbox.instructor-token";

interface App extends Omit<ChromeState, "student" | "watching" | "classroom"> {
  view: ViewState;
  world: WorldState | null;
  selectedStep: number | null;
  /** The sandbox's last status, as far as following the class goes. */
  status: ClassStatus | null;
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
  live: null,
  room: null,
  lastRun: null,
  status: null,
};

const student = new StudentSession(
  () => app.world,
  () => render(),
);
const classroom = new Classroom(() => render());

/** The message line's prefix while the sandbox's world is not whole. */
const HEALTH_PREFIX = "⚠ The sandbox is ";

const live = new LiveConnection({
  onState(state, detail) {
    app.connection = { state, detail };
    if (state === "connected" && app.token) app.instructor = true;
    student.setInstructor(app.instructor);
    refreshChrome();
  },
  onSnapshot(snapshot) {
    applySnapshot(snapshot);
    void refreshWorld();
    // On joining and after a reconnection: the class's news may have been missed meanwhile.
    void classroom.load();
  },
  onEvent(event) {
    app.view = reduce(app.view, event);
    if (event.type === "block:mined") void student.refreshBalances();
    if (app.run) app.run = followMeta(app.run, event);
    if (event.type === "run:started") app.selectedStep = null;
    if (event.type === "run:started" || event.type === "run:finished" || event.type === "run:failed")
      void refreshWorld();
    render();
  },
  onStatus(status) {
    app.live = status.live;
    const now: ClassStatus = { runningRunId: status.runningRunId, liveEnabled: status.live.enabled };
    const next = roomAfterStatus(now, app.status, live.currentRoom);
    app.status = now;
    if (next) follow(next);
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
  onClassEvent(event) {
    classroom.apply(event);
    // Standings come after every block of a challenge: the student's balances moved too.
    if (event.type === "challenge:standings") void student.refreshBalances();
  },
  onTokenRefused(message) {
    forgetToken();
    say("error", `Instructor token refused: ${message}`);
  },
  onError(message) {
    say("error", message);
  },
});

/** Follows a room: a run's id, or the live chain. */
function follow(room: string): void {
  if (room !== LOBBY) app.lastRun = room;
  app.room = room;
  live.join(room);
  refreshChrome();
}

/** Shows a run file opened in the page (read from the file alone: the chain is untouched). */
function openRunFile(name: string, text: string): void {
  let view: ReturnType<typeof runViewFromFile>;
  try {
    view = runViewFromFile(text, name);
  } catch (error) {
    say("error", (error as Error).message);
    return;
  }
  const room = `${FILE_ROOM}${name}`;
  live.showLocal(room);
  app.room = room;
  applySnapshot(view);
  say("info", `${name}: ${view.scenario} (${view.id}, ${view.status}), read from the file.`);
}

async function followLatestRun(): Promise<void> {
  const runs = await listRuns().catch(() => null);
  const latest = runs?.runningRunId ?? runs?.runs.at(-1)?.id ?? app.lastRun;
  if (latest) follow(latest);
  else say("info", "No scenario has run yet: the live chain is all there is.");
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
  refreshChrome();
}

function forgetToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
  app.token = null;
  app.instructor = false;
  student.setInstructor(false);
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
      if (running) follow(running);
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
  follow(view.id);
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
  follow: (to) => (to === "live" ? follow(LOBBY) : void followLatestRun()),
  joinClass: () => student.watchOnly(false),
  setLive: (enabled, blockTime) =>
    void asInstructor((token) => setLive(token, enabled, blockTime)).then((status) => {
      if (status) app.live = status;
      if (status?.enabled) follow(LOBBY);
    }),
  mine: () =>
    void asInstructor((token) => mineNow(token)).then((mined) => {
      if (mined) say("info", `✔ Mined block #${mined.block} (${mined.txs.length} transactions).`);
    }),
  startChallenge: (kind, blocks) => void asInstructor((token) => startChallenge(token, { kind, blocks })),
  openPoll: (question, kind, options) =>
    void asInstructor((token) =>
      openPoll(token, { question, kind, ...(kind === "choice" ? { options } : {}) }),
    ),
  revealPoll: (id, answer) => void asInstructor((token) => revealPoll(token, id, answer || undefined)),
};

// ---------------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------------

function refreshChrome(): void {
  const me = student.me;
  const { challenge, poll } = classroom.state;
  renderChrome(
    {
      ...app,
      student: me && { name: me.name },
      watching: student.state.mode === "hidden" && !app.instructor,
      classroom: {
        challengeRunning: challenge?.status === "running",
        openPoll: poll?.status === "open" ? poll : null,
      },
    },
    chromeActions,
  );
}

function renderPanel(panel: Panel, page: PageContext): void {
  const shown = panel.shown?.(app.view, page) ?? true;
  byId(landmarkId(panel.name)).hidden = !shown;
  if (!shown) return;
  const mount = byId(panel.mount);
  const children = panel.render(app.view, page);
  // A panel that keeps its forms gives back the nodes it shows: left in place, they keep their focus.
  if (!shows(mount, children)) replace(mount, ...children);
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
    student,
    classroom,
  };
  for (const panel of PANELS) renderPanel(panel, page);
  layOutBoard(byId("main"), BOARD_PANELS, boardFocus(app.view, app.run?.steps ?? [], app.selectedStep));
  hideWhenEmpty(byId("class-column"));
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
  // ?view=projector: larger type and only what the step is about (styles/focus.css).
  document.documentElement.dataset.view =
    new URLSearchParams(location.search).get("view") === "projector" ? "projector" : "board";
  render();
  replace(byId("runs-menu"), runsMenu({ listRuns, onShow: follow, onFile: openRunFile }));
  live.connect(app.token);
  try {
    const [scenarios, runs] = await Promise.all([listScenarios(), listRuns()]);
    app.scenarios = scenarios;
    app.selectedScenario = scenarios[0]?.name ?? app.selectedScenario;
    const latest = runs.runs.at(-1)?.id ?? null;
    app.lastRun = latest;
    // The status may have come first and already chosen the room (a run, or the live chain).
    if (live.currentRoom === null)
      follow(roomAtStart(app.status, { runningRunId: runs.runningRunId, latest }));
  } catch (error) {
    say("error", `The sandbox's API did not answer: ${(error as Error).message}`);
  }
  await refreshWorld();
  await student.start();
}

void start();
