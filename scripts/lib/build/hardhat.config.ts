/**
 * The project's Hardhat config (hardhat.config.ts) with its outputs in SANDBOX_BUILD_OUT: the
 * contracts step (./contracts.ts) compiles there, then renames the outputs into place.
 */
import { resolve } from "node:path";
import type { HardhatUserConfig } from "hardhat/config";
import config from "../../../hardhat.config";

const out = process.env.SANDBOX_BUILD_OUT;
if (!out) throw new Error("SANDBOX_BUILD_OUT is not set: `npm run build` uses this config, nobody else");

const buildConfig: HardhatUserConfig = {
  ...config,
  paths: {
    ...config.paths,
    root: resolve(__dirname, "../../.."),
    artifacts: resolve(out, "artifacts"),
    cache: resolve(out, "cache"),
  },
  typechain: { ...config.typechain, outDir: resolve(out, "typechain-types") },
};

export default buildConfig;
