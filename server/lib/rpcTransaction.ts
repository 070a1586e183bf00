/**
 * A signed transaction rebuilt from the fields a node returns for it (`eth_getTransactionByHash`,
 * a pending block's transactions). Hardhat has no eth_getRawTransactionByHash, so the builder (to
 * re-send the pool in its order) and the page (to back-run someone's swap) both rebuild the signed
 * bytes this way, and check them against the node's hash.
 */
import { keccak256, Signature, Transaction } from "ethers";

/** The node's fields of a transaction (hex quantities as strings). */
export interface RpcTransaction {
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

/** The same signed transaction (same bytes, same hash); throws unless its hash is the node's. */
export function rebuildSignedTransaction(rpc: RpcTransaction): Transaction {
  return rebuildSigned(rpc).tx;
}

/**
 * The same signed transaction and its signed bytes, serialized once (ethers serializes again on every
 * read of `serialized` or `hash`); throws unless the bytes hash to the node's hash.
 */
export function rebuildSigned(rpc: RpcTransaction): { tx: Transaction; raw: string } {
  const type = Number(rpc.type);
  const tx = Transaction.from({
    type,
    chainId: rpc.chainId === undefined ? undefined : BigInt(rpc.chainId),
    nonce: Number(rpc.nonce),
    gasLimit: BigInt(rpc.gas),
    to: rpc.to,
    value: BigInt(rpc.value),
    data: rpc.input,
    ...(type >= 2
      ? {
          maxFeePerGas: BigInt(rpc.maxFeePerGas ?? 0),
          maxPriorityFeePerGas: BigInt(rpc.maxPriorityFeePerGas ?? 0),
        }
      : { gasPrice: BigInt(rpc.gasPrice ?? 0) }),
    ...(type >= 1 ? { accessList: rpc.accessList ?? [] } : {}),
    signature: Signature.from({
      r: rpc.r,
      s: rpc.s,
      v: Number(rpc.v),
      ...(rpc.yParity === undefined ? {} : { yParity: Number(rpc.yParity) as 0 | 1 }),
    }),
  });
  const raw = tx.serialized;
  const hash = keccak256(raw);
  if (hash !== rpc.hash.toLowerCase()) {
    throw new Error(`the transaction rebuilt from the node's fields hashes to ${hash}, not ${rpc.hash}`);
  }
  return { tx, raw };
}
