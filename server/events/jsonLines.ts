/**
 * A run as JSON lines, the format of `npm run scenario -- … --json` and `GET /api/runs/:id/export`:
 * one event a line, in the order they happened. Reading one back checks every line and names the
 * first that is wrong, so a hand-edited or cut-off file says where it broke.
 */
import { InvalidInputError } from "../errors";
import type { SandboxEvent } from "./catalog";
import { EVENT_TYPES, isEventType } from "./eventTypes";

/** A run file that cannot be read back; `line` is 1-based. */
export class RunFileError extends InvalidInputError {
  override name = "RunFileError";
  constructor(
    readonly file: string,
    readonly line: number,
    problem: string,
  ) {
    super(`${file}:${line}: ${problem}`, { code: "bad_run_file", details: { file, line, problem } });
  }
}

/** One JSON text per event. */
export function toJsonLines(events: readonly SandboxEvent[]): string {
  return events.map((event) => `${JSON.stringify(event)}\n`).join("");
}

/**
 * The events of a run file. Every line must be an event of the catalog, all of one run, starting
 * with `run:started`; empty lines are skipped. `file` names the file in errors.
 */
export function parseJsonLines(text: string, file: string): SandboxEvent[] {
  const lines = text.split("\n");
  const events: SandboxEvent[] = [];
  for (const [index, line] of lines.entries()) {
    if (line.trim() === "") continue;
    const isLast = index === lines.length - 1;
    events.push(parseLine(line, file, index + 1, isLast));
  }
  if (events.length === 0)
    throw new RunFileError(file, 1, "the file holds no events: a run file has one JSON event a line");
  const [first] = events;
  if (first!.type !== "run:started") {
    throw new RunFileError(
      file,
      lineOf(lines, 0),
      `the first event is ${first!.type}; a run file starts with run:started`,
    );
  }
  const other = events.findIndex((event) => event.runId !== first!.runId);
  if (other >= 0) {
    throw new RunFileError(
      file,
      lineOf(lines, other),
      `this event belongs to run "${events[other]!.runId}", the file's first to "${first!.runId}": one run a file`,
    );
  }
  return events;
}

function parseLine(line: string, file: string, number: number, isLast: boolean): SandboxEvent {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    const problem = isLast
      ? "the file ends in the middle of an event: it was cut off (truncated)"
      : `not JSON (${(error as Error).message})`;
    throw new RunFileError(file, number, problem);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new RunFileError(
      file,
      number,
      "not an event: each line must be a JSON object with type, runId and step",
    );
  }
  const { type, runId, step } = value as Record<string, unknown>;
  if (typeof type !== "string" || !isEventType(type)) {
    throw new RunFileError(
      file,
      number,
      `unknown event type ${JSON.stringify(type)} (accepted: ${Object.keys(EVENT_TYPES).join(", ")})`,
    );
  }
  if (typeof runId !== "string") throw new RunFileError(file, number, "the event has no runId (a string)");
  if (typeof step !== "number" || !Number.isInteger(step)) {
    throw new RunFileError(file, number, "the event has no step (a whole number, -1 outside steps)");
  }
  return value as SandboxEvent;
}

/** The 1-based line of the `eventIndex`-th event (empty lines skipped). */
function lineOf(lines: readonly string[], eventIndex: number): number {
  let seen = -1;
  for (const [index, line] of lines.entries()) {
    if (line.trim() !== "") seen += 1;
    if (seen === eventIndex) return index + 1;
  }
  return lines.length;
}
