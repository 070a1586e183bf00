/**
 * Bundle simulation throughput, and the chain's raw transaction throughput in the same process:
 *   - bundles of 3 swaps (each a different amount) simulated with builder.callBundle (eth_callBundle)
 *     against the current state, one after another;
 *   - signed swaps from three senders sent to the pool and mined through the builder (Chain.mine).
 * Signing happens before the clock starts: the figures are the sandbox's, not the signer's.
 */
import { performance } from "node:perf_hooks";
import { MaxUint256, Wallet } from "ethers";
import type { Builder } from "../../server/builder/builder";
import type { Chain } from "../../server/chain/chain";
import type { CleanWorld } from "../../server/engine/cleanWorld";
import { ACTORS, hardhatAccount } from "../../server/world/actors";
import { toBaseUnits } from "../../server/world/config";
import type { World } from "../../server/world/types";
import { AmmRouter__factory, TestToken__factory } from "../../typechain-types";

const GWEI = 10n ** 9n;
const SWAP_GAS = 200_000n;
const routerIface = AmmRouter__factory.createInterface();
/** Simulations run before the clock starts. */
const WARM_UP = 10;

export interface BundleBench {
  /** Milliseconds per callBundle, in order. */
  simulationMs: number[];
  /** Wall-clock seconds for all simulations. */
  simulationSeconds: number;
  txs: number;
  blocks: number;
  /** Wall-clock seconds from the first send to the last block. */
  chainSeconds: number;
}

export interface Signer {
  wallet: Wallet;
  nonce: number;
}

export async function signerFor(chain: Chain, index: number): Promise<Signer> {
  const wallet = new Wallet(hardhatAccount(index).privateKey);
  const nonce = Number(
    BigInt(await chain.rpc<string>("eth_getTransactionCount", [wallet.address, "latest"])),
  );
  return { wallet, nonce };
}

/** A signed swap on DEX A: WETH→USDC when `i` is even, USDC→WETH when odd (the price stays near). */
export function signSwap(
  world: World,
  router: string,
  signer: Signer,
  i: number,
  nonce: number,
  tip: bigint,
) {
  const { WETH, USDC } = world.tokens;
  const [path, amountIn] =
    i % 2 === 0
      ? [[WETH.address, USDC.address], toBaseUnits(1n, 18) + BigInt(i) * 10n ** 15n]
      : [[USDC.address, WETH.address], toBaseUnits(2_000n, 6) + BigInt(i) * 1_000n];
  return signer.wallet.signTransaction({
    type: 2,
    chainId: 31337n,
    nonce,
    to: router,
    data: routerIface.encodeFunctionData("swapExactTokensForTokens", [
      amountIn,
      0n,
      path,
      signer.wallet.address,
      2n ** 40n,
    ]),
    gasLimit: SWAP_GAS,
    maxPriorityFeePerGas: tip,
    maxFeePerGas: 100n * GWEI + tip,
  });
}

/** Alice and Bob let DEX A's router move their WETH and USDC (the searcher already does). */
export async function approveRouter(runner: CleanWorld, router: string): Promise<void> {
  const { world } = runner;
  const sends = [world.actors.alice, world.actors.bob].flatMap((actor) =>
    [world.tokens.WETH, world.tokens.USDC].map(
      (token) => () => TestToken__factory.connect(token.address, actor.signer).approve(router, MaxUint256),
    ),
  );
  await world.chain.minedBatch(sends);
}

/** `count` bundles of 3 searcher swaps, all from its next nonce (a simulation keeps nothing). */
async function signBundles(world: World, router: string, count: number): Promise<string[][]> {
  const searcher = await signerFor(world.chain, ACTORS.searcher.index);
  const bundles: string[][] = [];
  for (let b = 0; b < count; b++) {
    bundles.push(
      await Promise.all(
        [0, 1, 2].map((k) => signSwap(world, router, searcher, b * 3 + k, searcher.nonce + k, GWEI)),
      ),
    );
  }
  return bundles;
}

/** Simulates each bundle at the top of the next block; milliseconds per simulation. */
async function simulateBundles(
  chain: Chain,
  builder: Builder,
  bundles: readonly string[][],
): Promise<number[]> {
  const next = (await chain.latestBlock()).number + 1;
  const times: number[] = [];
  for (const txs of bundles) {
    const t0 = performance.now();
    const result = await builder.callBundle({ txs, blockNumber: next, stateBlockNumber: "latest" });
    times.push(performance.now() - t0);
    const failed = result.results.find((r) => r.error);
    if (failed) throw new Error(`bench: a simulated swap reverted (${failed.txHash}): ${failed.error}`);
  }
  return times;
}

/**
 * Sends `count` signed swaps from three senders, `perBlock` at a time, each batch mined in a block
 * of its own through the builder.
 */
async function mineSwaps(
  world: World,
  router: string,
  count: number,
  perBlock: number,
): Promise<{ blocks: number; seconds: number }> {
  const { chain } = world;
  const senders = await Promise.all(
    [ACTORS.searcher.index, ACTORS.alice.index, ACTORS.bob.index].map((i) => signerFor(chain, i)),
  );
  const raws: string[] = [];
  for (let i = 0; i < count; i++) {
    const sender = senders[i % senders.length]!;
    // Tips differ so that the builder reorders the pool (the path every real block takes).
    raws.push(await signSwap(world, router, sender, i, sender.nonce++, BigInt(1 + (i % 5)) * GWEI));
  }
  let blocks = 0;
  const start = performance.now();
  for (let i = 0; i < raws.length; i += perBlock) {
    const batch = raws.slice(i, i + perBlock);
    for (const raw of batch) await chain.rpc("eth_sendRawTransaction", [raw]);
    const block = await chain.mine();
    blocks++;
    if (block.transactions.length !== batch.length) {
      throw new Error(
        `bench: block ${block.number} took ${block.transactions.length} of ${batch.length} swaps`,
      );
    }
  }
  return { blocks, seconds: (performance.now() - start) / 1000 };
}

export async function benchBundles(
  runner: CleanWorld,
  bundles: number,
  swaps: number,
  swapsPerBlock: number,
): Promise<BundleBench> {
  await runner.resetChain();
  const { world } = runner;
  const router = await world.dexes.dexA.router.getAddress();
  await approveRouter(runner, router);

  const signed = await signBundles(world, router, bundles + WARM_UP);
  await simulateBundles(world.chain, runner.builder, signed.slice(0, WARM_UP)); // warms the JIT and Hardhat's caches up
  const t0 = performance.now();
  const simulationMs = await simulateBundles(world.chain, runner.builder, signed.slice(WARM_UP));
  const simulationSeconds = (performance.now() - t0) / 1000;

  const mined = await mineSwaps(world, router, swaps, swapsPerBlock);
  return { simulationMs, simulationSeconds, txs: swaps, blocks: mined.blocks, chainSeconds: mined.seconds };
}
