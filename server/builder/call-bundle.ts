/**
 * eth_callBundle: a bundle run at the top of its target block on the latest state, alone (the public
 * pool is emptied first), inside a snapshot, so nothing is kept. A target beyond the next block is
 * reached by mining empty blocks inside the snapshot; the latest block's number (what Flashbots'
 * `simulate(bundle, "latest")` sends) is simulated as the next block, the first one that can hold it.
 * The answer says what each transaction did and paid the block producer.
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
  const { timestamp, emptyBlocks } = checkedTarget(params, latest, chain.blockTimeSeconds);
  const sim = await withSnapshot(chain, async () => {
    await dropPool(chain, await readPool(chain));
    for (let i = 1; i <= emptyBlocks; i++)
      await chain.mineAsIs(latest.timestamp + i * chain.blockTimeSeconds);
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

/** How many blocks ahead of the latest one eth_callBundle may target. */
export const MAX_BLOCKS_AHEAD = 256;

/**
 * Checks the state and target blocks against the latest one; returns the block time to simulate at
 * and how many empty blocks come before the target.
 */
function checkedTarget(
  params: CallBundleParams,
  latest: Block,
  blockTimeSeconds: number,
): { timestamp: number; emptyBlocks: number } {
  const state = params.stateBlockNumber === "latest" ? latest.number : toBlockNumber(params.stateBlockNumber);
  if (state !== latest.number) {
    throw new BundleError(
      `eth_callBundle: stateBlockNumber must be "latest" or ${latest.number} (0x${latest.number.toString(16)}); the sandbox simulates on the latest state only, got ${state}`,
    );
  }
  const target = toBlockNumber(params.blockNumber);
  if (target < latest.number || target > latest.number + MAX_BLOCKS_AHEAD) {
    throw new BundleError(
      `eth_callBundle: blockNumber must be from the latest block, ${latest.number} (0x${latest.number.toString(16)}), to ${MAX_BLOCKS_AHEAD} blocks after it, got ${target}`,
    );
  }
  const emptyBlocks = Math.max(0, target - latest.number - 1);
  const lastEmpty = latest.timestamp + emptyBlocks * blockTimeSeconds;
  const timestamp = params.timestamp ?? lastEmpty + blockTimeSeconds;
  if (timestamp <= lastEmpty) {
    throw new BundleError(
      `eth_callBundle: timestamp must be after the block before the target's (${lastEmpty})`,
    );
  }
  return { timestamp, emptyBlocks };
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
