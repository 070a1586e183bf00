/**
 * What the MEV-Share stream tells searchers about a shared transaction: its hash always, and only
 * what its hints allow — the recipient (`contract_address`), the selector (`function_selector`), the
 * calldata (`calldata`), each transaction's hash in a bundle (`tx_hash`), the logs it emits when run
 * at the top of the next block (`logs`), or only the pools it swaps on (`default_logs`: each Uniswap
 * V2 `Swap` log's address and event topic, its amounts and parties left out). `full` is all of them.
 * Never the signature: nobody can send the transaction, or put anything before it.
 */
import { AmmPair__factory } from "../../typechain-types";
import type { Chain } from "../chain/chain";
import type { MevShareHint, MevShareLog, MevShareStreamEvent } from "../events";
import type { RawTx } from "./bundleFormat";
import { dropPool, readPool, sendAll } from "./pool";
import { withSnapshot } from "./simulation";

const SWAP_TOPIC = AmmPair__factory.createInterface().getEvent("Swap").topicHash;

/** Whether the hints ask for logs, so the transaction must be run first. */
export function wantsLogs(hints: readonly MevShareHint[]): boolean {
  return hints.some((hint) => hint === "logs" || hint === "default_logs" || hint === "full");
}

/** The stream's event for `txs` shared under `hash` with `hints`; `logs` as the transactions emitted them. */
export function streamEventOf(
  hash: string,
  txs: readonly RawTx[],
  hints: readonly MevShareHint[],
  logs: readonly MevShareLog[],
): MevShareStreamEvent {
  const shares = (hint: MevShareHint) => hints.includes(hint) || hints.includes("full");
  const fields = (tx: RawTx) => ({
    ...(shares("tx_hash") && txs.length > 1 ? { hash: tx.hash } : {}),
    ...(shares("contract_address") && tx.to ? { to: tx.to } : {}),
    ...(shares("function_selector") && tx.data.length >= 10
      ? { functionSelector: tx.data.slice(0, 10) }
      : {}),
    ...(shares("calldata") ? { callData: tx.data } : {}),
  });
  const perTx = txs.map(fields);
  // One transaction with nothing to say: no entry (the client reads it as a transaction either way);
  // a bundle always lists its transactions, so that clients tell it from one.
  const txsField = txs.length === 1 && Object.keys(perTx[0]!).length === 0 ? null : perTx;
  return { hash, logs: logsField(hints, logs), txs: txsField };
}

function logsField(hints: readonly MevShareHint[], logs: readonly MevShareLog[]): MevShareLog[] | null {
  if (hints.includes("logs") || hints.includes("full")) return logs.map((log) => ({ ...log }));
  if (!hints.includes("default_logs")) return null;
  return logs
    .filter((log) => log.topics[0] === SWAP_TOPIC)
    .map((log) => ({ address: log.address, topics: [SWAP_TOPIC], data: "0x" }));
}

/**
 * The logs `txs` emit when run in order at the top of the block after `latest`, on its state, after
 * `before` (the same senders' earlier private transactions, which their nonces follow), inside a
 * snapshot: nothing is kept. A transaction that cannot run emits none. The caller holds the chain
 * and the builder's turn.
 */
export async function logsAtTopOfNextBlock(
  chain: Chain,
  txs: readonly RawTx[],
  latest: { timestamp: number },
  before: readonly RawTx[] = [],
): Promise<MevShareLog[]> {
  const timestamp = latest.timestamp + chain.blockTimeSeconds;
  return withSnapshot(chain, async () => {
    await dropPool(chain, await readPool(chain));
    await sendAll(chain, [...before, ...txs]);
    await chain.mineAsIs(timestamp);
    const receipts = await Promise.all(txs.map((tx) => chain.provider.getTransactionReceipt(tx.hash)));
    return receipts.flatMap((receipt) =>
      (receipt?.logs ?? []).map((log) => ({ address: log.address, topics: [...log.topics], data: log.data })),
    );
  });
}
