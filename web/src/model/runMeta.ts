/** The run's plan and flags as the REST API gives them, kept in step with live events. */
import type { RunView } from "../../../server/control/runManager";
import type { SandboxEvent } from "../../../server/events";

/** A run as `GET /api/runs/:id` answers, without its events (the reducer has those). */
export type RunMeta = Omit<RunView, "events">;

/** Keeps the run's plan in step with live events, for viewers who never call the API. */
export function followMeta(run: RunMeta, event: SandboxEvent): RunMeta {
  if (event.type === "run:started") return { ...run, status: "running", nextStep: 0, error: null };
  if (event.type === "step:finished") return { ...run, nextStep: Math.max(run.nextStep, event.index + 1) };
  if (event.type === "run:finished") return { ...run, status: "finished", playing: false };
  if (event.type === "run:failed") return { ...run, status: "failed", playing: false, error: event.error };
  return run;
}
