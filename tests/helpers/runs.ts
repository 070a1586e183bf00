/**
 * Playing scenarios on a real chain for the bots' tests, and reading what happened from the chain:
 * balances at the block before a run, a transaction's block, the events of one kind.
 */

import type { CleanWorld } from "../../server/engine/cleanWorld";
import type {
  BlockMined,
  MevClassified,
  OpportunityFound,
  OpportunitySkipped,
  SandboxEvent,
} from "../../server/events";
import { createRun } from "../../server/runs/create";
import type { Run } from "../../server/runs/run";
import type { TokenSymbol } from "../../server/world/config";
import type { World } from "../../server/world/types";

/** Plays scenario `name` to the end from the clean world. */
export async function play(
  runner: CleanWorld,
  name: string,
  params: Record<string, unknown> = {},
  id = "test-run",
): Promise<Run> {
  const run = createRun(runner, name, params, id);
  await run.play();
  if (run.status !== "finished") throw new Error(`run ${name} ended ${run.status}`);
  return run;
}

/** The events of a fresh run of `name`, with its recorder stopped (so the next run may reuse its id). */
export async function runEvents(
  runner: CleanWorld,
  name: string,
  params: Record<string, unknown> = {},
): Promise<SandboxEvent[]> {
  const run = await play(runner, name, params, "same");
  run.dispose();
  return [...run.events];
}

export function found(run: Run): OpportunityFound[] {
  return run.events.filter((e): e is OpportunityFound => e.type === "opportunity:found");
}

export function skipped(run: Run): OpportunitySkipped[] {
  return run.events.filter((e): e is OpportunitySkipped => e.type === "opportunity:skipped");
}

export function blocks(run: Run): BlockMined[] {
  return run.events.filter((e): e is BlockMined => e.type === "block:mined");
}

export function classified(run: Run): MevClassified[] {
  return run.events.filter((e): e is MevClassified => e.type === "mev:classified");
}

/** The block before the run's first block: the clean world the run started from. */
export function startBlock(run: Run): number {
  return blocks(run)[0]!.block - 1;
}

export function lastBlock(run: Run): number {
  const mined = blocks(run);
  return mined[mined.length - 1]!.block;
}

/** `account`'s balance of `symbol` (or ETH) at block `blockTag`. */
export async function balanceAt(
  world: World,
  symbol: TokenSymbol | "ETH",
  account: string,
  blockTag: number,
): Promise<bigint> {
  if (symbol === "ETH") return world.chain.provider.getBalance(account, blockTag);
  return world.tokens[symbol].contract.balanceOf(account, { blockTag });
}

/** The block a transaction was mined in. */
export async function blockOf(world: World, hash: string): Promise<number> {
  const receipt = await world.chain.provider.getTransactionReceipt(hash);
  if (!receipt) throw new Error(`transaction ${hash} was not mined`);
  return receipt.blockNumber;
}

/** Every transaction an actor sent during a run (from the blocks it mined). */
export function txsFrom(run: Run, label: string): string[] {
  return blocks(run).flatMap((b) => b.txs.filter((tx) => tx.from.label === label).map((tx) => tx.hash));
}

export type { SandboxEvent };
