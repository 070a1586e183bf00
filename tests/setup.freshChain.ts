import { beforeAll } from "vitest";

// Test files share a worker process (vitest.config.mts: isolate false), Hardhat loaded once: each
// file starts from Hardhat's genesis, as it would in a fresh process.
beforeAll(async () => {
  const { default: hre } = await import("hardhat");
  await hre.network.provider.send("hardhat_reset", []);
});
