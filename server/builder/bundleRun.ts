/**
 * eth_callBundle's run of a bundle at the top of a block, on a node that holds the state to run on
 * (the sandbox's chain inside a snapshot, or a fork of a past block), read in Flashbots' format:
 * what each transaction used and paid the block producer, and its return data (`value`) or revert.
 *
 * Hardhat mines blocks but hands out no return data, and tracing a transaction costs tens of
 * milliseconds. So the bundle is mined once (gas, status, payments), the block is taken back, and
 * each transaction is called at its place: the pool then holds the transactions before it, and an
 * eth_call on the pending block runs on exactly that state and block. A call whose outcome disagrees
 * with the mined receipt (code reading the base fee, which calls see as 0) is traced instead.
 * The node decodes the transactions and recovers their senders: it does so natively, where
 * JavaScript takes milliseconds a signature.
 */
import { getAddress, toQuantity } from "ethers";
import type { RpcTransaction } from "../lib/rpcTransaction";
import type { SignedRaw } from "./bundleFormat";
import {
  attributeInternalPayments,
  type CallBundleTxResult,
  gasFeesOf,
  sendEach,
  txPayment,
} from "./simulation";

/** A node to run bundles on: raw JSON-RPC (a reverting eth_call throws, with the revert data). */
export interface BundleNode {
  rpc<T = unknown>(method: string, params?: unknown[]): Promise<T>;
}

/** The block the bundle runs at the top of (its number is the node's next). */
export interface BundleBlock {
  timestamp: number;
  /** Who the bundle pays (the node's coinbase, set by the caller). */
  coinbase: string;
  baseFeePerGas: bigint;
}

export interface BundleRun {
  results: CallBundleTxResult[];
  coinbaseDiff: bigint;
  totalGasUsed: bigint;
  /** Why the pool refused a transaction, by hash (nothing else is run then). */
  refused: Map<string, string>;
  /** Transactions the block did not take, a nonce ahead of the sender's (nothing else is reported then). */
  missing: string[];
}

interface RpcReceipt {
  transactionHash: string;
  status: string;
  gasUsed: string;
  effectiveGasPrice: string;
}

/** A transaction the pool took, with the node's fields. */
interface Sent extends SignedRaw {
  fields: RpcTransaction;
}

/** A transaction the block took, with its receipt. */
interface Mined extends Sent {
  receipt: RpcReceipt;
}

/** What a call returned, or the revert data it threw (`reverted` null: it could not run at all). */
interface CallOutput {
  data: string;
  reverted: boolean | null;
}

/**
 * Runs `txs` at the top of the node's next block. The caller holds a snapshot (everything here is
 * undone with it) and has emptied the node's pool.
 */
export async function runBundle(
  node: BundleNode,
  txs: readonly SignedRaw[],
  block: BundleBlock,
): Promise<BundleRun> {
  const refused = await sendEach(node, txs);
  if (refused.size > 0) return { results: [], coinbaseDiff: 0n, totalGasUsed: 0n, refused, missing: [] };
  const decoded = await pendingByHash(node);
  const sent = txs.map((tx) => ({ ...tx, fields: decoded.get(tx.hash)! }));
  const codeless = await codelessTargets(node, sent);
  await setNextBlock(node, block);
  const mark = await node.rpc<string>("evm_snapshot");
  const { receipts, coinbaseDiff } = await mineBlock(node, sent, block.coinbase);
  const missing = sent.filter((tx) => !receipts.has(tx.hash)).map((tx) => tx.hash);
  if (missing.length > 0) return { results: [], coinbaseDiff: 0n, totalGasUsed: 0n, refused, missing };
  const gotCode = codeless.size === 0 ? codeless : difference(codeless, await codelessTargets(node, sent));
  const inBlock: Mined[] = sent.map((tx) => ({ ...tx, receipt: receipts.get(tx.hash)! }));
  // Back to before the block, with the next block's time and base fee set (a snapshot keeps them).
  await node.rpc("evm_revert", [mark]);
  const outputs = await callEachAtItsPlace(node, inBlock, (tx) => !codeless.has(targetOf(tx)));
  const doubtful = inBlock.filter((tx) => gotCode.has(targetOf(tx)) || doubtfulOutput(tx, outputs));
  if (doubtful.length > 0) await traceOutputs(node, inBlock, doubtful, block, outputs);
  const results = inBlock.map((tx) => resultOf(tx, outputs.get(tx.hash), block));
  attributeInternalPayments(results, coinbaseDiff - gasFeesOf(results));
  const totalGasUsed = results.reduce((sum, r) => sum + BigInt(r.gasUsed), 0n);
  return { results, coinbaseDiff, totalGasUsed, refused, missing };
}

/** The pool's transactions as the node decoded them, by hash. */
async function pendingByHash(node: BundleNode): Promise<Map<string, RpcTransaction>> {
  const pending = await node.rpc<RpcTransaction[]>("eth_pendingTransactions");
  return new Map(pending.map((tx) => [tx.hash.toLowerCase(), tx]));
}

/** The targets (lowercase) among `txs`' that hold no code on the node's latest state. */
async function codelessTargets(node: BundleNode, txs: readonly Sent[]): Promise<Set<string>> {
  const targets = [...new Set(txs.map(targetOf).filter((to) => to !== ""))];
  const codes = await Promise.all(targets.map((to) => node.rpc<string>("eth_getCode", [to, "latest"])));
  return new Set(targets.filter((_, i) => codes[i] === "0x"));
}

