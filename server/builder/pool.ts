/**
 * The node's pending pool as the builder handles it: read as re-sendable signed transactions,
 * dropped, and re-sent in the order the builder chose. Hardhat has no eth_getRawTransactionByHash,
 * so a transaction's signed bytes are rebuilt from the fields the node returns (same bytes, same hash).
 */
import { getAddress, Signature, Transaction } from "ethers";
import type { Chain } from "../chain/chain";
import { type RawTx, toRawTx } from "./bundleFormat";

/** The public mempool as the next block would take it (FIFO: arrival order), as re-sendable transactions. */
export async function readPool(chain: Chain): Promise<RawTx[]> {
  const block = await chain.rpc<{ transactions: RpcTx[] } | null>("eth_getBlockByNumber", ["pending", true]);
  return (block?.transactions ?? []).map(rawTxOf);
}

/** Removes transactions from the pool, each sender's highest nonce first. */
export async function dropPool(chain: Chain, pool: readonly RawTx[]): Promise<void> {
  const order = [...pool].sort((a, b) => b.nonce - a.nonce);
  for (const tx of order) await chain.rpc("hardhat_dropTransaction", [tx.hash]);
}

/** Sends transactions into the pool in the given order. */
export async function sendAll(chain: Chain, txs: readonly RawTx[]): Promise<void> {
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
  const rpc = await chain.rpc<RpcTx | null>("eth_getTransactionByHash", [hash]);
  if (!rpc) throw new Error(`transaction ${hash} is not known to the node`);
  return rawTxOf(rpc);
}

/** A pending transaction as eth_getBlockByNumber returns it. */
interface RpcTx {
  hash: string;
  from: string;
  type: string;
  chainId?: string;
  nonce: string;
  gas: string;
  to: string | null;
  value: string;
  input: string;
  gasPrice?: string;
  maxFeePerGas?: string;
  maxPriorityFeePerGas?: string;
  accessList?: { address: string; storageKeys: string[] }[];
  r: string;
  s: string;
  v: string;
  yParity?: string;
}

/** Rebuilds the signed bytes of a pending transaction from its fields (same bytes, same hash). */
function rawTxOf(rpc: RpcTx): RawTx {
  const type = Number(rpc.type);
  const tx = Transaction.from({
    type,
    chainId: rpc.chainId ? BigInt(rpc.chainId) : undefined,
    nonce: Number(rpc.nonce),
    gasLimit: BigInt(rpc.gas),
    to: rpc.to,
    value: BigInt(rpc.value),
    data: rpc.input,
    ...(type === 2
      ? { maxFeePerGas: BigInt(rpc.maxFeePerGas!), maxPriorityFeePerGas: BigInt(rpc.maxPriorityFeePerGas!) }
      : { gasPrice: BigInt(rpc.gasPrice!) }),
    ...(type >= 1 ? { accessList: rpc.accessList ?? [] } : {}),
    signature: signatureOf(rpc),
  });
  if (tx.hash !== rpc.hash) throw new Error(`builder: could not rebuild pending transaction ${rpc.hash}`);
  // The node recovered the sender when it took the transaction: recovering it again costs ~1 ms each.
  return toRawTx(tx, getAddress(rpc.from));
}

function signatureOf(rpc: RpcTx): Signature {
  return Signature.from({
    r: rpc.r,
    s: rpc.s,
    v: Number(rpc.v),
    ...(rpc.yParity === undefined ? {} : { yParity: Number(rpc.yParity) as 0 | 1 }),
  });
}
