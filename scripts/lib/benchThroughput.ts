/**
 * The chain's throughput, through the builder and without it, in the same process: the same signed
 * swaps (three senders, tips out of arrival order, so the builder reorders the pool) sent one
 * `eth_sendRawTransaction` at a time and mined `perBlock` to a block, from the same clean world.
 * Both sides time the same sends; they differ only in how each block is mined:
 * - builder: `Chain.mine()`, the path of every block the sandbox mines. The builder reads what entered
 *   the pool (its pending filter, at the start and end of its turn), lists the pool and its senders'
 *   nonces, orders it by tip and drops and re-sends those that must move (one batch of drops, one of sends), then
 *   the block is mined as on the other side, the next base fee held again and the block read back.
 * - raw: `Chain.mineAsIs()`: Hardhat's own `evm_mine` on the pool as it is (FIFO: arrival order), after
 *   reading the latest block and setting the same block time and base fee (a bare `evm_mine` would
 *   stamp them with the wall clock, months after the sandbox's chain).
 * So both mine the same swaps in the same blocks (checked after each round), in another order. Neither
 * reads receipts, publishes events or runs the inspector: no engine is attached.
 * Each round starts both from the clean world; rounds alternate, so a loaded machine slows both alike.
 * Beside wall-clock time it counts the process's CPU time (every thread's, the node's included), which
 * other programs on a shared machine disturb less. Signing happens before the clock starts: the figures
 * are the chain's, not the signer's.
 *
 * The node (EDR) allocates with mimalloc, which by default hands freed memory back to the kernel after
 * 10 ms; the kernel then zeroes fresh huge pages for the next block's traces, and on these machines
 * that zeroing can take most of a block's CPU time and varies tenfold between rounds, more than the
 * difference being measured. `benchThroughputInChild` runs the same measure in
 * a process of its own with other environment variables (MIMALLOC_PURGE_DELAY=-1 keeps the memory),
 * so the builder's own cost shows beside the default one.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { Chain } from "../../server/chain/chain";
import type { CleanWorld } from "../../server/engine/cleanWorld";
import { ACTORS } from "../../server/world/actors";
import { approveRouter, signerFor, signSwap } from "./benchBundles";

const GWEI = 10n ** 9n;

/** How a block is mined: through the builder, or by Hardhat alone. */
export type MinePath = "builder" | "raw";

export interface ThroughputBench {
  swaps: number;
  blocks: number;
  /** Swaps per second of each round, by path, in order. */
  perSecond: Record<MinePath, number[]>;
  /** Swaps per second of the process's CPU time (user and system), by path, in order. */
  perCpuSecond: Record<MinePath, number[]>;
}

/** Signs `count` swaps from three senders, each sender's nonces in order, tips from 1 to 5 gwei. */
async function signSwaps(runner: CleanWorld, router: string, count: number): Promise<string[]> {
  const { world } = runner;
  const senders = await Promise.all(
    [ACTORS.searcher.index, ACTORS.alice.index, ACTORS.bob.index].map((i) => signerFor(world.chain, i)),
  );
  const raws: string[] = [];
  for (let i = 0; i < count; i++) {
    const sender = senders[i % senders.length]!;
    raws.push(await signSwap(world, router, sender, i, sender.nonce++, BigInt(1 + (i % 5)) * GWEI));
  }
  return raws;
}

/** Sends the swaps `perBlock` at a time, each batch mined in a block of its own; returns seconds. */
async function mineAll(chain: Chain, raws: readonly string[], perBlock: number, path: MinePath) {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < raws.length; i += perBlock) {
    const batch = raws.slice(i, i + perBlock);
    for (const raw of batch) await chain.rpc("eth_sendRawTransaction", [raw]);
    if (path === "builder") await chain.mine();
    else await chain.mineAsIs();
  }
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  await checkBlockSizes(chain, raws.length, perBlock, path);
  return { seconds, cpuSeconds };
}

/** Each batch was mined whole in a block of its own, and nothing is left in the pool. */
async function checkBlockSizes(chain: Chain, swaps: number, perBlock: number, path: MinePath) {
  const pending = await chain.rpc<unknown[]>("eth_pendingTransactions");
  if (pending.length > 0) throw new Error(`bench: ${pending.length} swaps left unmined (${path})`);
  const latest = (await chain.latestBlock()).number;
  const blocks = Math.ceil(swaps / perBlock);
  for (let i = 0; i < blocks; i++) {
    const count = Number(
      await chain.rpc<string>("eth_getBlockTransactionCountByNumber", [`0x${(latest - i).toString(16)}`]),
    );
    const expected = i === 0 ? swaps - perBlock * (blocks - 1) : perBlock;
    if (count !== expected)
      throw new Error(`bench: block ${latest - i} has ${count} swaps, not ${expected} (${path})`);
  }
}

/** Starts from the clean world with the router approved: every round mines the same signed swaps. */
async function cleanStart(runner: CleanWorld, router: string): Promise<void> {
  await runner.resetChain();
  await approveRouter(runner, router);
}

export async function benchThroughput(
  runner: CleanWorld,
  swaps: number,
  perBlock: number,
  rounds: number,
): Promise<ThroughputBench> {
  const { chain } = runner.world;
  const router = await runner.world.dexes.dexA.router.getAddress();
  await cleanStart(runner, router);
  const raws = await signSwaps(runner, router, swaps);
  const perSecond: Record<MinePath, number[]> = { builder: [], raw: [] };
  const perCpuSecond: Record<MinePath, number[]> = { builder: [], raw: [] };
  // Round 0 warms the JIT and the node's caches up for both paths; it is not counted.
  for (let round = 0; round <= rounds; round++) {
    for (const path of round % 2 === 0 ? (["raw", "builder"] as const) : (["builder", "raw"] as const)) {
      await cleanStart(runner, router);
      const { seconds, cpuSeconds } = await mineAll(chain, raws, perBlock, path);
      if (round > 0) {
        perSecond[path].push(swaps / seconds);
        perCpuSecond[path].push(swaps / cpuSeconds);
      }
    }
  }
  await runner.resetChain();
  return { swaps, blocks: Math.ceil(swaps / perBlock), perSecond, perCpuSecond };
}

/** `benchThroughput` in a child process started with `env` added to this one's environment. */
export function benchThroughputInChild(
  swaps: number,
  perBlock: number,
  rounds: number,
  env: Record<string, string>,
): Promise<ThroughputBench> {
  const script = join(__dirname, "benchThroughputChild.ts");
  const args = ["--import", "tsx", script, String(swaps), String(perBlock), String(rounds)];
  const proc = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  proc.stdout.on("data", (chunk) => {
    out += chunk;
  });
  return new Promise((resolve, reject) => {
    proc.on("error", reject);
    proc.on("exit", (code) => {
      if (code === 0) resolve(JSON.parse(out.trim().split("\n").at(-1)!) as ThroughputBench);
      else reject(new Error(`the throughput benchmark's child process exited with ${code}`));
    });
  });
}
