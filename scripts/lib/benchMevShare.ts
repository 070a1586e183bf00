/**
 * MEV-Share benchmarks, on loopback only:
 *   - the hint stream's delay: a user's eth_sendPrivateTransaction with hints posted to the JSON-RPC
 *     port → its hint received by @flashbots/mev-share-client's on("transaction") in another process;
 *     with [hash, logs] (the builder runs the transaction first: that is in the delay), and with the
 *     transaction's fields only, alternately;
 *   - the mev-share scenario end to end, warm.
 */
import { performance } from "node:perf_hooks";
import { MaxUint256, Wallet } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { createRun } from "../../server/runs/create";
import { startSandbox } from "../../server/sandbox";
import { ACTORS, hardhatAccount } from "../../server/world/actors";
import type { World } from "../../server/world/types";
import { AmmRouter__factory, TestToken__factory } from "../../typechain-types";
import { child, sleep } from "./benchChild";

const alice = new Wallet(hardhatAccount(ACTORS.alice.index).privateKey);
const GWEI = 1_000_000_000n;

/** What the benchmark's transactions share: logs (the builder runs the transaction first), or fields only. */
export const BENCH_HINTS = {
  logs: ["hash", "logs"],
  fields: ["hash", "contract_address", "function_selector", "calldata"],
} as const;

export interface MevShareBenchResult {
  /** Per shared transaction: ms from posting it to the client receiving its hint, by kind of hints. */
  hintMs: Record<keyof typeof BENCH_HINTS, number[]>;
  /** The mev-share scenario, end to end, per warm run. */
  scenarioMs: number[];
}

export async function benchMevShare(
  hre: HardhatRuntimeEnvironment,
  options: { transactions: number; scenarioRuns: number },
): Promise<MevShareBenchResult> {
  const sandbox = await startSandbox(hre, { host: "127.0.0.1", rpcPort: 0, httpPort: 0, blockTime: 0 });
  const hintMs: MevShareBenchResult["hintMs"] = { logs: [], fields: [] };
  try {
    const rpc = (method: string, params: unknown[]) => post(sandbox.rpc.url, method, params);
    await rpc("eth_sendRawTransaction", [await approval(sandbox.world)]);
    await rpc("evm_mine", []);
    const client = child("benchMevShareClient.ts", [`${sandbox.http.url}/api/mev-share`, sandbox.rpc.url]);
    if ((await client.line(0)) !== "ready") throw new Error("mev-share: the client did not connect");
    const sentAt = new Map<string, { at: number; kind: keyof typeof BENCH_HINTS }>();
    for (let i = 0; i < 2 * options.transactions; i++) {
      const kind = i % 2 === 0 ? "logs" : "fields";
      const raw = await sale(sandbox.world, i);
      const preferences = { fast: true, privacy: { hints: BENCH_HINTS[kind] } };
      const at = performance.timeOrigin + performance.now();
      const hash = (await rpc("eth_sendPrivateTransaction", [{ tx: raw, preferences }])) as string;
      sentAt.set(hash, { at, kind });
      await rpc("evm_mine", []); // the sale lands: the next one runs on fresh state, as in a real block
    }
    await sleep(200);
    client.proc.stdin.write("done\n");
    const received = JSON.parse(await client.line(1)) as Record<string, number>;
    for (const [hash, { at, kind }] of sentAt) {
      const seen = received[hash];
      if (seen === undefined) throw new Error(`mev-share: the client never received the hint of ${hash}`);
      hintMs[kind].push(seen - at);
    }
  } finally {
    await sandbox.close();
  }
  // The chain stays with the sandbox's clean world: runs take it back to the clean snapshot.
  const scenarioMs: number[] = [];
  for (let i = 0; i <= options.scenarioRuns; i++) {
    const run = createRun(sandbox.clean, "mev-share", {}, `bench-mev-share-${i}`);
    const t0 = performance.now();
    await run.play();
    if (i > 0) scenarioMs.push(performance.now() - t0); // run 0 warms the process up
    run.dispose();
  }
  return { hintMs, scenarioMs };
}

async function post(url: string, method: string, params: unknown[]): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const reply = (await response.json()) as { result?: unknown; error?: { message: string } };
  if (reply.error) throw new Error(`mev-share bench: ${method}: ${reply.error.message}`);
  return reply.result;
}

/** alice lets DEX A's router spend her WETH (nonce 0 on the clean world). */
async function approval(world: World): Promise<string> {
  const data = TestToken__factory.createInterface().encodeFunctionData("approve", [
    await world.dexes.dexA.router.getAddress(),
    MaxUint256,
  ]);
  return signed(world, { to: world.tokens.WETH.address, data, gasLimit: 60_000n });
}

/** alice sells 0.1 WETH on DEX A. */
async function sale(world: World, index: number): Promise<string> {
  const data = AmmRouter__factory.createInterface().encodeFunctionData("swapExactTokensForTokens", [
    10n ** 17n + BigInt(index),
    0n,
    [world.tokens.WETH.address, world.tokens.USDC.address],
    alice.address,
    2n ** 40n,
  ]);
  return signed(world, { to: await world.dexes.dexA.router.getAddress(), data, gasLimit: 200_000n });
}

async function signed(world: World, tx: { to: string; data: string; gasLimit: bigint }): Promise<string> {
  const nonce = await world.chain.provider.getTransactionCount(alice.address, "latest");
  return alice.signTransaction({
    type: 2,
    chainId: 31337,
    nonce,
    ...tx,
    maxPriorityFeePerGas: 2n * GWEI,
    maxFeePerGas: 62n * GWEI,
  });
}
