/**
 * The public pool in the order the next block would take it: what eth_getBlockByNumber("pending")
 * lists, read without executing that pending block (which costs as much as mining it) whenever the
 * builder knows every pooled transaction's place (arrivals.ts). The node lists its pool
 * (eth_pendingTransactions, grouped by sender), each sender's transactions from its next nonce on
 * are the ones a block can take, and fifoOrder puts them in block order. When a place is unknown, a
 * fee cap is under the base fee, or the pool holds more gas than a block, the pending block itself
 * is read, as before (then the places are only the block's positions).
 */
import type { Chain } from "../chain/chain";
import type { RpcTransaction } from "../lib/rpcTransaction";
import type { PoolArrivals } from "./arrivals";
import { fifoOrder, type PlacedTx } from "./fifo";
import type { QueuedTx } from "./ordering";

/** A pooled transaction with what ordering it needs; its signed bytes are rebuilt only to re-send it. */
export interface PooledTx extends PlacedTx, QueuedTx {
  gasLimit: bigint;
  rpc: RpcTransaction;
}

export interface PoolRead {
  /** The transactions the next block would take, in its order. */
  txs: PooledTx[];
  /** Whether `place` is each one's place in the node's pool (else only its position in the block). */
  placed: boolean;
}

/** The pool in the next block's order: read from the node's pool list when every place is known. */
export async function readPoolInBlockOrder(
  chain: Chain,
  arrivals: PoolArrivals,
  blockGasLimit: bigint,
): Promise<PoolRead> {
  const listed = await chain.rpc<RpcTransaction[]>("eth_pendingTransactions");
  arrivals.keepOnly(listed.map((rpc) => rpc.hash));
  const places = listed.map((rpc) => arrivals.seqOf(rpc.hash));
  if (places.some((place) => place === undefined)) return readPendingBlock(chain);
  const txs = listed.map((rpc, i) => pooledTx(rpc, places[i]!));
  if (txs.some((tx) => tx.maxFeePerGas < chain.baseFeePerGas)) return readPendingBlock(chain);
  const takeable = await fromNextNonces(chain, txs);
  const gas = takeable.reduce((sum, tx) => sum + tx.gasLimit, 0n);
  if (gas > blockGasLimit) return readPendingBlock(chain);
  return { txs: fifoOrder(takeable), placed: true };
}

/** The pending block's transactions (the node executes the block to list them). */
export async function readPendingBlock(chain: Chain): Promise<PoolRead> {
  const block = await chain.rpc<{ transactions: RpcTransaction[] } | null>("eth_getBlockByNumber", [
    "pending",
    true,
  ]);
  return { txs: (block?.transactions ?? []).map((rpc, i) => pooledTx(rpc, i)), placed: false };
}

function pooledTx(rpc: RpcTransaction, place: number): PooledTx {
  // A legacy transaction's gas price is both its fee cap and its tip (as toRawTx reads it).
  return {
    hash: rpc.hash,
    from: rpc.from,
    nonce: Number(rpc.nonce),
    place,
    gasLimit: BigInt(rpc.gas),
    maxFeePerGas: BigInt(rpc.maxFeePerGas ?? rpc.gasPrice ?? 0),
    maxPriorityFeePerGas: BigInt(rpc.maxPriorityFeePerGas ?? rpc.gasPrice ?? 0),
    rpc,
  };
}

/** Each sender's transactions from its next nonce on, without a gap (later ones wait in the pool). */
async function fromNextNonces(chain: Chain, txs: readonly PooledTx[]): Promise<PooledTx[]> {
  const bySender = new Map<string, PooledTx[]>();
  for (const tx of txs) {
    const key = tx.from.toLowerCase();
    const queue = bySender.get(key);
    if (queue) queue.push(tx);
    else bySender.set(key, [tx]);
  }
  const senders = [...bySender.keys()];
  const counts = await chain.rpcBatch(
    senders.map((sender) => ["eth_getTransactionCount", [sender, "latest"]] as const),
  );
  const takeable: PooledTx[] = [];
  for (const [i, sender] of senders.entries()) {
    const queue = bySender.get(sender)!;
    let next = Number(BigInt(counts[i] as string));
    for (const tx of queue.sort((a, b) => a.nonce - b.nonce)) {
      if (tx.nonce !== next) break;
      takeable.push(tx);
      next++;
    }
  }
  return takeable;
}
