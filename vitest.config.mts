import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // Hardhat loads hardhat.config.ts through ts-node; register it before any test imports hardhat.
    setupFiles: ["tests/setup.ts"],
    // Each test file gets its own worker, and so its own in-memory chain.
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
