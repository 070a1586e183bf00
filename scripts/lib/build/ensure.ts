/**
 * Brings the build up to date: runs, in order, each asked step (and the steps it needs) whose
 * inputs changed since its outputs were built, one progress line each; prints nothing when all is
 * up to date. Builds hold a lock, so two commands in one checkout never build at once: the second
 * waits, then finds the outputs up to date.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { contractsStep } from "./contracts";
import { fingerprint } from "./fingerprint";
import { withLock } from "./lock";
import { pageStep } from "./page";
import { BuildError, type BuildStep, type StepName } from "./step";

export const PROJECT_ROOT = resolve(__dirname, "../../..");
export const BUILD_STEPS: readonly BuildStep[] = [contractsStep, pageStep];

export interface EnsureBuildOptions {
  /** Rebuild the asked steps (not those they need) from scratch, even when they are up to date. */
  force?: boolean;
  root?: string;
  steps?: readonly BuildStep[];
  /** Where progress goes: stderr, so that stdout stays the command's own (--json). */
  write?: (text: string) => void;
}

const stepFingerprint = (root: string, step: BuildStep) =>
  fingerprint(root, step.inputs(root), `${step.name}@${step.version}`);

/** The asked steps and those they need, in the order of `steps`. */
function stepsFor(names: readonly StepName[], steps: readonly BuildStep[]): BuildStep[] {
  const wanted = new Set<StepName>();
  const add = (name: StepName) => {
    if (wanted.has(name)) return;
    wanted.add(name);
    for (const need of steps.find((step) => step.name === name)?.needs ?? []) add(need);
  };
  for (const name of names) add(name);
  return steps.filter((step) => wanted.has(step.name));
}

export async function ensureBuild(
  names: readonly StepName[],
  options: EnsureBuildOptions = {},
): Promise<void> {
  const root = options.root ?? PROJECT_ROOT;
  const write = options.write ?? ((text: string) => process.stderr.write(text));
  const steps = stepsFor(names, options.steps ?? BUILD_STEPS);
  // Without the lock first: when all is up to date, nobody waits for anybody.
  const forced = (step: BuildStep) => options.force === true && names.includes(step.name);
  if (!options.force && steps.every((step) => step.isUpToDate(root, stepFingerprint(root, step)))) return;
  await withLock(
    join(root, ".build", "build.lock"),
    async () => {
      for (const step of steps) {
        step.clean(root);
        // Computed now: a step's inputs may be the outputs of the step before it.
        const print = stepFingerprint(root, step);
        if (!forced(step) && step.isUpToDate(root, print)) continue;
        await runStep(step, root, print, forced(step), write);
      }
    },
    {
      onWait: (holder) =>
        write(
          `waiting for the build in ${holder ? `process ${holder.pid}` : "another process"} to finish…\n`,
        ),
    },
  );
}

async function runStep(
  step: BuildStep,
  root: string,
  print: string,
  fresh: boolean,
  write: (text: string) => void,
) {
  write(`${step.label}…`);
  const start = performance.now();
  try {
    await step.build(root, print, { fresh });
  } catch (error) {
    write(" failed\n");
    if (error instanceof BuildError) write(error.output.endsWith("\n") ? error.output : `${error.output}\n`);
    throw error;
  }
  write(` ${((performance.now() - start) / 1000).toFixed(1)} s\n`);
}

/**
 * The contracts' generated types exist, maybe built from older sources: enough to list the
 * scenarios and check a command line. Builds them only on a fresh checkout.
 */
export async function ensureContractTypes(root = PROJECT_ROOT): Promise<void> {
  if (!existsSync(join(root, "typechain-types", "index.ts"))) await ensureBuild(["contracts"], { root });
}
