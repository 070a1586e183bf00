/** Every scenario, by name. */

import { NotFoundError } from "../errors";
import { arbitrage } from "./arbitrage";
import { backrun } from "./backrun";
import { badDay } from "./bad-day";
import { cascade } from "./cascade";
import { crossChain } from "./cross-chain";
import { gasAuction } from "./gas-auction";
import { jitLiquidity } from "./jit-liquidity";
import { liquidation } from "./liquidation";
import { mevShare } from "./mev-share";
import { describeAccepted, type ParamSpec } from "./params";
import { protectedSwap } from "./protected-swap";
import { sandwich } from "./sandwich";
import type { ScenarioDefinition } from "./scenario";
import { sealedBid } from "./sealed-bid";
import { triangular } from "./triangular";

export const SCENARIOS: readonly ScenarioDefinition[] = [
  sandwich,
  arbitrage,
  liquidation,
  triangular,
  gasAuction,
  sealedBid,
  protectedSwap,
  jitLiquidity,
  backrun,
  badDay,
  mevShare,
  cascade,
  crossChain,
];

export class UnknownScenarioError extends NotFoundError {
  override name = "UnknownScenarioError";
  constructor(readonly scenario: string) {
    const accepted = SCENARIOS.map((s) => s.name);
    super(`unknown scenario "${scenario}" (accepted: ${accepted.join(", ")})`, {
      code: "unknown_scenario",
      details: { scenario, accepted },
    });
  }
}

export function findScenario(name: string): ScenarioDefinition {
  const scenario = SCENARIOS.find((s) => s.name === name);
  if (!scenario) throw new UnknownScenarioError(name);
  return scenario;
}

/** A scenario's parameters as plain data, for `--list` and the API. */
export function describeScenario(scenario: ScenarioDefinition) {
  return {
    name: scenario.name,
    description: scenario.description,
    steps: scenario.steps.map((s) => s.title),
    params: Object.entries(scenario.params).map(([name, spec]: [string, ParamSpec]) => ({
      name,
      ...spec,
      accepted: describeAccepted(spec),
    })),
  };
}
