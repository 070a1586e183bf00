/**
 * The class panel, the same for everyone: the challenge under way with its live leaderboard (a
 * podium once it is over) and the class's totals; the poll with its answer count, the student's
 * answer form, and after the reveal the distribution, the true value and who was closest.
 */
import type { LeaderboardEntry, PollView } from "../../../server/classroom/views";
import type { Standing } from "../../../server/events";
import { type Child, h, keyed, replace } from "../dom";
import { changeText, direction, usdText } from "../format";
import type { ChallengeState, ClassState } from "../model/classroom";
import type { Status } from "../student";
import { statusLine } from "./backrunForm";

export interface ClassViewInput {
  state: ClassState;
  /** The student using the page, if one joined: their row reads "you". */
  me: { name: string; address: string } | null;
  decimalsOf(symbol: string): number;
  leaderboard: LeaderboardEntry[] | null;
  /** The student's latest answer to the poll shown, and how sending it went. */
  answer: { pollId: string; answer: string } | null;
  answerStatus: Status | null;
}

const PLACES = ["1st", "2nd", "3rd"];

const isMe = (me: ClassViewInput["me"], address: string) =>
  me?.address.toLowerCase() === address.toLowerCase();

function you(me: ClassViewInput["me"], address: string): Child {
  return isMe(me, address) && h("span", { class: "badge you", "data-testid": "you" }, "you");
}

function progress(challenge: ChallengeState): string {
  if (challenge.status === "finished")
    return `finished: blocks #${challenge.fromBlock}–#${challenge.toBlock}`;
  if (challenge.block === null)
    return `starts at block #${challenge.fromBlock}, lasts ${challenge.blocks} blocks`;
  return `block ${challenge.block - challenge.fromBlock + 1} of ${challenge.blocks}`;
}

function standingRow(standing: Standing, rank: number, input: ClassViewInput): HTMLElement {
  const moved = Object.entries(standing.balanceChanges).filter(([, amount]) => amount !== "0");
  return h(
    "tr",
    {
      "data-testid": "standing",
      "data-name": standing.name,
      class: isMe(input.me, standing.address) ? "mine" : null,
    },
    h("td", { class: "num" }, rank + 1),
    h("th", { scope: "row" }, standing.name, " ", you(input.me, standing.address)),
    h(
      "td",
      { class: `num ${direction(standing.score)}`, "data-testid": "standing-score" },
      usdText(standing.score),
    ),
    h(
      "td",
      {},
      moved.length === 0
        ? h("span", { class: "muted" }, "unchanged")
        : moved.map(([symbol, amount]) =>
            h(
              "span",
              { class: `change ${direction(amount)}` },
              changeText({ amount, symbol, decimals: input.decimalsOf(symbol) }, 4),
            ),
          ),
    ),
  );
}

function challengeSection(challenge: ChallengeState, input: ClassViewInput): HTMLElement {
  const over = challenge.status === "finished";
  return h(
    "section",
    {
      class: "challenge",
      "aria-labelledby": "challenge-heading",
      "data-testid": "challenge",
      "data-status": challenge.status,
    },
    h(
      "h3",
      { id: "challenge-heading" },
      `Challenge: ${challenge.kind}`,
      h("span", { class: "badge" }, progress(challenge)),
    ),
    h("p", {}, challenge.goal),
    over &&
      challenge.standings.length > 0 &&
      h(
        "ol",
        { class: "podium", "aria-label": "Podium", "data-testid": "podium" },
        challenge.standings
          .slice(0, 3)
          .map((s, i) =>
            h(
              "li",
              { class: `place-${i + 1}` },
              h("strong", {}, `${PLACES[i]} `),
              s.name,
              " ",
              you(input.me, s.address),
              ` · ${usdText(s.score)}`,
            ),
          ),
      ),
    challenge.standings.length === 0
      ? h("p", { class: "muted" }, "Standings appear after the challenge's first block.")
      : h(
          "table",
          { class: "standings" },
          h("caption", { class: "visually-hidden" }, "Standings, best first"),
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              ["#", "student", "score (USD, oracle prices)", "balance changes"].map((c) =>
                h("th", { scope: "col" }, c),
              ),
            ),
          ),
          h(
            "tbody",
            {},
            challenge.standings.map((s, i) => standingRow(s, i, input)),
          ),
        ),
  );
}

function totals(leaderboard: LeaderboardEntry[]): HTMLElement {
  return h(
    "details",
    { class: "totals" },
    h("summary", {}, "The class's totals across challenges"),
    h(
      "ol",
      {},
      leaderboard.map((e) =>
        h(
          "li",
          {},
          `${e.name}: ${usdText(e.total)} over ${e.challenges} challenge${e.challenges === 1 ? "" : "s"}`,
        ),
      ),
    ),
  );
}

