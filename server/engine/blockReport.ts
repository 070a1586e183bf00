/**
 * A mined block as learners see it (`block:mined`): each transaction in execution order with its
 * status, gas, tip, what it paid the block producer, how it reached the block, and the action it
 * showed while pending; and the producer's whole take, read from its balance.
 */
import type { Builder } from "../builder/builder";
import type { BlockMined, DecodedAction, EventDraft, MinedTx, TxSource } from "../events";
import { COINBASE_ADDRESS, isCoinbase } from "../world/actors";
import type { World } from "../world/types";
import type { MinedBlock } from "./bot";

export interface BlockReportSources {
  world: World;
  builder: Builder;
  /** How a transaction read when it was pending, decoding it afresh when nobody saw it pending. */
  actionOf(hash: string): Promise<DecodedAction>;
  /** Public transactions: an actor's or an outside wallet's. */
  sourceOf(from: string): TxSource;
}

export async function blockReport(
  block: MinedBlock,
  hash: string,
  gasUsed: bigint,
  sources: BlockReportSources,
): Promise<EventDraft<BlockMined>> {
  const { world, builder } = sources;
  const { registry, chain } = world;
  const txs: MinedTx[] = [];
  for (const receipt of block.receipts) {
    const tip = receipt.gasPrice - block.baseFeePerGas;
    const origin = builder.originOf(receipt.hash);
    const payment = isCoinbase(receipt.to)
      ? ((await chain.provider.getTransaction(receipt.hash))?.value ?? 0n)
      : 0n;
    txs.push({
      hash: receipt.hash,
      index: receipt.index,
      from: { address: receipt.from, label: registry.label(receipt.from) },
      to: receipt.to ? { address: receipt.to, label: registry.label(receipt.to) } : null,
      status: receipt.status === 1 ? "success" : "reverted",
      gasUsed: receipt.gasUsed.toString(),
      tip: tip.toString(),
      coinbaseFee: (receipt.gasUsed * tip).toString(),
      coinbasePayment: payment.toString(),
      action: await sources.actionOf(receipt.hash),
      source: origin?.source ?? sources.sourceOf(receipt.from),
      bundle: origin?.bundle ?? null,
    });
  }
  // Read from the chain: priority fees plus whatever was sent to the producer, inside contracts too.
  const balanceAt = (number: number) => chain.provider.getBalance(COINBASE_ADDRESS, number);
  const coinbaseTake = (await balanceAt(block.number)) - (await balanceAt(block.number - 1));
  return {
    type: "block:mined",
    block: block.number,
    hash,
    timestamp: block.timestamp,
    baseFeePerGas: block.baseFeePerGas.toString(),
    gasUsed: gasUsed.toString(),
    txs,
    coinbaseTake: { amount: coinbaseTake.toString(), symbol: "ETH", decimals: 18 },
  };
}
