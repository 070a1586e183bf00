/**
 * The commands in a copy of this checkout whose contracts are out of date, so that any build would
 * show: usage answers build nothing; two `npm run scenario` at once build once, the second waiting
 * for the first, and print the same bytes; a build error exits 1, not 2 (the usage code).
 */
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTRACTS_STAMP } from "../scripts/lib/build/contracts";

const ROOT = resolve(__dirname, "..");
/** What the commands read; web/ without its builds. */
const SOURCES = [
  "contracts",
  "scripts",
  "server",
  "web/src",
  "web/index.html",
  "web/tsconfig.json",
  "web/vite.config.ts",
  "hardhat.config.ts",
  "package.json",
  "package-lock.json",
  "tsconfig.json",
];

let copy: string;

beforeAll(() => {
  copy = mkdtempSync(join(tmpdir(), "mev-sandbox-build-"));
  for (const source of SOURCES) cpSync(join(ROOT, source), join(copy, source), { recursive: true });
  symlinkSync(realpathSync(join(ROOT, "node_modules")), join(copy, "node_modules"), "junction");
  // This checkout's compiled contracts (`npm test` built them), with Hardhat's cache pointed at the
  // copy: the copy's build then has nothing to recompile and only reruns typechain. Without the
  // stamp, the contracts count as out of date.
  cpSync(join(ROOT, "artifacts"), join(copy, "artifacts"), { recursive: true });
  cpSync(join(ROOT, "typechain-types"), join(copy, "typechain-types"), { recursive: true });
  rmSync(join(copy, "typechain-types", CONTRACTS_STAMP), { force: true });
  const cache = readFileSync(join(ROOT, "cache", "solidity-files-cache.json"), "utf8");
  cpSync(join(ROOT, "cache"), join(copy, "cache"), {
    recursive: true,
    filter: (path) => !path.includes("fork"),
  });
  writeFileSync(
    join(copy, "cache", "solidity-files-cache.json"),
    cache.replaceAll(JSON.stringify(`${ROOT}/`).slice(1, -1), JSON.stringify(`${copy}/`).slice(1, -1)),
  );
});

afterAll(() => rmSync(copy, { recursive: true, force: true }));

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

function npmRun(script: string, args: readonly string[]): Promise<Finished> {
  const child = spawn("npm", ["run", "--silent", script, "--", ...args], {
    cwd: copy,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolveRun) => child.on("close", (code) => resolveRun({ code, stdout, stderr })));
}

const BUILD_LINE = /compiling contracts…|building the page…/;

describe("commands in one checkout", () => {
  it("answer --help, --list and usage errors without building", async () => {
    const cases: [string, string[], number, string][] = [
      ["scenario", ["--help"], 0, "Usage: npm run scenario"],
      ["scenario", ["--list"], 0, "  sandwich — "],
      ["scenario", ["sandwich", "--slippage"], 2, "--slippage needs a value"],
      ["start", ["--help"], 0, "Usage: npm start"],
      ["start", ["--colour"], 2, "Unknown option '--colour'"],
      ["bench", ["--help"], 0, "Usage: npm run bench"],
      ["bench", ["nosuch"], 2, "unknown section(s) nosuch"],
      ["build", ["nosuch"], 2, 'unknown step or option "nosuch"'],
    ];
    const results = await Promise.all(cases.map(([script, args]) => npmRun(script, args)));
    for (const [index, [script, args, code, says]] of cases.entries()) {
      const { code: exited, stdout, stderr } = results[index]!;
      const what = `npm run ${script} -- ${args.join(" ")}`;
      expect(exited, `${what}: ${stderr}`).toBe(code);
      expect(code === 0 ? stdout : stderr, what).toContain(says);
      expect(stderr, what).not.toMatch(BUILD_LINE);
    }
  }, 120_000);

  it("two scenarios at once: one builds, the other waits for it, and both print the same bytes", async () => {
    const [first, second] = await Promise.all([
      npmRun("scenario", ["sandwich", "--json"]),
      npmRun("scenario", ["sandwich", "--json"]),
    ]);
    expect(first!.code, first!.stderr).toBe(0);
    expect(second!.code, second!.stderr).toBe(0);
    expect(second!.stdout).toBe(first!.stdout);
    const types = first!.stdout
      .trimEnd()
      .split("\n")
      .map((line) => (JSON.parse(line) as { type: string }).type);
    expect(types[0]).toBe("run:started");
    expect(types.at(-1)).toBe("run:finished");
    const stderrs = [first!.stderr, second!.stderr];
    expect(stderrs.filter((stderr) => stderr.includes("compiling contracts…"))).toHaveLength(1);
    expect(
      stderrs.filter((stderr) => /waiting for the build in process \d+ to finish…/.test(stderr)),
    ).toHaveLength(1);
  }, 300_000);

  it("exits 1 on a build error, showing the compiler's message", async () => {
    const pair = join(copy, "contracts", "dex", "AmmPair.sol");
    writeFileSync(pair, `${readFileSync(pair, "utf8")}\nthis is not Solidity\n`);
    const { code, stdout, stderr } = await npmRun("scenario", ["sandwich", "--json"]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toContain("compiling contracts… failed");
    expect(stderr).toContain("ParserError");
  }, 300_000);
});
