/**
 * `npm run scenario -- <name> [--param value …] [--json] [--step]`: runs a scenario from the
 * terminal. A thin adapter: the engine runs it, this prints the events.
 */
import { createInterface } from "node:readline";
import type { SandboxEvent } from "../server/events";
import { describeAccepted } from "../server/scenarios/params";
import { ensureBuild, ensureContractTypes } from "./lib/build/ensure";
import { parseScenarioArgs, SCENARIO_USAGE } from "./lib/scenarioArgs";

/** Exit code for a bad command line (unknown scenario, bad parameter); 1 is for failures. */
const EXIT_USAGE = 2;

async function main(): Promise<number> {
  const args = parseScenarioArgs(process.argv.slice(2));
  if (args.kind === "help") {
    process.stdout.write(SCENARIO_USAGE);
    return 0;
  }
  if (args.kind === "error") {
    process.stderr.write(`npm run scenario: ${args.message}\n\n${SCENARIO_USAGE}`);
    return EXIT_USAGE;
  }
  // The scenarios import the contracts' generated types. Listing them needs only some types (a
  // fresh clone compiles first); a run needs them current, and is checked against the same modules.
  if (args.kind === "list") await ensureContractTypes();
  else await ensureBuild(["contracts"]);
  const { SCENARIOS, UnknownScenarioError } = await import("../server/scenarios");
  if (args.kind === "list") {
    process.stdout.write(listScenarios(SCENARIOS));
    return 0;
  }
  const { ParamError } = await import("../server/scenarios/params");
  const log = (line: string) => (args.json ? process.stderr : process.stdout).write(`${line}\n`);

  // Validate before starting the chain: a typo answers at once.
  const { findScenario } = await import("../server/scenarios");
  try {
    const { parseParams } = await import("../server/scenarios/params");
    parseParams(findScenario(args.scenario).params, args.params);
  } catch (error) {
    if (error instanceof UnknownScenarioError || error instanceof ParamError) {
      process.stderr.write(`npm run scenario: ${error.message}\n\n${listScenarios(SCENARIOS)}`);
      return EXIT_USAGE;
    }
    throw error;
  }

  if (!args.json) log("Starting the chain and deploying the world…");
  const { default: hre } = await import("hardhat");
  const { hardhatChain } = await import("../server/chain/hardhat");
  const { CleanWorld } = await import("../server/engine/cleanWorld");
  const { createRun } = await import("../server/runs/create");
  const { narrate } = await import("./lib/narrator");
  const runner = await CleanWorld.create(hardhatChain(hre));
  const run = createRun(runner, args.scenario, args.params, "run-1");

  runner.bus.on((event: SandboxEvent) => {
    if (args.json) process.stdout.write(`${JSON.stringify(event)}\n`);
    else for (const line of narrate(event, run.stepCount)) log(line);
  });

  const waitForEnter = args.step ? enterPrompt() : undefined;
  try {
    while (!run.done) {
      if (waitForEnter) await waitForEnter.next(`\n[Enter] step ${run.nextStep + 1}/${run.stepCount} `);
      await run.step();
    }
  } catch {
    // The run has published run:failed with the error; the exit code says it too.
    return 1;
  } finally {
    waitForEnter?.close();
  }
  return 0;
}

/**
 * Waits for Enter on stdin before each step. Reads lines through one iterator, so that piped input
 * ("printf '\\n\\n' | …") works too; once stdin ends, it stops waiting.
 */
function enterPrompt() {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: process.stdin.isTTY });
  const lines = rl[Symbol.asyncIterator]();
  let ended = false;
  return {
    async next(prompt: string): Promise<void> {
      if (ended) return;
      process.stderr.write(prompt);
      ended = (await lines.next()).done === true;
    },
    close: () => rl.close(),
  };
}

function listScenarios(
  scenarios: readonly import("../server/scenarios/scenario").ScenarioDefinition[],
): string {
  const lines = ["Scenarios:", ""];
  for (const scenario of scenarios) {
    lines.push(`  ${scenario.name} — ${scenario.description}`);
    for (const [name, spec] of Object.entries(scenario.params)) {
      lines.push(
        `      --${name} <value>   ${spec.description}; ${describeAccepted(spec)}; default ${String(spec.default)}`,
      );
    }
    lines.push("");
  }
  return `${lines.join("\n")}\n`;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`npm run scenario failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
