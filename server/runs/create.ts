/** A run of a scenario named on a command line or in a request. */
import type { CleanWorld } from "../engine/cleanWorld";
import { findScenario } from "../scenarios";
import { Run } from "./run";

/**
 * Prepares a run of scenario `name` with raw `params` on the clean world; throws
 * UnknownScenarioError or ParamError (before touching the chain) when either is wrong.
 */
export function createRun(clean: CleanWorld, name: string, params: Record<string, unknown>, id: string): Run {
  return new Run({ id, scenario: findScenario(name), params, clean });
}
