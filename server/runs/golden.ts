/** A scenario's default run, played to the end: what a golden trace (tests/golden/) records. */
import type { CleanWorld } from "../engine/cleanWorld";
import type { SandboxEvent } from "../events";
import { createRun } from "./create";

/** The id the scenario command gives its run, so that a golden trace equals its `--json` output. */
export const GOLDEN_RUN_ID = "run-1";

/** Plays scenario `name` with its default parameters from the clean world; returns its events. */
export async function playDefaultRun(clean: CleanWorld, name: string): Promise<SandboxEvent[]> {
  const run = createRun(clean, name, {}, GOLDEN_RUN_ID);
  try {
    await run.play();
  } finally {
    run.dispose();
  }
  return run.events;
}
