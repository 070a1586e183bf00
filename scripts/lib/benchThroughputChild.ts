/**
 * A child process of the throughput benchmark: `benchThroughput` on a chain of its own, its result
 * as JSON on stdout. The parent chooses its environment (the node's allocator settings).
 */
import { benchThroughput } from "./benchThroughput";

const [swaps, perBlock, rounds] = process.argv.slice(2).map(Number);

async function main(): Promise<void> {
  const { default: hre } = await import("hardhat");
  const { hardhatChain } = await import("../../server/chain/hardhat");
  const { CleanWorld } = await import("../../server/engine/cleanWorld");
  const runner = await CleanWorld.create(hardhatChain(hre));
  const result = await benchThroughput(runner, swaps!, perBlock!, rounds!);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(String((error as Error).stack ?? error));
    process.exit(1);
  },
);
