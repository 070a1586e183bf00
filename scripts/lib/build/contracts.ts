/**
 * The contracts step: Hardhat compiles (solc) and generates the typechain types into a temporary
 * folder, starting from the current outputs so that only changed contracts are recompiled; then
 * artifacts/, cache/solidity-files-cache.json and typechain-types/ (last, with the fingerprint)
 * are renamed into place. Hardhat's other cache (forks) stays where it is.
 */
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { filesUnder } from "./fingerprint";
import { type BuildStep, binOf, runTool } from "./step";
import { replaceDir } from "./swap";

/** The project's Hardhat config with its outputs moved to SANDBOX_BUILD_OUT. */
export const HARDHAT_BUILD_CONFIG = "scripts/lib/build/hardhat.config.ts";
const SOLIDITY_CACHE = "solidity-files-cache.json";
/** In typechain-types/: renamed into place with the types, so it never describes other files. */
export const CONTRACTS_STAMP = ".fingerprint";

const readText = (path: string) => {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
};

export const contractsStep: BuildStep = {
  name: "contracts",
  label: "compiling contracts",
  needs: [],
  version: "1",
  inputs: (root) => [
    ...filesUnder(root, "contracts"),
    "hardhat.config.ts", // the compiler's version and settings
    HARDHAT_BUILD_CONFIG,
    "package-lock.json", // solc, Hardhat, typechain
  ],
  isUpToDate: (root, fingerprint) =>
    readText(join(root, "typechain-types", CONTRACTS_STAMP)) === fingerprint &&
    existsSync(join(root, "artifacts")) &&
    existsSync(join(root, "cache", SOLIDITY_CACHE)),
  async build(root, fingerprint, { fresh }) {
    const work = join(root, ".build", `contracts-tmp-${process.pid}`);
    rmSync(work, { recursive: true, force: true });
    mkdirSync(join(work, "cache"), { recursive: true });
    try {
      if (!fresh && existsSync(join(root, "artifacts")))
        cpSync(join(root, "artifacts"), join(work, "artifacts"), { recursive: true });
      if (!fresh && existsSync(join(root, "cache", SOLIDITY_CACHE)))
        copyFileSync(join(root, "cache", SOLIDITY_CACHE), join(work, "cache", SOLIDITY_CACHE));
      await runTool(
        "hardhat typechain",
        binOf("hardhat", "hardhat"),
        ["--config", HARDHAT_BUILD_CONFIG, "typechain"],
        {
          cwd: root,
          env: { ...process.env, SANDBOX_BUILD_OUT: work, HARDHAT_DISABLE_TELEMETRY_PROMPT: "true" },
        },
      );
      writeFileSync(join(work, "typechain-types", CONTRACTS_STAMP), fingerprint);
      const aside = join(root, ".build", `trash-${process.pid}`);
      replaceDir(join(work, "artifacts"), join(root, "artifacts"), `${aside}-artifacts`);
      mkdirSync(join(root, "cache"), { recursive: true });
      renameSync(join(work, "cache", SOLIDITY_CACHE), join(root, "cache", SOLIDITY_CACHE));
      replaceDir(join(work, "typechain-types"), join(root, "typechain-types"), `${aside}-typechain-types`);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
  clean(root) {
    const dir = join(root, ".build");
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir))
      if (name.startsWith("contracts-tmp-") || name.startsWith("trash-"))
        rmSync(join(dir, name), { recursive: true, force: true });
  },
};
