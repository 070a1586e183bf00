/**
 * Predictions before the reveal. The instructor asks a question (a choice, or a number), students
 * answer with their token (one answer each; the last counts until the reveal), and the reveal shows
 * how the class answered, the true value — read from a run's events (e.g. the victim's loss in
 * `mev:classified`) or given by the instructor — and who was right or closest.
 */
import { ConflictError, InvalidInputError, NotFoundError } from "../errors";
import type { EventDraft, PollKind, SandboxEvent } from "../events";
import { formatTokenAmount } from "../format";
import { parseAmount } from "../scenarios/params";
import type { PollView } from "./views";

/** Where a poll's true value is read: the last event of a type in a run, and a field of it. */
export interface AnswerSource {
  /** The run (default: the latest one that has such an event). */
  runId?: string;
  event: string;
  /** A dotted path in the event, e.g. "victim.loss" or "kind". */
  path: string;
}

export interface PollRequest {
  question: string;
  kind: PollKind;
  options?: string[];
  answerFrom?: AnswerSource;
}

export interface PollBookOptions {
  publish: (draft: EventDraft) => void;
  /** Every run's events, newest run last (the live chain's too). */
  runs: () => { id: string; events: readonly SandboxEvent[] }[];
}

interface Poll {
  view: PollView;
  request: PollRequest;
  /** Each student's answer, by name (the last one counts). */
  answers: Map<string, string>;
}

/** Numbers are compared exactly, as fixed-point with this many decimals. */
const NUMBER_DECIMALS = 18;

export class PollBook {
  private readonly polls: Poll[] = [];

  constructor(private readonly options: PollBookOptions) {}

  open(request: PollRequest): PollView {
    if (request.kind === "choice" && (request.options?.length ?? 0) < 2) {
      throw new InvalidInputError("a choice poll needs at least two options", { code: "invalid_poll" });
    }
    const id = `poll-${this.polls.length + 1}`;
    const options = request.kind === "choice" ? [...request.options!] : null;
    const view: PollView = {
      id,
      question: request.question,
      kind: request.kind,
      options,
      status: "open",
      answers: 0,
      reveal: null,
    };
    this.polls.push({ view, request, answers: new Map() });
    this.options.publish({
      type: "poll:opened",
      id,
      question: request.question,
      kind: request.kind,
      options,
    });
    return view;
  }

  answer(id: string, student: string, answer: string): PollView {
    const poll = this.find(id);
    if (poll.view.status !== "open") {
      throw new ConflictError(`poll ${id} is revealed: answers are closed`, { code: "poll_closed" });
    }
    poll.answers.set(student, this.checked(poll, answer));
    poll.view.answers = poll.answers.size;
    this.options.publish({ type: "poll:answered", id, answers: poll.view.answers });
    return poll.view;
  }

  /** Reveals the poll: the truth from its source, or `given` by the instructor. */
  reveal(id: string, given?: string): PollView {
    const poll = this.find(id);
    if (poll.view.status !== "open")
      throw new ConflictError(`poll ${id} is already revealed`, { code: "poll_closed" });
    const { truth, shown, from } = this.truthOf(poll, given);
    const answers = [...poll.answers].map(([name, answer]) => ({ name, answer }));
    const reveal = {
      distribution: distribution(poll, answers),
      answers,
      truth: shown,
      truthFrom: from,
      closest: closest(poll, answers, truth),
    };
    poll.view.status = "revealed";
    poll.view.reveal = reveal;
    this.options.publish({ type: "poll:revealed", id, ...reveal });
    return poll.view;
  }

  view(id: string): PollView {
    return this.find(id).view;
  }

  list(): PollView[] {
    return this.polls.map((p) => p.view);
  }

  private find(id: string): Poll {
    const poll = this.polls.find((p) => p.view.id === id);
    if (!poll) throw new NotFoundError(`no poll with id "${id}"`, { code: "unknown_poll", details: { id } });
    return poll;
  }

  private checked(poll: Poll, answer: string): string {
    const text = answer.trim();
    if (poll.view.kind === "choice") {
      const option = poll.view.options!.find((o) => o.toLowerCase() === text.toLowerCase());
      if (!option) {
        throw new InvalidInputError(
          `answer must be one of ${poll.view.options!.map((o) => `"${o}"`).join(", ")}`,
          { code: "invalid_answer" },
        );
      }
      return option;
    }
    if (parseAmount(text.replace(/^-/, ""), NUMBER_DECIMALS) === undefined) {
      throw new InvalidInputError(`answer must be a number such as 394.86, got "${answer}"`, {
        code: "invalid_answer",
      });
    }
    return text;
  }

  /** The true value: exact (for comparing), as shown, and where it was read. */
  private truthOf(poll: Poll, given?: string): { truth: string; shown: string; from: string } {
    if (given !== undefined) {
      const checked = this.checked(poll, given);
      return { truth: checked, shown: checked, from: "given by the instructor" };
    }
    const source = poll.request.answerFrom;
    if (!source)
      throw new InvalidInputError("this poll has no answerFrom: reveal it with { answer }", {
        code: "no_truth",
      });
    const runs = this.options
      .runs()
      .filter((r) => !source.runId || r.id === source.runId)
      .reverse();
    for (const run of runs) {
      // The last such event that has the field (a block's arbitrage label has no victim).
      const event = [...run.events]
        .reverse()
        .find((e) => e.type === source.event && valueAt(e, source.path) !== undefined);
      const value = event && valueAt(event, source.path);
      if (value === undefined) continue;
      const from = `${run.id}, ${source.event} ${source.path}`;
      if (isTokenAmount(value)) {
        const whole = formatTokenAmount(value, value.decimals).split(" ")[0]!.replaceAll(",", "");
        return { truth: whole, shown: formatTokenAmount(value), from };
      }
      return { truth: String(value), shown: String(value), from };
    }
    throw new ConflictError(
      `no ${source.event} with ${source.path} in ${source.runId ?? "any run"} yet: reveal it with { answer }`,
      { code: "no_truth" },
    );
  }
}

function valueAt(event: SandboxEvent, path: string): unknown {
  return path
    .split(".")
    .reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], event);
}

function isTokenAmount(value: unknown): value is { amount: string; symbol: string; decimals: number } {
  const v = value as { amount?: unknown; decimals?: unknown } | null;
  return typeof v?.amount === "string" && typeof v.decimals === "number";
}

function distribution(poll: Poll, answers: { answer: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const option of poll.view.options ?? []) counts[option] = 0;
  for (const { answer } of answers) counts[answer] = (counts[answer] ?? 0) + 1;
  return counts;
}

/** Who was right (choice) or closest (number: the smallest distance to the truth, ties included). */
function closest(poll: Poll, answers: { name: string; answer: string }[], truth: string): string[] {
  if (poll.view.kind === "choice") {
    return answers.filter((a) => a.answer.toLowerCase() === truth.toLowerCase()).map((a) => a.name);
  }
  const target = fixed(truth);
  const distances = answers.map((a) => ({ name: a.name, distance: abs(fixed(a.answer) - target) }));
  const best = distances.reduce<bigint | null>(
    (min, d) => (min === null || d.distance < min ? d.distance : min),
    null,
  );
  return distances.filter((d) => d.distance === best).map((d) => d.name);
}

function fixed(text: string): bigint {
  const negative = text.trim().startsWith("-");
  const value = parseAmount(text.trim().replace(/^-/, ""), NUMBER_DECIMALS) ?? 0n;
  return negative ? -value : value;
}

function abs(x: bigint): bigint {
  return x < 0n ? -x : x;
}
