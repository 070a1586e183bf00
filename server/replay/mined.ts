/** A mined block's transactions as signed raw transactions, in block order: what a replay re-sends. */
import { Signature, Transaction, type TransactionResponse } from "ethers";
import type { Chain } from "../chain/chain";

export interface MinedTransaction {
  hash: string;
  from: string;
  nonce: number;
  raw: string;
}

/** The signed transaction as it was sent, rebuilt from the node's answer (its hash is checked). */
export function signedRaw(tx: TransactionResponse): string {
  const rebuilt = Transaction.from({
    type: tx.type,
    chainId: tx.chainId,
    nonce: tx.nonce,
    to: tx.to,
    data: tx.data,
    value: tx.value,
    gasLimit: tx.gasLimit,
    gasPrice: tx.type === 2 ? null : tx.gasPrice,
    maxFeePerGas: tx.maxFeePerGas,
    maxPriorityFeePerGas: tx.maxPriorityFeePerGas,
    accessList: tx.accessList,
    signature: Signature.from(tx.signature),
  });
  if (rebuilt.hash !== tx.hash)
    throw new Error(`transaction ${tx.hash} could not be rebuilt from the node's answer`);
  return rebuilt.serialized;
}

/** Block `blockNumber`'s transactions, in the order they were mined. */
export async function minedTransactions(chain: Chain, blockNumber: number): Promise<MinedTransaction[]> {
  const block = await chain.provider.getBlock(blockNumber, true);
  if (!block) throw new Error(`block ${blockNumber} is not mined`);
  return block.prefetchedTransactions.map((tx) => ({
    hash: tx.hash,
    from: tx.from,
    nonce: tx.nonce,
    raw: signedRaw(tx),
  }));
}
