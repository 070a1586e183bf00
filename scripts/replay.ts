/**
 * `npm run replay -- <run.jsonl>`: narrates a saved run (from `npm run scenario -- … --json` or
 * `GET /api/runs/:id/export`) in the terminal, as the scenario command did when it ran. Reads the
 * file only: no chain is started.
 */
import { readFileSync } from "node:fs";
import { parseJsonLines, RunFileError, type SandboxEvent } from "../server/events";
import { narrate } from "./lib/narrator";

const USAGE = `Usage: npm run replay -- <run.jsonl>

Narrates a saved run step by step, as "npm run scenario" did when it ran, without starting a chain.
A run file has one JSON event a line: save one with
  npm run -s scenario -- sandwich --json > sandwich.jsonl
or download it from the sandbox: GET /api/runs/<id>/export (the page's "export" link).

Options:
  -h, --help show this help
`;

const EXIT_USAGE = 2;

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes("-h") || args.includes("--help")) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (args.length !== 1 || args[0]!.startsWith("-")) {
    const problem =
      args.length === 0 ? "name the run file to replay" : `unexpected arguments: ${args.join(" ")}`;
    process.stderr.write(`npm run replay: ${problem}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const file = args[0]!;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    process.stderr.write(`npm run replay: cannot read ${file} (${(error as NodeJS.ErrnoException).code})\n`);
    return EXIT_USAGE;
  }
  let events: SandboxEvent[];
  try {
    events = parseJsonLines(text, file);
  } catch (error) {
    if (!(error instanceof RunFileError)) throw error;
    process.stderr.write(`npm run replay: ${error.message}\n`);
    return EXIT_USAGE;
  }
  const stepCount = await stepCountOf(events);
  for (const event of events) for (const line of narrate(event, stepCount)) process.stdout.write(`${line}\n`);
  return 0;
}

/** The scenario's number of steps, as its run showed it ("Step 2/5"); counted from the file for an unknown scenario. */
async function stepCountOf(events: readonly SandboxEvent[]): Promise<number> {
  const indices = events.flatMap((event) => (event.type === "step:started" ? [event.index] : []));
  const counted = indices.length === 0 ? 0 : Math.max(...indices) + 1;
  // A finished run went through every step: no need to load the scenarios.
  if (events.some((event) => event.type === "run:finished")) return counted;
  const started = events[0];
  const { ensureContractTypes } = await import("./lib/build/ensure");
  await ensureContractTypes();
  const { SCENARIOS } = await import("../server/scenarios");
  const scenario = SCENARIOS.find((s) => started?.type === "run:started" && s.name === started.scenario);
  return scenario?.steps.length ?? counted;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`npm run replay failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