/** A transaction's target, lowercase ("" for a contract creation). */
function targetOf(tx: Sent): string {
  return tx.fields.to?.toLowerCase() ?? "";
}

function difference(a: Set<string>, b: Set<string>): Set<string> {
  return new Set([...a].filter((item) => !b.has(item)));
}

/** Mines the pool as the block; returns the receipts by hash and what the coinbase gained. */
async function mineBlock(
  node: BundleNode,
  sent: readonly Sent[],
  coinbase: string,
): Promise<{ receipts: Map<string, RpcReceipt>; coinbaseDiff: bigint }> {
  const before = await balanceOf(node, coinbase);
  await node.rpc("evm_mine");
  const [after, found] = await Promise.all([
    balanceOf(node, coinbase),
    Promise.all(sent.map((tx) => node.rpc<RpcReceipt | null>("eth_getTransactionReceipt", [tx.hash]))),
  ]);
  const receipts = new Map<string, RpcReceipt>();
  for (const receipt of found) if (receipt) receipts.set(receipt.transactionHash.toLowerCase(), receipt);
  return { receipts, coinbaseDiff: after - before };
}

async function setNextBlock(node: BundleNode, block: BundleBlock): Promise<void> {
  await Promise.all([
    node.rpc("evm_setNextBlockTimestamp", [block.timestamp]),
    node.rpc("hardhat_setNextBlockBaseFeePerGas", [toQuantity(block.baseFeePerGas)]),
  ]);
}

async function balanceOf(node: BundleNode, address: string): Promise<bigint> {
  return BigInt(await node.rpc<string>("eth_getBalance", [address, "latest"]));
}

/**
 * The pool holds the bundle again: takes its transactions out from the last, calling each on the
 * pending block (the transactions before it, in the block to come) just after it left.
 */
async function callEachAtItsPlace(
  node: BundleNode,
  inBlock: readonly Mined[],
  needsCall: (tx: Sent) => boolean,
): Promise<Map<string, CallOutput>> {
  const outputs = new Map<string, CallOutput>();
  for (const tx of [...inBlock].reverse()) {
    await node.rpc("hardhat_dropTransaction", [tx.hash]);
    if (needsCall(tx)) outputs.set(tx.hash, await callOutput(node, tx.fields));
  }
  return outputs;
}

async function callOutput(node: BundleNode, tx: RpcTransaction): Promise<CallOutput> {
  try {
    return { data: await node.rpc<string>("eth_call", [callOf(tx), "pending"]), reverted: false };
  } catch (error) {
    const data = (error as { data?: unknown }).data;
    // Without revert data the call could not run at all: the trace will say what the block did.
    return typeof data === "string" ? { data, reverted: true } : { data: "0x", reverted: null };
  }
}

/** The transaction as a call: same sender, target, data, value, gas, fees and access list. */
function callOf(tx: RpcTransaction): Record<string, unknown> {
  const fees =
    tx.maxFeePerGas !== undefined
      ? { maxFeePerGas: tx.maxFeePerGas, maxPriorityFeePerGas: tx.maxPriorityFeePerGas }
      : { gasPrice: tx.gasPrice };
  return {
    from: tx.from,
    ...(tx.to ? { to: tx.to } : {}),
    data: tx.input,
    value: tx.value,
    gas: tx.gas,
    ...fees,
    ...(tx.accessList ? { accessList: tx.accessList } : {}),
  };
}

/**
 * Whether a call's output cannot be taken for the mined transaction's: it reverted and the receipt
 * did not (or the other way round), or it could not run at all.
 */
function doubtfulOutput(tx: Mined, outputs: Map<string, CallOutput>): boolean {
  const output = outputs.get(tx.hash);
  const succeeded = tx.receipt.status === "0x1";
  if (!output) return !succeeded;
  return output.reverted === null || output.reverted === succeeded;
}

/** Mines the bundle again and reads the doubtful transactions' return or revert data from traces. */
async function traceOutputs(
  node: BundleNode,
  inBlock: readonly Mined[],
  doubtful: readonly Mined[],
  block: BundleBlock,
  outputs: Map<string, CallOutput>,
): Promise<void> {
  for (const tx of inBlock) await node.rpc("eth_sendRawTransaction", [tx.raw]);
  await setNextBlock(node, block);
  await node.rpc("evm_mine");
  for (const tx of doubtful) {
    const trace = await node.rpc<{ returnValue?: string }>("debug_traceTransaction", [
      tx.hash,
      { disableStack: true, disableMemory: true, disableStorage: true },
    ]);
    const value = trace.returnValue ?? "";
    outputs.set(tx.hash, {
      data: value.startsWith("0x") ? value : `0x${value}`,
      reverted: tx.receipt.status !== "0x1",
    });
  }
}

function resultOf(tx: Mined, output: CallOutput | undefined, block: BundleBlock): CallBundleTxResult {
  const { fields, receipt } = tx;
  const direct = targetOf(tx) === block.coinbase.toLowerCase() ? BigInt(fields.value) : 0n;
  const result: CallBundleTxResult = {
    txHash: tx.hash,
    fromAddress: getAddress(fields.from),
    toAddress: fields.to ? getAddress(fields.to) : null,
    ...txPayment(BigInt(receipt.gasUsed), BigInt(receipt.effectiveGasPrice), block.baseFeePerGas, direct),
  };
  if (receipt.status === "0x1") result.value = output?.data ?? "0x";
  else {
    result.error = "execution reverted";
    result.revert = output?.data ?? "0x";
  }
  return result;
}
