/**
 * `npm run build [-- <step> …] [--force]`: brings the build up to date. Steps: contracts (solc and
 * typechain, when contracts/ or the compiler settings changed) and page (tsc -p web and vite
 * build, when web/ or the server modules it imports changed); none named = both. `npm start`,
 * `npm run scenario` and `npm run bench` build what they need themselves.
 */
import type { StepName } from "./lib/build/step";

const STEP_NAMES: readonly StepName[] = ["contracts", "page"];

const BUILD_USAGE = `Usage: npm run build [-- <step> …] [--force]

Builds what changed since the last build, under a lock shared by every command of this checkout.

Steps:
  contracts  compiles contracts/ and generates typechain-types/ (when contracts/, hardhat.config.ts
             or package-lock.json changed)
  page       type-checks and bundles the visualizer into web/dist (when web/, the server modules it
             imports or package-lock.json changed); needs the contracts' types, so builds them too
Options:
  --force    rebuild the steps even when they are up to date
  -h, --help show this help
`;

type BuildArgs =
  | { kind: "help" }
  | { kind: "error"; message: string }
  | { kind: "build"; steps: StepName[]; force: boolean };

function parseBuildArgs(argv: readonly string[]): BuildArgs {
  const steps: StepName[] = [];
  let force = false;
  for (const arg of argv) {
    if (arg === "-h" || arg === "--help") return { kind: "help" };
    if (arg === "--force") force = true;
    else if ((STEP_NAMES as readonly string[]).includes(arg)) steps.push(arg as StepName);
    else return { kind: "error", message: `unknown step or option "${arg}"` };
  }
  return { kind: "build", steps: steps.length > 0 ? steps : [...STEP_NAMES], force };
}

async function main(): Promise<number> {
  const args = parseBuildArgs(process.argv.slice(2));
  if (args.kind === "help") {
    process.stdout.write(BUILD_USAGE);
    return 0;
  }
  if (args.kind === "error") {
    process.stderr.write(`npm run build: ${args.message}\n\n${BUILD_USAGE}`);
    return 2;
  }
  const { ensureBuild } = await import("./lib/build/ensure");
  await ensureBuild(args.steps, { force: args.force });
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`npm run build failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
