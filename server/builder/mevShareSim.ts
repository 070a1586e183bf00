/**
 * mev_simBundle, as Flashbots answers it: a bundle of signed transactions run at the top of the next
 * block on the latest state (the public pool emptied first, inside a snapshot: nothing is kept), with
 * what it would pay the block producer. As on Flashbots, a `{ hash }` item cannot be simulated: a
 * shared transaction is run by the builder only, never for a searcher.
 */
import { toQuantity } from "ethers";
import type { Chain } from "../chain/chain";
import type { MevShareLog } from "../events";
import { BundleError, type RawTx } from "./bundleFormat";
import type { MevBundleRequest } from "./mevShareFormat";
import { dropPool, readPool } from "./pool";
import { type Simulation, simulate, withSnapshot } from "./simulation";

/** mev_simBundle's answer (quantities as hex, as Flashbots sends them). */
export interface MevSimResult {
  success: boolean;
  error?: string;
  stateBlock: string;
  /** profit / gasUsed, in wei per gas. */
  mevGasPrice: string;
  /** What the bundle pays the block producer (priority fees and transfers), in wei. */
  profit: string;
  /** The part of the profit a shared transaction's user could be refunded from: all of it here. */
  refundableValue: string;
  gasUsed: string;
  logs: { txLogs: MevShareLog[] }[];
}

/** Runs `txs` (the request's, decoded) as the next block's first transactions. The caller holds the builder's turn. */
export async function simBundleOnLatest(
  chain: Chain,
  request: MevBundleRequest,
  txs: readonly RawTx[],
): Promise<MevSimResult> {
  if (request.target) {
    throw new BundleError(
      "mev_simBundle: body.0: a { hash } cannot be simulated: a shared transaction is run by the builder alone, never for a searcher (as on Flashbots); simulate your own transactions as { tx }",
    );
  }
  const latest = await chain.latestBlock();
  const { sim, logs } = await withSnapshot(chain, async () => {
    await dropPool(chain, await readPool(chain));
    const ran = await simulate(chain, txs, latest.timestamp + chain.blockTimeSeconds);
    const receipts = await Promise.all(txs.map((tx) => chain.provider.getTransactionReceipt(tx.hash)));
    const txLogs = receipts.map((receipt) => ({
      txLogs: (receipt?.logs ?? []).map((log) => ({
        address: log.address,
        topics: [...log.topics],
        data: log.data,
      })),
    }));
    return { sim: ran, logs: txLogs };
  });
  const error = failureOf(sim, txs, request);
  const gasUsed = sim.totalGasUsed;
  return {
    success: error === undefined,
    ...(error === undefined ? {} : { error }),
    stateBlock: toQuantity(latest.number),
    mevGasPrice: toQuantity(gasUsed === 0n ? 0n : sim.coinbaseDiff / gasUsed),
    profit: toQuantity(sim.coinbaseDiff),
    refundableValue: toQuantity(sim.coinbaseDiff),
    gasUsed: toQuantity(gasUsed),
    logs,
  };
}

/** Why the bundle would not land, or undefined: a transaction refused, unrunnable, or reverting without canRevert. */
function failureOf(sim: Simulation, txs: readonly RawTx[], request: MevBundleRequest): string | undefined {
  for (const [i, tx] of txs.entries()) {
    const refused = sim.refused.get(tx.hash);
    if (refused) return `transaction ${i} (${tx.hash}) is refused: ${refused}`;
    if (sim.missing.includes(tx.hash))
      return `transaction ${i} (${tx.hash}) has a nonce ahead of its sender's`;
    const result = sim.results.find((r) => r.txHash === tx.hash);
    if (result?.error && !request.txs[i]!.canRevert)
      return `transaction ${i} (${tx.hash}) reverts and may not (canRevert is false)`;
  }
  return undefined;
}
