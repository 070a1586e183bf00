/**
 * ensureBuild with stand-in steps: up-to-date steps are skipped without a word, a changed input
 * rebuilds only its step, a step's needs come first, and a failure says what the tool printed.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ensureBuild } from "../scripts/lib/build/ensure";
import { filesUnder } from "../scripts/lib/build/fingerprint";
import { BuildError, type BuildStep, runTool, type StepName } from "../scripts/lib/build/step";

let root: string;
let built: StepName[];
let output: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "build-skip-"));
  built = [];
  output = "";
  for (const name of ["contracts", "page"]) {
    mkdirSync(join(root, `src-${name}`));
    writeFileSync(join(root, `src-${name}`, "a.txt"), "first");
  }
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const readStamp = (path: string) => (existsSync(path) ? readFileSync(path, "utf8") : undefined);

/** A step that "builds" by writing its fingerprint to out-<name>. */
function standIn(name: StepName, needs: StepName[] = [], fail?: () => Promise<void>): BuildStep {
  return {
    name,
    label: `building ${name}`,
    needs,
    version: "1",
    inputs: (dir) => filesUnder(dir, `src-${name}`),
    isUpToDate: (dir, print) => readStamp(join(dir, `out-${name}`)) === print,
    async build(dir, print) {
      await fail?.();
      built.push(name);
      writeFileSync(join(dir, `out-${name}`), print);
    },
    clean: () => {},
  };
}

const steps = [standIn("contracts"), standIn("page", ["contracts"])];
const ensure = (names: StepName[], force = false) =>
  ensureBuild(names, { root, steps, force, write: (text) => (output += text) });

describe("ensureBuild", () => {
  it("builds once, then skips what is up to date and prints nothing", async () => {
    await ensure(["contracts", "page"]);
    expect(built).toEqual(["contracts", "page"]);
    expect(output).toMatch(/^building contracts… \d+\.\d s\nbuilding page… \d+\.\d s\n$/);

    built = [];
    output = "";
    await ensure(["contracts", "page"]);
    expect(built).toEqual([]);
    expect(output).toBe("");
    expect(existsSync(join(root, ".build", "build.lock"))).toBe(false);
  });

  it("rebuilds only the step whose input changed", async () => {
    await ensure(["contracts", "page"]);
    built = [];
    writeFileSync(join(root, "src-page", "a.txt"), "second");
    await ensure(["contracts", "page"]);
    expect(built).toEqual(["page"]);

    built = [];
    writeFileSync(join(root, "src-contracts", "b.txt"), "a new file");
    await ensure(["contracts", "page"]);
    expect(built).toEqual(["contracts"]);
  });

  it("builds what a step needs first, and only what was asked", async () => {
    await ensure(["page"]);
    expect(built).toEqual(["contracts", "page"]);
    built = [];
    writeFileSync(join(root, "src-page", "a.txt"), "second");
    await ensure(["contracts"]);
    expect(built).toEqual([]);
  });

  it("rebuilds the asked steps when forced, not the up-to-date steps they need", async () => {
    await ensure(["page"]);
    await ensure(["page"], true);
    expect(built).toEqual(["contracts", "page", "page"]);
  });

  it("fails with the tool's output, releases the lock and leaves the outputs as they were", async () => {
    await ensure(["contracts"]);
    writeFileSync(join(root, "src-contracts", "a.txt"), "second");
    const failing = standIn("contracts", [], () =>
      runTool("tsc -p web", "-e", ['console.log("error TS2306: not a module"); process.exit(2)'], {
        cwd: root,
      }),
    );
    const before = readFileSync(join(root, "out-contracts"), "utf8");
    const attempt = ensureBuild(["contracts"], { root, steps: [failing], write: (text) => (output += text) });
    await expect(attempt).rejects.toThrow(BuildError);
    await expect(attempt).rejects.toThrow("tsc -p web failed (exit code 2)");
    expect(output).toContain("building contracts… failed\nerror TS2306: not a module\n");
    expect(readFileSync(join(root, "out-contracts"), "utf8")).toBe(before);
    expect(existsSync(join(root, ".build", "build.lock"))).toBe(false);
  });
});
