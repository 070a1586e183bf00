/**
 * Reordering a block (POST /api/mev/blocks/:n/reorder without the HTTP): the sandwich scenario's
 * 3-transaction attack block, and a 50-swap block from three senders, each re-executed on a fork
 * in its real order and in another one (alternately), one after another.
 */
import { performance } from "node:perf_hooks";
import type { HardhatNetworkConfig, HardhatRuntimeEnvironment } from "hardhat/types";
import { hardhatChain } from "../../server/chain/hardhat";
import { MAX_REORDER_TRANSACTIONS, reorderBlock } from "../../server/control/reorder";
import { CleanWorld } from "../../server/engine/cleanWorld";
import type { MevClassified } from "../../server/events";
import { Replayer } from "../../server/replay/fork";
import { minedTransactions } from "../../server/replay/mined";
import { createRun } from "../../server/runs/create";
import { ACTORS } from "../../server/world/actors";
import type { World } from "../../server/world/types";
import { approveRouter, signerFor, signSwap } from "./benchBundles";

const GWEI = 10n ** 9n;

export interface ReorderBench {
  /** Milliseconds per reorder of the 3-transaction sandwich block. */
  threeMs: number[];
  /** Milliseconds per reorder of the 50-transaction block. */
  fiftyMs: number[];
}

/** Times `runs` reorders of `block`, alternating between `orders`, after `warmUp` untimed ones. */
async function timeReorders(
  world: World,
  replayer: Replayer,
  block: number,
  orders: readonly string[][],
  runs: number,
  warmUp = 2,
): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < warmUp + runs; i++) {
    const t0 = performance.now();
    await reorderBlock(world, replayer, block, orders[i % orders.length]!);
    if (i >= warmUp) times.push(performance.now() - t0);
  }
  return times;
}

/** The sandwich scenario's attack block: [front-run, victim, back-run]. */
async function sandwichBlock(runner: CleanWorld): Promise<MevClassified> {
  const run = createRun(runner, "sandwich", {}, "bench-reorder");
  await run.play();
  const label = run.events.find(
    (e): e is MevClassified => e.type === "mev:classified" && e.kind === "sandwich",
  );
  if (!label) throw new Error("bench: the sandwich scenario labelled no sandwich");
  return label;
}

/** A block of `count` DEX A swaps from the searcher, alice and bob, mined through the builder. */
async function swapBlock(world: World, count: number): Promise<number> {
  const router = await world.dexes.dexA.router.getAddress();
  await approveRouter({ world } as CleanWorld, router);
  const senders = await Promise.all(
    [ACTORS.searcher.index, ACTORS.alice.index, ACTORS.bob.index].map((i) => signerFor(world.chain, i)),
  );
  for (let i = 0; i < count; i++) {
    const sender = senders[i % senders.length]!;
    const raw = await signSwap(world, router, sender, i, sender.nonce++, BigInt(1 + (i % 5)) * GWEI);
    await world.chain.rpc("eth_sendRawTransaction", [raw]);
  }
  return (await world.chain.mine()).number;
}

/** The block's transactions grouped by sender (each sender's in nonce order): another valid order. */
async function bySender(world: World, block: number): Promise<string[]> {
  const mined = await minedTransactions(world.chain, block);
  return [...mined].sort((a, b) => a.from.localeCompare(b.from) || a.nonce - b.nonce).map((tx) => tx.hash);
}

export async function benchReorder(hre: HardhatRuntimeEnvironment, runs: number): Promise<ReorderBench> {
  const chain = hardhatChain(hre);
  const runner = await CleanWorld.create(chain);
  const replayer = new Replayer(chain, hre.network.config as HardhatNetworkConfig);
  try {
    const { world } = runner;
    const sandwich = await sandwichBlock(runner);
    const [front, victim, back] = sandwich.txs as [string, string, string];
    const threeMs = await timeReorders(
      world,
      replayer,
      sandwich.block,
      [
        [front, victim, back],
        [victim, front, back],
      ],
      runs,
    );
    const block = await swapBlock(world, MAX_REORDER_TRANSACTIONS);
    const real = (await chain.provider.getBlock(block))!.transactions;
    if (real.length !== MAX_REORDER_TRANSACTIONS)
      throw new Error(`bench: the swap block holds ${real.length} transactions`);
    const fiftyMs = await timeReorders(
      world,
      replayer,
      block,
      [[...real], await bySender(world, block)],
      runs,
    );
    return { threeMs, fiftyMs };
  } finally {
    await replayer.close();
  }
}
