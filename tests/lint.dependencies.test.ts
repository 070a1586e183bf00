/**
 * The dependency rules (.dependency-cruiser.cjs, DESIGN.md's layers) catch a violation: run on a small
 * tree where the engine imports a scenario, dependency-cruiser fails naming the rule and the import;
 * the same tree with the import pointing down passes. `npm run lint` runs them on the real tree.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "..");
const CLI = join(ROOT, "node_modules/dependency-cruiser/bin/dependency-cruise.mjs");

/** A tree with the given files (path → source), the project's rules, and what dependency-cruiser says of it. */
function cruise(files: Record<string, string>): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), "sandbox-layers-"));
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), source);
  }
  copyFileSync(join(ROOT, ".dependency-cruiser.cjs"), join(dir, ".dependency-cruiser.cjs"));
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { module: "commonjs" } }));
  const run = spawnSync(process.execPath, [CLI, "server", "--config", ".dependency-cruiser.cjs"], {
    cwd: dir,
    encoding: "utf8",
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe("the dependency rules", () => {
  it("fail when the engine imports a scenario, naming the rule and the import", () => {
    const result = cruise({
      "server/scenarios/story.ts": "export const story = 1;\n",
      "server/engine/leak.ts": 'import { story } from "../scenarios/story";\nexport const leak = story;\n',
    });
    expect(result.status).not.toBe(0);
    expect(result.output).toContain(
      "no-upward-from-builder-and-engine: server/engine/leak.ts → server/scenarios/story.ts",
    );
  });

  it("fail on an import cycle", () => {
    const result = cruise({
      "server/math/a.ts": 'import { b } from "./b";\nexport const a = () => b;\n',
      "server/math/b.ts": 'import { a } from "./a";\nexport const b = () => a;\n',
    });
    expect(result.status).not.toBe(0);
    expect(result.output).toContain("no-circular");
  });

  it("pass when the import points down", () => {
    const result = cruise({
      "server/engine/story.ts": "export const story = 1;\n",
      "server/scenarios/uses.ts": 'import { story } from "../engine/story";\nexport const uses = story;\n',
    });
    expect(result.output).toContain("no dependency violations found");
    expect(result.status).toBe(0);
  });
});
