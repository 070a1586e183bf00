/**
 * A build step: what it reads, how to tell its outputs are current, how to build them. Each step
 * builds into a temporary folder of its own and renames the result into place.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";

export type StepName = "contracts" | "page";

export interface BuildStep {
  name: StepName;
  /** The progress line's words, e.g. "compiling contracts". */
  label: string;
  /** Steps whose outputs this one reads. */
  needs: readonly StepName[];
  /** Changes every fingerprint when how the step builds changes. */
  version: string;
  /** The files the step reads, relative to the checkout. */
  inputs(root: string): string[];
  /** Whether the outputs in place were built from inputs with this fingerprint. */
  isUpToDate(root: string, fingerprint: string): boolean;
  /** Builds and puts the outputs in place, with the fingerprint beside them; `fresh`: from scratch. */
  build(root: string, fingerprint: string, options: { fresh: boolean }): Promise<void>;
  /** Removes what interrupted builds left behind (called holding the lock). */
  clean(root: string): void;
}

/** A build tool failed; `output` is what it printed. Exits 1, not 2: a failure, not a usage error. */
export class BuildError extends Error {
  override name = "BuildError";
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(message);
    this.stack = `${this.name}: ${message}`; // the tool's output says where; our frames would not
  }
}

/** The script a package's `bin` names (as node_modules/.bin would run it). */
export function binOf(pkg: string, bin: string): string {
  const manifestPath = require.resolve(`${pkg}/package.json`);
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { bin: string | Record<string, string> };
  const relative = typeof manifest.bin === "string" ? manifest.bin : manifest.bin[bin];
  if (relative === undefined) throw new Error(`${pkg} has no bin "${bin}"`);
  return join(dirname(manifestPath), relative);
}

/** Runs a tool with Node, keeping its output to show only if it fails. */
export function runTool(
  name: string,
  script: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (code === 0) resolve();
      else reject(new BuildError(`${name} failed (${signal ?? `exit code ${code}`})`, output));
    });
  });
}
