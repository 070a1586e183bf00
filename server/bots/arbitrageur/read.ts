/** What the arbitrage searcher reads after a block: every pool's reserves and its executor's balances. */
import type { TransactionReceipt } from "ethers";
import type { ArbitrageExecutor } from "../../../typechain-types";
import type { BotContext, MinedBlock, PendingTx } from "../../engine/bot";
import type { TokenSymbol } from "../../world/config";
import { readAllReserves, readBalance } from "../../world/market";
import type { World } from "../../world/types";
import { executePools } from "../kit/executor";
import { type ArbitrageSearcher, EXECUTOR_OF } from "./settings";
import type { ArbitrageSnapshot } from "./types";

/** Who the searcher is on chain: its account and its executor contract. */
export interface Seat {
  address: string;
  executor: ArbitrageExecutor;
}

export function seatOf(world: World, name: ArbitrageSearcher): Seat {
  return { address: world.actors[name].address, executor: world[EXECUTOR_OF[name]] };
}

/** Reads every pool's reserves (one call each) and the executor's balances, all at the latest block. */
export async function readSnapshot(ctx: BotContext, seat: Seat): Promise<ArbitrageSnapshot> {
  const { world } = ctx;
  const executor = await seat.executor.getAddress();
  const symbols = Object.keys(world.tokens) as TokenSymbol[];
  const [reserves, balances] = await Promise.all([
    readAllReserves(world),
    Promise.all(symbols.map((symbol) => readBalance(world, symbol, executor))),
  ]);
  return {
    pools: world.pools,
    reserves,
    capital: new Map(symbols.map((symbol, i) => [symbol, balances[i]!])),
    tokens: world.tokens,
    block: ctx.blockNumber,
    nextBaseFee: ctx.nextBaseFee,
  };
}

/** The receipt of its transaction, from the block just mined or the chain; null while it is pending. */
export async function receiptOf(
  hash: string,
  block: MinedBlock,
  ctx: BotContext,
): Promise<TransactionReceipt | null> {
  return (
    block.receipts.find((receipt) => receipt.hash === hash) ??
    (await ctx.chain.provider.getTransactionReceipt(hash))
  );
}

/** The highest tip among pending executor trades through any of `pools` (lower case), or undefined. */
export function highestCompetingTip(
  txs: readonly PendingTx[],
  pools: ReadonlySet<string>,
): bigint | undefined {
  let highest: bigint | undefined;
  for (const tx of txs) {
    if (!executePools(tx.data)?.some((pair) => pools.has(pair))) continue;
    if (highest === undefined || tx.tip > highest) highest = tx.tip;
  }
  return highest;
}