function answerForm(poll: PollView, onAnswer: (answer: string) => void): HTMLFormElement {
  const choices = poll.kind === "choice" ? (poll.options ?? []) : [];
  const form = h(
    "form",
    { class: "poll-form", "aria-label": "Your answer", "data-testid": "poll-form" },
    poll.kind === "choice"
      ? h(
          "fieldset",
          {},
          h("legend", {}, "Your answer"),
          choices.map((option) =>
            h(
              "label",
              { class: "radio" },
              h("input", { type: "radio", name: "answer", value: option, required: true }),
              option,
            ),
          ),
        )
      : h(
          "p",
          { class: "field" },
          h("label", { for: "poll-answer" }, "Your answer (a number)"),
          h("input", {
            id: "poll-answer",
            name: "answer",
            inputmode: "decimal",
            required: true,
            "data-testid": "poll-answer",
          }),
        ),
    h("button", { type: "submit", class: "primary", "data-testid": "poll-submit" }, "Answer"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const field = form.elements.namedItem("answer") as HTMLInputElement | RadioNodeList | null;
    const value = field?.value.trim() ?? "";
    if (value) onAnswer(value);
  });
  return form;
}

function revealed(poll: PollView, input: ClassViewInput): Child {
  const reveal = poll.reveal;
  if (!reveal) return null;
  const most = Math.max(1, ...Object.values(reveal.distribution));
  return [
    h(
      "ul",
      { class: "distribution", "aria-label": "Answers given", "data-testid": "poll-distribution" },
      Object.entries(reveal.distribution).map(([answer, count]) =>
        h(
          "li",
          {},
          h("span", { class: "answer" }, answer),
          h("span", { class: "bar", style: `width: ${(count / most) * 60}%` }),
          h("span", { class: "count" }, `${count} answer${count === 1 ? "" : "s"}`),
        ),
      ),
    ),
    h(
      "p",
      { class: "figure", "data-testid": "poll-truth" },
      "True value: ",
      h("strong", {}, reveal.truth),
      h("span", { class: "muted" }, ` (${reveal.truthFrom})`),
    ),
    h(
      "p",
      { "data-testid": "poll-closest" },
      reveal.closest.length === 0 ? "Nobody answered." : `Closest: ${reveal.closest.join(", ")}`,
      input.me && reveal.closest.includes(input.me.name) ? " — ✔ you are among them" : "",
    ),
  ];
}

/** The class panel's renderer: it keeps the answer form between calls. */
export function createClassView(
  onAnswer: (pollId: string, answer: string) => void,
): (input: ClassViewInput) => Child[] {
  const challengeBox = h("div");
  const pollHead = h("div");
  const form = keyed<HTMLFormElement>();
  const formBox = h("div");
  const status = statusLine("poll-status");
  const pollTail = h("div");
  const pollSection = h(
    "section",
    { class: "poll", "aria-labelledby": "poll-heading", "data-testid": "poll" },
    pollHead,
    formBox,
    status(null),
    pollTail,
  );
  return (input) => {
    const { challenge, poll } = input.state;
    replace(
      challengeBox,
      challenge && challengeSection(challenge, input),
      input.leaderboard?.length ? totals(input.leaderboard) : null,
    );
    if (!poll) return [challengeBox];
    const mine = input.answer?.pollId === poll.id ? input.answer.answer : null;
    replace(
      pollHead,
      h("h3", { id: "poll-heading" }, "Prediction", h("span", { class: "badge" }, poll.status)),
      h("p", { class: "question", "data-testid": "poll-question" }, poll.question),
      h(
        "p",
        { class: "muted", "data-testid": "poll-count" },
        `${poll.answers} answer${poll.answers === 1 ? "" : "s"} so far`,
      ),
    );
    const open = poll.status === "open" && input.me !== null;
    const answering = open
      ? form(poll.id, () => answerForm(poll, (answer) => onAnswer(poll.id, answer)))
      : null;
    // Only a new form is put in place: the one being filled in keeps its focus.
    if (formBox.firstChild !== answering) replace(formBox, answering);
    status(open ? input.answerStatus : null);
    replace(
      pollTail,
      poll.status === "open" &&
        !input.me &&
        h("p", { class: "muted" }, "Students answer in their own page; the instructor reveals."),
      mine !== null &&
        h("p", { "data-testid": "poll-mine" }, `Your answer: ${mine}. The last one counts until the reveal.`),
      revealed(poll, input),
    );
    return [challengeBox, pollSection];
  };
}
