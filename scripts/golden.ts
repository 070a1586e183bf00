/**
 * `npm run golden [-- <scenario> …]`: writes the golden traces, tests/golden/<scenario>.jsonl, the
 * events of each scenario's default run, exactly as `npm run -s scenario -- <scenario> --json`
 * prints them. tests/golden.test.ts fails on any difference; run this after a change to a scenario,
 * a bot or an event that is meant to change them, and review the diff (git diff tests/golden).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ensureBuild } from "./lib/build/ensure";

const GOLDEN_DIR = join(__dirname, "..", "tests", "golden");

const USAGE = `Usage: npm run golden [-- <scenario> …]

Runs each scenario (all of them when none is named) with its default parameters and writes its
events to tests/golden/<scenario>.jsonl, the golden trace tests/golden.test.ts compares against.
`;

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes("-h") || args.includes("--help")) {
    process.stdout.write(USAGE);
    return 0;
  }
  await ensureBuild(["contracts"]);
  const { SCENARIOS } = await import("../server/scenarios");
  const unknown = args.filter((name) => !SCENARIOS.some((s) => s.name === name));
  if (unknown.length > 0) {
    process.stderr.write(
      `npm run golden: unknown scenario ${unknown.join(", ")} (accepted: ${SCENARIOS.map((s) => s.name).join(", ")})\n`,
    );
    return 2;
  }
  const names = args.length > 0 ? args : SCENARIOS.map((s) => s.name);
  process.stderr.write("Starting the chain and deploying the world…\n");
  const { default: hre } = await import("hardhat");
  const { hardhatChain } = await import("../server/chain/hardhat");
  const { CleanWorld } = await import("../server/engine/cleanWorld");
  const { toJsonLines } = await import("../server/events");
  const { playDefaultRun } = await import("../server/runs/golden");
  const clean = await CleanWorld.create(hardhatChain(hre));
  for (const [index, name] of names.entries()) {
    const events = await playDefaultRun(clean, name);
    const file = join(GOLDEN_DIR, `${name}.jsonl`);
    writeFileSync(file, toJsonLines(events));
    process.stderr.write(
      `[${index + 1}/${names.length}] ${name}: ${events.length} events → tests/golden/${name}.jsonl\n`,
    );
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`npm run golden failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
