/**
 * How the node's FIFO pool (hardhat.config.ts: `mempool.order: "fifo"`) orders a block, as pure
 * functions: every transaction has a place, the order it was put in the pool (a re-sent one gets a
 * new, last place; a sender's later transactions keep theirs while an earlier one is dropped), and
 * the block takes, slot after slot, among each sender's next transaction the one with the first place.
 * From that, which transactions the builder must drop and re-send so that the block comes out in its
 * order: usually far fewer than all.
 */

/** A pooled transaction and its place in the pool. */
export interface PlacedTx {
  hash: string;
  from: string;
  nonce: number;
  place: number;
}

/** The block order the FIFO pool gives: among each sender's next transaction, the first placed. */
export function fifoOrder<T extends PlacedTx>(
  txs: readonly T[],
  placeOf: (tx: T) => number = (tx) => tx.place,
): T[] {
  const queues = new Map<string, T[]>();
  for (const tx of txs) {
    const key = tx.from.toLowerCase();
    const queue = queues.get(key);
    if (queue) queue.push(tx);
    else queues.set(key, [tx]);
  }
  for (const queue of queues.values()) queue.sort((a, b) => a.nonce - b.nonce);
  const ordered: T[] = [];
  while (queues.size > 0) {
    let first: [string, T[]] | undefined;
    for (const entry of queues) {
      if (!first || placeOf(entry[1][0]!) < placeOf(first[1][0]!)) first = entry;
    }
    ordered.push(first![1].shift()!);
    if (first![1].length === 0) queues.delete(first![0]);
  }
  return ordered;
}

/**
 * The transactions of `target` (a block order that keeps each sender's nonce order) to drop and
 * re-send, in `target`'s order, so that the FIFO pool gives exactly `target`; the others keep their
 * places. One keeps its place when every transaction the block takes while it waits as its sender's
 * next one also keeps its place and was placed before it: a re-sent one is placed after every kept
 * one, so it may only be taken when no kept transaction is waiting. Checked against fifoOrder;
 * should the check ever fail, everything is re-sent.
 */
export function transactionsToResend<T extends PlacedTx>(target: readonly T[]): T[] {
  const kept: boolean[] = [];
  /** The slot from which each sender's next transaction waits. */
  const waitingSince = new Map<string, number>();
  target.forEach((tx, slot) => {
    const sender = tx.from.toLowerCase();
    const since = waitingSince.get(sender) ?? 0;
    let keep = true;
    for (let taken = since; taken < slot && keep; taken++) {
      keep = kept[taken]! && target[taken]!.place < tx.place;
    }
    kept.push(keep);
    waitingSince.set(sender, slot + 1);
  });
  const resent = target.filter((_, slot) => !kept[slot]);
  const lastPlace = target.reduce((last, tx) => Math.max(last, tx.place), -1);
  const newPlace = new Map(resent.map((tx, i) => [tx, lastPlace + 1 + i]));
  const result = fifoOrder(target, (tx) => newPlace.get(tx) ?? tx.place);
  return result.every((tx, slot) => tx === target[slot]) ? resent : [...target];
}
