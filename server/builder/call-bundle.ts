/**
 * eth_callBundle: a bundle run at the top of its target block, alone, on the state at the end of
 * `stateBlockNumber`, and nothing kept. On the latest state with the sandbox's own block producer it
 * runs on the chain itself, inside a snapshot, with the public pool emptied first (the fast path);
 * on an older state, or for another `coinbase`, it runs on a fork of the state block (server/replay),
 * and the chain is not touched. A target beyond the block after the state is reached by mining empty
 * blocks first; the state block's own number (what Flashbots' `simulate(bundle, "latest")` sends) is
 * simulated as the next block, the first one that can hold the bundle. The answer says what each
 * transaction did and paid the block producer (bundleRun.ts).
 */
import { toQuantity } from "ethers";
import type { Chain } from "../chain/chain";
import { releaseNodeResponses } from "../chain/nodeMemory";
import type { RpcTransaction } from "../lib/rpcTransaction";
import type { ForkedChain } from "../replay/fork";
import { COINBASE_ADDRESS } from "../world/actors";
import {
  BundleError,
  bundleHashOf,
  type CallBundleParams,
  isStateBlockTag,
  type SignedRaw,
  toBlockNumber,
} from "./bundleFormat";
import { type BundleBlock, type BundleNode, type BundleRun, runBundle } from "./bundleRun";
import { bundleGasPrice } from "./ordering";
import { type CallBundleResult, gasFeesOf, withSnapshot } from "./simulation";

/** How many blocks after the state block eth_callBundle may target. */
export const MAX_BLOCKS_AHEAD = 256;

/** Scratch forks of the chain at a past block (server/replay's Replayer). */
export interface StateForks {
  withFork<T>(parentBlock: number, use: (fork: ForkedChain) => Promise<T>): Promise<T>;
}

/** What eth_callBundle needs: the chain, forks for older states, and the builder's turn. */
export interface CallBundleEnv {
  chain: Chain;
  forks: StateForks | null;
  /** Runs a task when no block is being built (the builder's turn). */
  exclusive: <T>(task: () => Promise<T>) => Promise<T>;
}

interface BlockHeader {
  number: number;
  hash: string;
  timestamp: number;
}

/** Where a bundle runs: on which state, after how many empty blocks, and in what block. */
interface Placement {
  state: BlockHeader;
  onLatest: boolean;
  emptyBlocks: number;
  blockTimeSeconds: number;
  block: BundleBlock;
}

/** Runs a bundle as eth_callBundle asks; its transactions' limits are already checked. */
export async function callBundle(
  env: CallBundleEnv,
  txs: readonly SignedRaw[],
  params: CallBundleParams,
): Promise<CallBundleResult> {
  try {
    const { chain } = env;
    const decided = await env.exclusive(async () => {
      const placement = await place(chain, params);
      if (!placement.onLatest) return { placement, run: null };
      return { placement, run: await runOnLatest(chain, txs, placement) };
    });
    const run = decided.run ?? (await runOnFork(env, txs, decided.placement));
    return answerOf(txs, run, decided.placement.state.number);
  } finally {
    // Each swap the node ran left megabytes of trace behind, held until V8 collects the responses.
    releaseNodeResponses();
  }
}

/** Resolves the state and target blocks, the block time and the coinbase, checking each. */
async function place(chain: Chain, params: CallBundleParams): Promise<Placement> {
  const latest = await headerOf(chain, "latest");
  const state = await stateBlockOf(chain, params.stateBlockNumber, latest);
  const which = state.number === latest.number ? "the latest block" : "the state block";
  const target = toBlockNumber(params.blockNumber);
  if (target < state.number || target > state.number + MAX_BLOCKS_AHEAD) {
    throw new BundleError(
      `eth_callBundle: blockNumber must be from ${which}, ${state.number} (${toQuantity(state.number)}), to ${MAX_BLOCKS_AHEAD} blocks after it, got ${target}`,
    );
  }
  const emptyBlocks = Math.max(0, target - state.number - 1);
  const lastEmpty = state.timestamp + emptyBlocks * chain.blockTimeSeconds;
  const timestamp = params.timestamp ?? lastEmpty + chain.blockTimeSeconds;
  if (timestamp <= lastEmpty) {
    throw new BundleError(
      `eth_callBundle: timestamp must be after the block before the target's (${lastEmpty}), got ${timestamp}`,
    );
  }
  const coinbase = params.coinbase ?? COINBASE_ADDRESS;
  const ownCoinbase = coinbase.toLowerCase() === COINBASE_ADDRESS.toLowerCase();
  return {
    state,
    onLatest: state.number === latest.number && ownCoinbase,
    emptyBlocks,
    blockTimeSeconds: chain.blockTimeSeconds,
    block: { timestamp, coinbase, baseFeePerGas: chain.baseFeePerGas },
  };
}

