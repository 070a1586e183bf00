/**
 * A run opened from a file (an export, or `npm run -s scenario -- … --json`): the same view the
 * server gives a run, built from the file's events alone. Nothing reaches the chain.
 */
import type { RunView } from "../../../server/control/runViews";
import { parseJsonLines } from "../../../server/events/jsonLines";
import { stepViews } from "../../../server/events/steps";

/** The prefix of a room that is a file, not a run on the server (never joined over the socket). */
export const FILE_ROOM = "file:";

/** The run in `text`; throws RunFileError naming the line when the file is malformed or cut off. */
export function runViewFromFile(text: string, name: string): RunView {
  const events = parseJsonLines(text, name);
  const started = events[0]!;
  const { steps, error } = stepViews(events, undefined);
  const ended = events.find((event) => event.type === "run:finished" || event.type === "run:failed");
  return {
    id: started.runId,
    scenario: started.type === "run:started" ? started.scenario : "",
    params: started.type === "run:started" ? started.params : {},
    status: ended?.type === "run:finished" ? "finished" : ended ? "failed" : "interrupted",
    playing: false,
    speed: 1,
    nextStep: steps.filter((step) => step.state === "done").length,
    stepCount: steps.length,
    steps,
    error,
    events,
  };
}
