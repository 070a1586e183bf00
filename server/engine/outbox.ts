/**
 * How the sandbox's own accounts (actors and bots) send: a public transaction to the mempool, a
 * bundle to the builder, or a transaction through the protected path. Bundles and protected
 * transactions are signed here (the builder signs for nobody); public ones go to the node, which
 * holds the test accounts' keys.
 */
import { keccak256, Transaction, type TransactionRequest, toQuantity } from "ethers";
import { type Builder, signedTransactionOf } from "../builder/builder";
import type { Chain } from "../chain/chain";
import type { BundleEntry } from "./bot";
import type { CalldataDecoder } from "./calldata";
import type { PendingFeed } from "./pendingFeed";
import { nextNonce, signAll } from "./signing";

export interface BundleOptions {
  /** The block it is for (default: the next). */
  targetBlock?: number;
  /** Positions of transactions allowed to revert without dropping the bundle. */
  revertingIndexes?: readonly number[];
  /** The first nonce of `from`'s own transactions (default: its next, counting what it has in flight). */
  nonce?: number;
}

export class Outbox {
  constructor(
    private readonly chain: Chain,
    private readonly builder: Builder,
    private readonly decoder: CalldataDecoder,
    private readonly feed: PendingFeed,
  ) {}

  /**
   * Sends a transaction from a named account. A transaction with its gas limit and fees set goes to the
   * node as is and the node gives it the account's next nonce: a bot racing a victim cannot afford the
   * wallet's round trips (a "pending" nonce query makes the node execute every pending transaction,
   * several ms; the signer also polls for the transaction it just sent).
   */
  send(from: string, tx: TransactionRequest): Promise<string> {
    // One raw eth_sendTransaction: the node assigns the nonce and fills what is missing (gas by
    // estimation, fees from the base fee). Bots pass gasLimit and fees, so nothing is estimated.
    return this.chain.rpc<string>("eth_sendTransaction", [rpcTransaction({ ...tx, from })]);
  }

  /**
   * Sends a bundle of `from`'s transactions (signed here, consecutive nonces) and others' pending
   * ones (by hash) to the builder. Private: bots watching the mempool never see it.
   */
  async sendBundle(
    origin: string,
    from: string,
    entries: readonly BundleEntry[],
    options: BundleOptions = {},
  ): Promise<{ bundle: string; txs: string[] }> {
    const own = entries.filter((entry): entry is TransactionRequest => !("pendingTx" in entry));
    const nonce = options.nonce ?? (await nextNonce(this.chain, this.builder, from));
    const signedOwn = await signAll(this.chain, from, own, nonce);
    const signed: string[] = [];
    for (const entry of entries) {
      // Someone else's pending transaction travels as its own signed bytes (a backrun's target).
      signed.push(
        "pendingTx" in entry
          ? (await signedTransactionOf(this.chain, entry.pendingTx)).raw
          : signedOwn.shift()!,
      );
    }
    const targetBlock = options.targetBlock ?? (await this.chain.latestBlock()).number + 1;
    // A signed transaction's hash is the keccak256 of its bytes.
    const hashes = signed.map((raw) => keccak256(raw));
    const revertingTxHashes = (options.revertingIndexes ?? []).map((i) => hashes[i]!);
    const { bundleHash } = await this.builder.sendBundle(
      { txs: signed, blockNumber: targetBlock, revertingTxHashes },
      origin,
    );
    return { bundle: bundleHash, txs: hashes };
  }

  /** Sends `from`'s transaction through the protected path: only the builder sees it. */
  async sendProtected(from: string, tx: TransactionRequest): Promise<string> {
    const nonce = await nextNonce(this.chain, this.builder, from);
    const [signed] = await signAll(this.chain, from, [tx], nonce);
    const hash = await this.builder.protect(signed!);
    await rememberSentPrivately(this.decoder, this.feed, signed!, hash);
    return hash;
  }
}

/** Decodes a privately sent transaction now, on the state it was sent against (as a pending one is), not after its block. */
export async function rememberSentPrivately(
  decoder: CalldataDecoder,
  feed: PendingFeed,
  signed: string,
  hash: string,
): Promise<void> {
  const sent = Transaction.from(signed);
  const action = await decoder.decode({
    from: sent.from!,
    to: sent.to,
    data: sent.data,
    value: sent.value,
    maxPriorityFeePerGas: sent.maxPriorityFeePerGas,
    gasPrice: sent.maxFeePerGas ?? sent.gasPrice ?? 0n,
  });
  feed.rememberDecoded(hash, action);
}

/** A fully specified transaction request in JSON-RPC form (quantities as hex). */
function rpcTransaction(tx: TransactionRequest & { from: string }): Record<string, string> {
  const rpc: Record<string, string> = { from: tx.from };
  if (tx.to != null) rpc.to = String(tx.to);
  if (tx.data != null) rpc.data = tx.data;
  if (tx.value != null) rpc.value = toQuantity(tx.value);
  if (tx.gasLimit != null) rpc.gas = toQuantity(tx.gasLimit);
  if (tx.maxFeePerGas != null) rpc.maxFeePerGas = toQuantity(tx.maxFeePerGas);
  if (tx.maxPriorityFeePerGas != null) rpc.maxPriorityFeePerGas = toQuantity(tx.maxPriorityFeePerGas);
  if (tx.nonce != null) rpc.nonce = toQuantity(tx.nonce);
  return rpc;
}