/** The state block a tag or number names: a mined block, from 0 to the latest. */
async function stateBlockOf(
  chain: Chain,
  stateBlockNumber: string | number,
  latest: BlockHeader,
): Promise<BlockHeader> {
  if (stateBlockNumber === "earliest") return headerOf(chain, toQuantity(0));
  if (isStateBlockTag(stateBlockNumber)) return latest;
  const number = toBlockNumber(stateBlockNumber);
  if (number > latest.number) {
    throw new BundleError(
      `eth_callBundle: stateBlockNumber must be a mined block, from 0 to the latest, ${latest.number} (${toQuantity(latest.number)}), got ${number}`,
    );
  }
  return number === latest.number ? latest : headerOf(chain, toQuantity(number));
}

async function headerOf(chain: Chain, tag: string): Promise<BlockHeader> {
  const block = await chain.rpc<{ number: string; hash: string; timestamp: string } | null>(
    "eth_getBlockByNumber",
    [tag, false],
  );
  if (!block) throw new BundleError(`eth_callBundle: block ${tag} is not mined`);
  return { number: Number(block.number), hash: block.hash, timestamp: Number(block.timestamp) };
}

/** The fast path: on the chain itself, inside a snapshot, with the public pool set aside. */
function runOnLatest(chain: Chain, txs: readonly SignedRaw[], placement: Placement): Promise<BundleRun> {
  const node: BundleNode = { rpc: (method, params) => chain.rpc(method, params) };
  return withSnapshot(chain, async () => {
    await dropPool(node);
    await mineEmptyBlocks(node, placement);
    return runBundle(node, txs, placement.block);
  });
}

/** On a fork of the state block: an older state, or another block producer. The chain is untouched. */
async function runOnFork(
  env: CallBundleEnv,
  txs: readonly SignedRaw[],
  placement: Placement,
): Promise<BundleRun> {
  const { state } = placement;
  if (!env.forks) {
    throw new BundleError(
      `eth_callBundle: this builder runs bundles on the latest state with its own coinbase only (it has no fork for block ${state.number}'s state)`,
    );
  }
  const run = await env.forks.withFork(state.number, async (fork) => {
    const node: BundleNode = {
      rpc: <T>(method: string, params?: unknown[]) => fork.request({ method, params }) as Promise<T>,
    };
    await node.rpc("hardhat_setCoinbase", [placement.block.coinbase]);
    await mineEmptyBlocks(node, placement);
    return runBundle(node, txs, placement.block);
  });
  // The fork read the state lazily: had the chain been reverted meanwhile, it read another chain.
  if ((await headerOf(env.chain, toQuantity(state.number))).hash !== state.hash) {
    throw new BundleError(
      `eth_callBundle: block ${state.number} changed while the bundle ran on it: try again`,
    );
  }
  return run;
}

/** Sets the public pool aside (the snapshot brings it back): the bundle runs alone. */
async function dropPool(node: BundleNode): Promise<void> {
  const pool = await node.rpc<RpcTransaction[]>("eth_pendingTransactions");
  const order = [...pool].sort((a, b) => Number(BigInt(b.nonce) - BigInt(a.nonce)));
  for (const tx of order) await node.rpc("hardhat_dropTransaction", [tx.hash]);
}

/** The empty blocks between the state block and the target, each a block time after the last. */
async function mineEmptyBlocks(node: BundleNode, placement: Placement): Promise<void> {
  const { emptyBlocks, state, blockTimeSeconds } = placement;
  if (emptyBlocks === 0) return;
  await node.rpc("evm_setNextBlockTimestamp", [state.timestamp + blockTimeSeconds]);
  await node.rpc("hardhat_mine", [toQuantity(emptyBlocks), toQuantity(blockTimeSeconds)]);
}

/** A transaction the pool refused, or one whose nonce is ahead, makes the whole call an error. */
function answerOf(txs: readonly SignedRaw[], run: BundleRun, stateBlockNumber: number): CallBundleResult {
  const where = (hash: string) => `txs.${txs.findIndex((tx) => tx.hash === hash)} (${hash})`;
  const refused = [...run.refused.entries()][0];
  if (refused)
    throw new BundleError(`eth_callBundle: transaction ${where(refused[0])} was refused: ${refused[1]}`);
  if (run.missing.length > 0) {
    throw new BundleError(
      `eth_callBundle: transaction ${where(run.missing[0]!)} cannot run in the target block (its nonce is ahead of its sender's)`,
    );
  }
  const gasFees = gasFeesOf(run.results);
  return {
    bundleHash: bundleHashOf(txs),
    bundleGasPrice: bundleGasPrice(run).toString(),
    coinbaseDiff: run.coinbaseDiff.toString(),
    ethSentToCoinbase: (run.coinbaseDiff - gasFees).toString(),
    gasFees: gasFees.toString(),
    totalGasUsed: Number(run.totalGasUsed),
    stateBlockNumber,
    results: run.results,
  };
}
