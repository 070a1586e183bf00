/**
 * What the build reads: the import closure behind the page's fingerprint, the hash itself, and
 * the real steps' verdicts on a small project in a temporary folder.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CONTRACTS_STAMP, contractsStep } from "../scripts/lib/build/contracts";
import { fingerprint, importClosure } from "../scripts/lib/build/fingerprint";
import { pageStep } from "../scripts/lib/build/page";

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "build-fingerprint-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function write(files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

const fingerprintOf = (step: typeof pageStep) => fingerprint(root, step.inputs(root), step.name);

describe("importClosure", () => {
  it("follows every kind of relative import, type-only ones too, and leaves packages out", () => {
    write({
      "web/src/main.ts": [
        'import "./styles.css";',
        'import { h } from "./dom";',
        'import type { Event } from "../../server/events";',
        'export * from "./views";',
        'const later = () => import("./lazy.js");',
        'import { z } from "zod";',
      ].join("\n"),
      "web/src/styles.css": "body {}",
      "web/src/dom.ts": "export const h = 1;",
      "web/src/views/index.ts": 'export { block } from "./block";',
      "web/src/views/block.ts": "export const block = 1;",
      "web/src/lazy.ts": "export {};",
      "web/src/unused.ts": "export {};",
      "server/events.ts": 'import type { Pair } from "../typechain-types";\nexport type Event = Pair;',
      "typechain-types/index.ts": "export type Pair = {};",
      "server/sandbox.ts": "export {};",
    });
    expect(importClosure(root, ["web/src/main.ts"])).toEqual([
      "server/events.ts",
      "typechain-types/index.ts",
      "web/src/dom.ts",
      "web/src/lazy.ts",
      "web/src/main.ts",
      "web/src/styles.css",
      "web/src/views/block.ts",
      "web/src/views/index.ts",
    ]);
  });
});

describe("fingerprint", () => {
  it("changes with a file's contents, its path or the salt, and with nothing else", () => {
    write({ "a.ts": "one", "b.ts": "two" });
    const first = fingerprint(root, ["a.ts", "b.ts"], "page@1");
    expect(fingerprint(root, ["b.ts", "a.ts", "a.ts"], "page@1")).toBe(first);
    expect(fingerprint(root, ["a.ts", "b.ts"], "page@2")).not.toBe(first);
    write({ "b.ts": "two!" });
    expect(fingerprint(root, ["a.ts", "b.ts"], "page@1")).not.toBe(first);
    expect(fingerprint(root, ["a.ts", "c.ts"], "page@1")).not.toBe(fingerprint(root, ["a.ts"], "page@1"));
  });
});

describe("the contracts step", () => {
  beforeEach(() =>
    write({
      "contracts/dex/AmmPair.sol": "contract AmmPair {}",
      "hardhat.config.ts": "export default { solidity: '0.8.28' };",
      "package-lock.json": "{}",
      "scripts/lib/build/hardhat.config.ts": "export {};",
      "server/world/deploy.ts": "export {};",
    }),
  );

  it("is rebuilt when a contract or the compiler settings change, not for other files", () => {
    const first = fingerprintOf(contractsStep);
    write({ "server/world/deploy.ts": "export const changed = 1;" });
    expect(fingerprintOf(contractsStep)).toBe(first);
    write({ "contracts/dex/AmmPair.sol": "contract AmmPair { uint x; }" });
    const second = fingerprintOf(contractsStep);
    expect(second).not.toBe(first);
    write({ "hardhat.config.ts": "export default { solidity: '0.8.28', optimizer: false };" });
    expect(fingerprintOf(contractsStep)).not.toBe(second);
  });

  it("is up to date only with its stamp beside the types and every output present", () => {
    const print = fingerprintOf(contractsStep);
    expect(contractsStep.isUpToDate(root, print)).toBe(false);
    write({
      [`typechain-types/${CONTRACTS_STAMP}`]: print,
      "artifacts/contracts/AmmPair.json": "{}",
      "cache/solidity-files-cache.json": "{}",
    });
    expect(contractsStep.isUpToDate(root, print)).toBe(true);
    rmSync(join(root, "artifacts"), { recursive: true });
    expect(contractsStep.isUpToDate(root, print)).toBe(false);
  });
});

describe("the page step", () => {
  beforeEach(() =>
    write({
      "web/index.html": '<script type="module" src="/src/main.ts"></script>',
      "web/tsconfig.json": "{}",
      "web/vite.config.ts": "export default {};",
      "web/src/main.ts": 'import type { Event } from "../../server/events";',
      "web/placeholder/index.html": "no build yet",
      "server/events.ts": 'import type { Pair } from "../typechain-types";\nexport type Event = Pair;',
      "server/sandbox.ts": "export {};",
      "typechain-types/index.ts": "export type Pair = {};",
      "package-lock.json": "{}",
    }),
  );

  it("is rebuilt when web/, the server modules it imports or their contract types change", () => {
    const first = fingerprintOf(pageStep);
    write({ "server/sandbox.ts": "export const notImported = 1;", "web/placeholder/index.html": "other" });
    write({ "web/.dist-0123456789abcdef/index.html": "a build", "web/dist/index.html": "a build" });
    expect(fingerprintOf(pageStep)).toBe(first);
    for (const [file, text] of [
      ["web/src/main.ts", 'import type { Event } from "../../server/events";\n// edited'],
      ["server/events.ts", 'import type { Pair } from "../typechain-types";\nexport type Event = Pair[];'],
      ["typechain-types/index.ts", "export type Pair = { reserve0: bigint };"],
      ["web/vite.config.ts", "export default { base: '/' };"],
      ["package-lock.json", '{ "lockfileVersion": 3 }'],
    ] as const) {
      const before = fingerprintOf(pageStep);
      write({ [file]: text });
      expect(fingerprintOf(pageStep), file).not.toBe(before);
    }
  });

  it("is up to date when web/dist links to the build named after the fingerprint", () => {
    const print = fingerprintOf(pageStep);
    expect(pageStep.isUpToDate(root, print)).toBe(false);
    const folder = `.dist-${print.slice(0, 16)}`;
    write({ [`web/${folder}/index.html`]: "built" });
    expect(pageStep.isUpToDate(root, print)).toBe(false);
    symlinkSync(folder, join(root, "web", "dist"), "junction");
    expect(pageStep.isUpToDate(root, print)).toBe(true);
    // A forced rebuild beside the live build of the same inputs gets a suffix.
    write({ [`web/${folder}-2/index.html`]: "rebuilt" });
    rmSync(join(root, "web", "dist"));
    symlinkSync(`${folder}-2`, join(root, "web", "dist"), "junction");
    expect(pageStep.isUpToDate(root, print)).toBe(true);
  });
});
