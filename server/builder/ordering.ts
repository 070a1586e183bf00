/**
 * How the builder orders a block, as pure functions: bundles first, ranked by one of two rules,
 * then public transactions by tip (the order Hardhat's own "priority" mempool uses).
 */
import type { BuilderOrdering } from "../events";

/** The two rules the builder can rank bundles by (see rankBundles). */
export const BUILDER_ORDERINGS = ["gas-price", "profit"] as const satisfies readonly BuilderOrdering[];

/**
 * What a transaction pays the block producer per gas: its priority fee, capped by what its fee cap
 * leaves above the base fee. effectiveTip = min(maxPriorityFeePerGas, maxFeePerGas − baseFee).
 */
export function effectiveTip(
  tx: { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint },
  baseFee: bigint,
): bigint {
  const headroom = tx.maxFeePerGas - baseFee;
  return tx.maxPriorityFeePerGas < headroom ? tx.maxPriorityFeePerGas : headroom;
}

export interface QueuedTx {
  hash: string;
  from: string;
  nonce: number;
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
}

/**
 * Public transactions in block order: repeatedly take, among each sender's lowest-nonce transaction,
 * the one with the highest effective tip (ties: the one that arrived first). A sender's transactions
 * stay in nonce order, so a low tip can hold back that sender's later, richer ones.
 */
export function orderByTip<T extends QueuedTx>(arrivals: readonly T[], baseFee: bigint): T[] {
  const bySender = new Map<string, { tx: T; arrival: number }[]>();
  arrivals.forEach((tx, arrival) => {
    const key = tx.from.toLowerCase();
    const queue = bySender.get(key) ?? [];
    queue.push({ tx, arrival });
    bySender.set(key, queue);
  });
  for (const queue of bySender.values()) queue.sort((a, b) => a.tx.nonce - b.tx.nonce);
  const ordered: T[] = [];
  while (bySender.size > 0) {
    let best: { key: string; tip: bigint; arrival: number } | undefined;
    for (const [key, queue] of bySender) {
      const head = queue[0]!;
      const tip = effectiveTip(head.tx, baseFee);
      if (!best || tip > best.tip || (tip === best.tip && head.arrival < best.arrival)) {
        best = { key, tip, arrival: head.arrival };
      }
    }
    const queue = bySender.get(best!.key)!;
    ordered.push(queue.shift()!.tx);
    if (queue.length === 0) bySender.delete(best!.key);
  }
  return ordered;
}

export interface BundleValue {
  /** What the builder earns from the bundle: priority fees plus direct payments, in wei. */
  coinbaseDiff: bigint;
  totalGasUsed: bigint;
  /** Arrival order, for ties. */
  arrival: number;
}

/** bundleGasPrice = coinbaseDiff / totalGasUsed: what the bundle pays per unit of block space. */
export function bundleGasPrice(value: { coinbaseDiff: bigint; totalGasUsed: bigint }): bigint {
  return value.totalGasUsed === 0n ? 0n : value.coinbaseDiff / value.totalGasUsed;
}

/**
 * Ranks bundles for the top of the block. "gas-price": the most paid per gas first (Flashbots'
 * rule: block space is what the builder sells). "profit": the most paid in total first.
 */
export function rankBundles<T extends BundleValue>(bundles: readonly T[], ordering: BuilderOrdering): T[] {
  const key = (b: T) => (ordering === "gas-price" ? bundleGasPrice(b) : b.coinbaseDiff);
  return [...bundles].sort((a, b) => {
    const diff = key(b) - key(a);
    if (diff !== 0n) return diff > 0n ? 1 : -1;
    return a.arrival - b.arrival;
  });
}
