/**
 * The node's pending pool as the builder handles it: read as re-sendable signed transactions,
 * dropped, and re-sent in the order the builder chose. Hardhat has no eth_getRawTransactionByHash,
 * so a transaction's signed bytes are rebuilt from the fields the node returns (same bytes, same hash).
 */
import { getAddress } from "ethers";
import type { Chain } from "../chain/chain";
import { type RpcTransaction, rebuildSigned } from "../lib/rpcTransaction";
import { type RawTx, toRawTx } from "./bundleFormat";

/** The public mempool as the next block would take it (FIFO: arrival order), as re-sendable transactions. */
export async function readPool(chain: Chain): Promise<RawTx[]> {
  const block = await chain.rpc<{ transactions: RpcTransaction[] } | null>("eth_getBlockByNumber", [
    "pending",
    true,
  ]);
  return (block?.transactions ?? []).map(rawTxOf);
}

/** Removes transactions from the pool, each sender's highest nonce first (one batch). */
export async function dropPool(chain: Chain, pool: readonly RawTx[]): Promise<void> {
  const order = [...pool].sort((a, b) => b.nonce - a.nonce);
  await chain.rpcBatch(order.map((tx) => ["hardhat_dropTransaction", [tx.hash]] as const));
}

/** Sends transactions into the pool in the given order (one batch while the pool takes them all). */
export async function sendAll(chain: Chain, txs: readonly RawTx[]): Promise<void> {
  try {
    await chain.rpcBatch(txs.map((tx) => ["eth_sendRawTransaction", [tx.raw]] as const));
    return;
  } catch {
    // The pool refused one, and the batch stopped there: each again, in order (those it already
    // holds are refused as known, so every place comes out as if sent one by one).
  }
  for (const tx of txs) {
    try {
      await chain.rpc("eth_sendRawTransaction", [tx.raw]);
    } catch {
      // A public transaction the pool no longer accepts (its nonce was taken) simply does not land.
    }
  }
}

/**
 * The signed bytes of a transaction the node knows (pending or mined), rebuilt from its fields: what
 * a searcher puts in a bundle to backrun someone else's transaction.
 */
export async function signedTransactionOf(chain: Chain, hash: string): Promise<RawTx> {
  const rpc = await chain.rpc<RpcTransaction | null>("eth_getTransactionByHash", [hash]);
  if (!rpc) throw new Error(`transaction ${hash} is not known to the node`);
  return rawTxOf(rpc);
}

/** Rebuilds the signed bytes of a pending transaction from its fields (same bytes, same hash). */
export function rawTxOf(rpc: RpcTransaction): RawTx {
  // The node recovered the sender when it took the transaction: recovering it again costs ~1 ms each.
  const { tx, raw } = rebuildSigned(rpc);
  return toRawTx(tx, getAddress(rpc.from), { raw, hash: rpc.hash.toLowerCase() });
}
