import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    pool: "forks",
    // vitest's default is one worker fewer than the CPUs: a single worker on CI's 2 cores. Two keep both
    // cores busy.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The real-client test package (tests/clients: a Flashbots client pinning an older ethers) is
    // installed from its lockfile when missing or out of date.
    globalSetup: ["tests/clients/install.mjs"],
    projects: [
      {
        extends: true,
        test: {
          name: "tests",
          include: ["tests/**/*.test.ts"],
          // Hardhat loads hardhat.config.ts through ts-node: registered before any test imports hardhat.
          setupFiles: ["tests/setup.ts", "tests/setup.freshChain.ts"],
          exclude: ["tests/http.fork.test.ts"],
          // A worker runs file after file with Hardhat loaded once (about 1.4 s a file saved); each file
          // starts from a fresh chain (tests/setup.ts resets it), as in a new process.
          isolate: false,
        },
      },
      {
        extends: true,
        // Fork mode is chosen before Hardhat loads its configuration: this file needs a process of its own.
        test: {
          name: "fork",
          include: ["tests/http.fork.test.ts"],
          setupFiles: ["tests/setup.ts"],
          isolate: true,
        },
      },
    ],
  },
});
