/**
 * The instructor's controls for the class: live mode (on or off, its block time) and "mine now";
 * starting a challenge; opening a poll and revealing it. Viewers and students never see them.
 */
import type { ChallengeKind, PollKind } from "../../../server/events";
import type { LiveStatus, PollView } from "../api";
import { h } from "../dom";
import { parseBlockTime } from "../wallet/amounts";

export interface LiveControlsActions {
  setLive(enabled: boolean, blockTime: number): void;
  mine(): void;
}

export function blockTimeText(live: Pick<LiveStatus, "blockTime">): string {
  return live.blockTime === 0 ? "blocks only on request" : `a block every ${live.blockTime} s`;
}

export function liveControls(live: LiveStatus | null, actions: LiveControlsActions): HTMLElement {
  const enabled = h("input", {
    type: "checkbox",
    id: "live-enabled",
    checked: live?.enabled ?? false,
    "data-testid": "live-enabled",
  });
  const blockTime = h("input", {
    id: "live-block-time",
    type: "number",
    min: 0,
    max: 3600,
    step: 1,
    value: String(live?.blockTime ?? 12),
    "aria-describedby": "live-block-time-hint",
    "data-testid": "live-block-time",
  });
  const problem = h(
    "small",
    { id: "live-block-time-hint" },
    "0: blocks only on request (mine now); else 1–3600 s.",
  );
  const form = h(
    "form",
    { class: "live-controls", "aria-label": "Live mode" },
    h(
      "p",
      { class: "field checkbox" },
      enabled,
      h("label", { for: "live-enabled" }, "Live mode"),
      h("small", {}, "the bots act on every block"),
    ),
    h("p", { class: "field" }, h("label", { for: "live-block-time" }, "Block time (s)"), blockTime, problem),
    h("button", { type: "submit", "data-testid": "live-apply" }, "Apply"),
    h(
      "button",
      { type: "button", "data-testid": "mine-now", onclick: () => actions.mine() },
      "Mine a block now",
    ),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const seconds = parseBlockTime(blockTime.value);
    if (!seconds.ok) {
      problem.textContent = `✘ ${seconds.problem}`;
      return;
    }
    actions.setLive(enabled.checked, seconds.value);
  });
  return form;
}

/** Where the true value of a poll is read from the run: an event type and a dotted path in it. */
export interface AnswerFrom {
  event: string;
  path: string;
}

export interface ClassControlsActions {
  /** `houseBots` absent: each kind's default (README: the class). */
  startChallenge(kind: ChallengeKind, blocks: number, params: { houseBots?: boolean }): void;
  openPoll(question: string, kind: PollKind, options: string[], answerFrom: AnswerFrom | null): void;
  revealPoll(id: string, answer: string): void;
}

const CHALLENGES: Record<ChallengeKind, string> = {
  searcher: "searcher: extract what you can from the scripted traders",
  protect: "protect: sell without being sandwiched",
  liquidate: "liquidate: race the house liquidator",
};

function challengeForm(running: boolean, actions: ClassControlsActions): HTMLFormElement {
  const form = h(
    "form",
    { class: "class-form", "aria-label": "Start a challenge" },
    h(
      "p",
      { class: "field" },
      h("label", { for: "challenge-kind" }, "Challenge"),
      h(
        "select",
        { id: "challenge-kind", name: "kind", "data-testid": "challenge-kind" },
        Object.entries(CHALLENGES).map(([kind, text]) => h("option", { value: kind }, text)),
      ),
    ),
    h(
      "p",
      { class: "field" },
      h("label", { for: "challenge-blocks" }, "Blocks"),
      h("input", {
        id: "challenge-blocks",
        name: "blocks",
        type: "number",
        min: 1,
        max: 200,
        step: 1,
        value: "10",
        required: true,
      }),
    ),
    h(
      "p",
      { class: "field" },
      h("label", { for: "challenge-house-bots" }, "House bots"),
      h(
        "select",
        { id: "challenge-house-bots", name: "houseBots", "data-testid": "challenge-house-bots" },
        h("option", { value: "" }, "as the challenge says"),
        h("option", { value: "on" }, "on: they compete too"),
        h("option", { value: "off" }, "off: students only"),
      ),
    ),
    h(
      "button",
      { type: "submit", disabled: running, "data-testid": "challenge-start" },
      running ? "A challenge is running" : "Start the challenge",
    ),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value;
    const houseBots = value("houseBots");
    actions.startChallenge(
      value("kind") as ChallengeKind,
      Number(value("blocks")),
      houseBots ? { houseBots: houseBots === "on" } : {},
    );
  });
  return form;
}

