/**
 * Simulating signed transactions at the top of a block: send them into the pool, mine, and read
 * what each did and paid the block producer, in Flashbots' eth_callBundle format. The caller holds
 * a snapshot (`withSnapshot`) and so forgets the block again.
 */
import type { TransactionReceipt } from "ethers";
import type { Chain } from "../chain/chain";
import { COINBASE_ADDRESS, isCoinbase } from "../world/actors";
import type { RawTx } from "./bundleFormat";

/** One transaction's part in a simulated bundle, in Flashbots' eth_callBundle format. */
export interface CallBundleTxResult {
  txHash: string;
  fromAddress: string;
  toAddress: string | null;
  gasUsed: number;
  /** coinbaseDiff / gasUsed, in wei. */
  gasPrice: string;
  /** Priority fees the block producer earns from it, in wei. */
  gasFees: string;
  /** ETH it sent straight to the block producer, in wei. */
  ethSentToCoinbase: string;
  /** gasFees + ethSentToCoinbase, in wei. */
  coinbaseDiff: string;
  /** Its return data, when it succeeded (eth_callBundle; the builder's own simulations leave it out). */
  value?: string;
  /** Present when it reverted. */
  error?: string;
  /** The revert data, when it reverted. */
  revert?: string;
}

/** eth_callBundle's answer, as Flashbots gives it. */
export interface CallBundleResult {
  bundleHash: string;
  bundleGasPrice: string;
  coinbaseDiff: string;
  ethSentToCoinbase: string;
  gasFees: string;
  totalGasUsed: number;
  stateBlockNumber: number;
  results: CallBundleTxResult[];
}

/** A simulation at the top of a block. `missing` lists transactions the block would not take (nonce). */
export interface Simulation {
  results: CallBundleTxResult[];
  coinbaseDiff: bigint;
  totalGasUsed: bigint;
  missing: string[];
  /** Why a transaction could not even enter the pool (e.g. "nonce too low"), by hash. */
  refused: Map<string, string>;
}

/** Runs `task` in a snapshot and returns to it afterwards, with the sandbox's base fee held. */
export async function withSnapshot<T>(chain: Chain, task: () => Promise<T>): Promise<T> {
  const snapshot = await chain.snapshot();
  try {
    return await task();
  } finally {
    await chain.revert(snapshot);
    await chain.holdBaseFee();
  }
}

/**
 * Sends `txs` into an empty pool, mines them at `timestamp`, and reads what each did. The caller
 * holds a snapshot (withSnapshot). coinbaseDiff comes from the producer's balance; the share sent
 * directly (ethSentToCoinbase) is coinbaseDiff minus priority fees.
 */
export async function simulate(chain: Chain, txs: readonly RawTx[], timestamp: number): Promise<Simulation> {
  const before = await coinbaseBalance(chain);
  const refused = await sendEach(chain, txs);
  await chain.mineAsIs(timestamp);
  const after = await coinbaseBalance(chain);
  const sent = txs.filter((tx) => !refused.has(tx.hash));
  const receipts = await Promise.all(sent.map((tx) => chain.provider.getTransactionReceipt(tx.hash)));
  const results: CallBundleTxResult[] = [];
  const missing: string[] = [];
  for (const [i, tx] of sent.entries()) {
    const receipt = receipts[i];
    if (receipt) results.push(await resultOf(chain, tx, receipt));
    else missing.push(tx.hash);
  }
  const totalGasUsed = results.reduce((sum, r) => sum + BigInt(r.gasUsed), 0n);
  const coinbaseDiff = after - before;
  attributeInternalPayments(results, coinbaseDiff - gasFeesOf(results));
  return { results, coinbaseDiff, totalGasUsed, missing, refused };
}

/** The priority fees the producer earns from these transactions, in wei. */
export function gasFeesOf(results: readonly CallBundleTxResult[]): bigint {
  return results.reduce((sum, r) => sum + BigInt(r.gasFees), 0n);
}

/** Sends each transaction into the node's pool; returns why the pool refused those it did not take, by hash. */
export async function sendEach(
  node: { rpc(method: string, params?: unknown[]): Promise<unknown> },
  txs: readonly { raw: string; hash: string }[],
): Promise<Map<string, string>> {
  const refused = new Map<string, string>();
  for (const tx of txs) {
    try {
      await node.rpc("eth_sendRawTransaction", [tx.raw]);
    } catch (error) {
      refused.set(tx.hash, errorText(error));
    }
  }
  return refused;
}

/**
 * What one transaction paid the block producer, as eth_callBundle reports it: its priority fees
 * (`gasUsed × (effective gas price − base fee)`), what it sent the coinbase directly, and their sum
 * per gas.
 */
export function txPayment(gasUsed: bigint, effectiveGasPrice: bigint, baseFee: bigint, direct: bigint) {
  const gasFees = gasUsed * (effectiveGasPrice - baseFee);
  return {
    gasUsed: Number(gasUsed),
    gasPrice: ((gasFees + direct) / gasUsed).toString(),
    gasFees: gasFees.toString(),
    ethSentToCoinbase: direct.toString(),
    coinbaseDiff: (gasFees + direct).toString(),
  };
}

async function resultOf(chain: Chain, tx: RawTx, receipt: TransactionReceipt): Promise<CallBundleTxResult> {
  const direct = isCoinbase(tx.to) ? tx.value : 0n;
  const result: CallBundleTxResult = {
    txHash: tx.hash,
    fromAddress: tx.from,
    toAddress: tx.to,
    ...txPayment(receipt.gasUsed, receipt.gasPrice, chain.baseFeePerGas, direct),
  };
  if (receipt.status !== 1) {
    result.error = "execution reverted";
    result.revert = await revertData(chain, tx.hash);
  }
  return result;
}

async function revertData(chain: Chain, hash: string): Promise<string> {
  const trace = await chain.rpc<{ returnValue: string }>("debug_traceTransaction", [
    hash,
    { disableStack: true, disableMemory: true, disableStorage: true },
  ]);
  const value = trace.returnValue ?? "";
  return value.startsWith("0x") ? value : `0x${value}`;
}

async function coinbaseBalance(chain: Chain): Promise<bigint> {
  return BigInt(await chain.rpc<string>("eth_getBalance", [COINBASE_ADDRESS, "latest"]));
}

/**
 * Payments to the producer made from inside a contract (block.coinbase.transfer) show in its balance
 * but not in any transaction's value. Hardhat cannot trace calls, so that remainder is credited to
 * the bundle's last successful transaction (where searchers put their payment).
 */
export function attributeInternalPayments(results: CallBundleTxResult[], sentToCoinbase: bigint): void {
  const direct = results.reduce((sum, r) => sum + BigInt(r.ethSentToCoinbase), 0n);
  const internal = sentToCoinbase - direct;
  if (internal === 0n) return;
  const payer = [...results].reverse().find((r) => !r.error) ?? results.at(-1);
  if (!payer) return;
  payer.ethSentToCoinbase = (BigInt(payer.ethSentToCoinbase) + internal).toString();
  payer.coinbaseDiff = (BigInt(payer.coinbaseDiff) + internal).toString();
  payer.gasPrice = (BigInt(payer.coinbaseDiff) / BigInt(payer.gasUsed)).toString();
}

/** The first line of a node error, starting at the reason when it is a known one. */
function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0]!.replace(/^.*?(nonce too low|nonce too high|insufficient funds[^.]*)/i, "$1");
}
