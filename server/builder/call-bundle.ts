/**
 * eth_callBundle: a bundle run at the top of the next block on the latest state, alone (the public
 * pool is emptied first), inside a snapshot, so nothing is kept. The answer says what each
 * transaction did and paid the block producer.
 */
import type { Block } from "ethers";
import type { Chain } from "../chain/chain";
import { BundleError, bundleHashOf, type CallBundleParams, type RawTx, toBlockNumber } from "./bundleFormat";
import { bundleGasPrice } from "./ordering";
import { dropPool, readPool } from "./pool";
import { type CallBundleResult, gasFeesOf, type Simulation, simulate, withSnapshot } from "./simulation";

/** Runs decoded bundle transactions as eth_callBundle asks. The caller holds the builder's turn. */
export async function callBundleOnLatest(
  chain: Chain,
  txs: readonly RawTx[],
  params: CallBundleParams,
): Promise<CallBundleResult> {
  const latest = await chain.latestBlock();
  const timestamp = checkedTimestamp(params, latest, chain.blockTimeSeconds);
  const sim = await withSnapshot(chain, async () => {
    await dropPool(chain, await readPool(chain));
    return simulate(chain, txs, timestamp);
  });
  refuseUnrunnable(sim);
  const gasFees = gasFeesOf(sim.results);
  return {
    bundleHash: bundleHashOf(txs),
    bundleGasPrice: bundleGasPrice(sim).toString(),
    coinbaseDiff: sim.coinbaseDiff.toString(),
    ethSentToCoinbase: (sim.coinbaseDiff - gasFees).toString(),
    gasFees: gasFees.toString(),
    totalGasUsed: Number(sim.totalGasUsed),
    stateBlockNumber: latest.number,
    results: sim.results,
  };
}

/** Checks the state and target blocks against the latest one; returns the block time to simulate at. */
function checkedTimestamp(params: CallBundleParams, latest: Block, blockTimeSeconds: number): number {
  const state = params.stateBlockNumber === "latest" ? latest.number : toBlockNumber(params.stateBlockNumber);
  if (state !== latest.number) {
    throw new BundleError(
      `eth_callBundle: stateBlockNumber must be "latest" or ${latest.number} (0x${latest.number.toString(16)}); the sandbox simulates on the latest state only, got ${state}`,
    );
  }
  const target = toBlockNumber(params.blockNumber);
  if (target !== latest.number + 1) {
    throw new BundleError(
      `eth_callBundle: blockNumber must be the next block, ${latest.number + 1} (0x${(latest.number + 1).toString(16)}), got ${target}`,
    );
  }
  const timestamp = params.timestamp ?? latest.timestamp + blockTimeSeconds;
  if (timestamp <= latest.timestamp) {
    throw new BundleError(`eth_callBundle: timestamp must be after the latest block's (${latest.timestamp})`);
  }
  return timestamp;
}

/** A transaction the pool refused, or one whose nonce is ahead, makes the whole call an error. */
function refuseUnrunnable(sim: Simulation): void {
  const refused = [...sim.refused.entries()][0];
  if (refused) throw new BundleError(`eth_callBundle: transaction ${refused[0]} was refused: ${refused[1]}`);
  if (sim.missing.length > 0) {
    throw new BundleError(
      `eth_callBundle: transaction ${sim.missing[0]} cannot run in the next block (its nonce is ahead of its sender's)`,
    );
  }
}