function pollForm(actions: ClassControlsActions): HTMLFormElement {
  const form = h(
    "form",
    { class: "class-form", "aria-label": "Open a poll" },
    h(
      "p",
      { class: "field wide" },
      h("label", { for: "poll-question" }, "Question"),
      h("input", {
        id: "poll-question",
        name: "question",
        required: true,
        "data-testid": "poll-new-question",
      }),
    ),
    h(
      "p",
      { class: "field" },
      h("label", { for: "poll-kind" }, "Answers"),
      h(
        "select",
        { id: "poll-kind", name: "kind", "data-testid": "poll-new-kind" },
        h("option", { value: "number" }, "a number"),
        h("option", { value: "choice" }, "a choice"),
      ),
    ),
    h(
      "p",
      { class: "field" },
      h("label", { for: "poll-options" }, "Choices (one a line)"),
      h("textarea", { id: "poll-options", name: "options", rows: 2, "data-testid": "poll-new-options" }),
    ),
    h(
      "p",
      { class: "field" },
      h("label", { for: "poll-from-event" }, "True value from event"),
      h("input", {
        id: "poll-from-event",
        name: "fromEvent",
        placeholder: "mev:classified",
        "aria-describedby": "poll-from-hint",
      }),
    ),
    h(
      "p",
      { class: "field" },
      h("label", { for: "poll-from-path" }, "Path in it"),
      h("input", {
        id: "poll-from-path",
        name: "fromPath",
        placeholder: "victim.loss",
        "aria-describedby": "poll-from-hint",
      }),
      h(
        "small",
        { id: "poll-from-hint" },
        "Optional: where the run says the answer; else give it at the reveal.",
      ),
    ),
    h("button", { type: "submit", "data-testid": "poll-open" }, "Open the poll"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value;
    const kind = value("kind") as PollKind;
    const options = value("options")
      .split("\n")
      .map((o) => o.trim())
      .filter(Boolean);
    const [fromEvent, fromPath] = [value("fromEvent").trim(), value("fromPath").trim()];
    const answerFrom = fromEvent && fromPath ? { event: fromEvent, path: fromPath } : null;
    actions.openPoll(value("question").trim(), kind, kind === "choice" ? options : [], answerFrom);
  });
  return form;
}

function revealForm(poll: PollView, actions: ClassControlsActions): HTMLFormElement {
  const form = h(
    "form",
    { class: "class-form", "aria-label": "Reveal the poll" },
    h(
      "p",
      { class: "field" },
      h("label", { for: "poll-truth" }, "True value (empty: read from the run)"),
      h("input", { id: "poll-truth", name: "truth", "data-testid": "poll-truth-input" }),
    ),
    h(
      "button",
      { type: "submit", class: "primary", "data-testid": "poll-reveal" },
      `Reveal "${poll.question}"`,
    ),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    actions.revealPoll(poll.id, (form.elements.namedItem("truth") as HTMLInputElement).value.trim());
  });
  return form;
}

/** The challenge form, and the poll form or, while a poll is open, its reveal. */
export function classControls(
  state: { challengeRunning: boolean; openPoll: PollView | null },
  actions: ClassControlsActions,
): HTMLElement {
  return h(
    "details",
    { class: "class-controls" },
    h("summary", {}, "Class: challenges and polls"),
    challengeForm(state.challengeRunning, actions),
    state.openPoll ? revealForm(state.openPoll, actions) : pollForm(actions),
  );
}
