/**
 * The sandbox's handle on the chain: raw JSON-RPC, signers for named accounts, and the only
 * place blocks are mined. Automine is off, so transactions wait in the mempool until `mine()`;
 * every block gets a timestamp 12 s after its parent and a 30 gwei base fee, so runs are deterministic.
 */

import type {
  BaseContract,
  Block,
  ContractTransactionResponse,
  Provider,
  Signer,
  TransactionReceipt,
} from "ethers";
import { SandboxError } from "../errors";
import { COINBASE_ADDRESS } from "../world/actors";
import { AUTOMINE, BLOCK_GAS_LIMIT } from "./settings";

/** Seconds between two blocks, as on Ethereum mainnet. */
export const BLOCK_TIME_SECONDS = 12;

/**
 * The base fee of every block the sandbox mines: 30 gwei, a typical mainnet figure. Held constant
 * so that gas costs are realistic (a searcher must earn more than it burns) and runs repeat exactly.
 */
export const BASE_FEE_PER_GAS = 30_000_000_000n;

/** A batch that does not fit in this many blocks has a transaction that can never be mined. */
const MAX_BLOCKS_PER_BATCH = 20;

/** An ethers provider that can also send raw JSON-RPC and hand out signers for unlocked accounts. */
export interface RpcProvider extends Provider {
  send(method: string, params?: unknown[]): Promise<unknown>;
  getSigner(address?: string | number): Promise<Signer>;
}

/** One JSON-RPC call: its method and params. */
export type RpcCall = readonly [method: string, params: unknown[]];

/**
 * Sends calls as one JSON-RPC batch, run by the node in order; returns their results, or throws the
 * first call's error (the calls before it took effect, those after it did not run).
 */
export type BatchSender = (calls: readonly RpcCall[]) => Promise<unknown[]>;

/** A transaction the chain mined but reverted. */
export class TransactionRevertedError extends SandboxError {
  override name = "TransactionRevertedError";
  constructor(
    readonly hash: string,
    readonly receipt: TransactionReceipt | null,
  ) {
    super(`transaction ${hash} reverted (status ${receipt?.status ?? "unknown"})`, {
      code: "transaction_reverted",
      details: { hash },
    });
  }
}

/** Where the chain was forked from (fork mode), so that a reset forks the same block again. */
export interface ForkOrigin {
  jsonRpcUrl: string;
  /** Undefined until `pinForkBlock()` when Hardhat forked the remote's latest block. */
  blockNumber?: number;
}

/** The settings anything from outside could change (see control/guard.ts), as the chain has them now. */
export interface ChainSettings {
  automine: boolean;
  /** The latest block's gas limit. */
  blockGasLimit: number;
  coinbase: string;
}

/**
 * Who decides what goes into each block (the sandbox's builder, server/builder). The chain asks it
 * for every block; without one, a block takes the pool as it is.
 */
export interface BlockProducer {
  /** Mines the next block: puts its transactions in order, calls `mineAt` (the chain's), and records what it built. */
  produceBlock(mineAt: (timestamp: number) => Promise<Block>): Promise<Block>;
}

export class Chain {
  readonly blockTimeSeconds = BLOCK_TIME_SECONDS;
  readonly baseFeePerGas = BASE_FEE_PER_GAS;
  private producer: BlockProducer | null = null;
  private chainIdCache: bigint | undefined;

  constructor(
    readonly provider: RpcProvider,
    /** Set in fork mode: a reset forks this block again instead of starting from an empty chain. */
    readonly fork?: ForkOrigin,
    /** The node's batches, where it takes them: one trip to the node instead of one per call. */
    private readonly batchSender?: BatchSender,
  ) {}

  /** From now on `producer` builds every block this chain mines. */
  attachProducer(producer: BlockProducer): void {
    this.producer = producer;
  }

  /** The chain id (31337), read once. */
  async chainId(): Promise<bigint> {
    this.chainIdCache ??= BigInt(await this.rpc<string>("eth_chainId"));
    return this.chainIdCache;
  }

  /** Sends a raw JSON-RPC request. */
  rpc<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
    return this.provider.send(method, params) as Promise<T>;
  }

  /**
   * Sends calls in order, as one batch when the node takes batches. Returns their results, or throws
   * the first error: the calls before it took effect, those after it did not run.
   */
  async rpcBatch(calls: readonly RpcCall[]): Promise<unknown[]> {
    if (this.batchSender && calls.length > 1) return this.batchSender(calls);
    const results: unknown[] = [];
    for (const [method, params] of calls) results.push(await this.rpc(method, params));
    return results;
  }

  signer(address: string): Promise<Signer> {
    return this.provider.getSigner(address);
  }

  /**
   * Mines one block, 12 s after the last one, as the block producer orders it (the builder: bundles it
   * accepted, then protected and public transactions by tip, highest first).
   */
  async mine(): Promise<Block> {
    const mineAt = async (timestamp: number) => {
      await this.mineAsIs(timestamp);
      // Set it again for the block after: otherwise the pending block (what wallets and bots read as
      // "the next base fee") shows the EIP-1559 adjustment, e.g. 26.25 gwei after a nearly empty block.
      await this.holdBaseFee();
      return this.latestBlock();
    };
    if (this.producer) return this.producer.produceBlock(mineAt);
    return mineAt((await this.latestBlock()).timestamp + BLOCK_TIME_SECONDS);
  }

  /**
   * Mines the pool exactly as it is, without the builder (no bundles, no protected transactions, no
   * reordering), `BLOCK_TIME_SECONDS` after the last block unless `timestamp` is given. Only for
   * simulations inside a snapshot (the caller holds `builder.exclusive`) and for Chain.mine once the
   * builder has put the pool in order.
   */
  async mineAsIs(timestamp?: number): Promise<void> {
    const next = timestamp ?? (await this.latestBlock()).timestamp + BLOCK_TIME_SECONDS;
    await this.rpc("evm_setNextBlockTimestamp", [next]);
    await this.holdBaseFee();
    await this.rpc("evm_mine");
  }

  /** Sets the next block's base fee to the sandbox's constant 30 gwei. */
  async holdBaseFee(): Promise<void> {
    await this.rpc("hardhat_setNextBlockBaseFeePerGas", [`0x${BASE_FEE_PER_GAS.toString(16)}`]);
  }

  async latestBlock(): Promise<Block> {
    const block = await this.provider.getBlock("latest");
    if (!block) throw new Error("the chain returned no latest block");
    return block;
  }

  /** Sends nothing itself: awaits a sent transaction, mines it and returns its successful receipt. */
  async mined(
    pending: Promise<ContractTransactionResponse> | ContractTransactionResponse,
  ): Promise<TransactionReceipt> {
    const tx = await pending;
    await this.mine();
    return this.receiptOf(tx.hash);
  }

  /**
   * Sends transactions one after another (each waits for the previous one to be accepted, so nonces
   * follow), then mines until all of them are included. Returns their receipts in sending order.
   */
  async minedBatch(sends: readonly (() => Promise<{ hash: string }>)[]): Promise<TransactionReceipt[]> {
    const hashes: string[] = [];
    for (const send of sends) hashes.push((await send()).hash);
    for (let blocks = 0; blocks < MAX_BLOCKS_PER_BATCH; blocks++) {
      await this.mine();
      const receipts = await Promise.all(hashes.map((hash) => this.provider.getTransactionReceipt(hash)));
      if (receipts.every((receipt) => receipt !== null)) {
        return receipts.map((receipt, i) => {
          if (receipt!.status !== 1) throw new TransactionRevertedError(hashes[i]!, receipt);
          return receipt!;
        });
      }
    }
    throw new Error(`minedBatch: transactions still pending after ${MAX_BLOCKS_PER_BATCH} blocks`);
  }

  /** Awaits a contract deployment, mines it and returns the deployed contract. */
  async deployed<C extends BaseContract>(pending: Promise<C>): Promise<C> {
    const contract = await pending;
    const tx = contract.deploymentTransaction();
    if (!tx) throw new Error("deployed(): the contract has no deployment transaction");
    await this.mine();
    await this.receiptOf(tx.hash);
    return contract;
  }

  /** The receipt of a mined transaction; throws if it reverted or is not mined. */
  async receiptOf(hash: string): Promise<TransactionReceipt> {
    const receipt = await this.provider.getTransactionReceipt(hash);
    if (receipt?.status !== 1) throw new TransactionRevertedError(hash, receipt);
    return receipt;
  }

  /** Takes an EVM snapshot of the whole chain state; `revert(id)` returns to it in milliseconds. */
  snapshot(): Promise<string> {
    return this.rpc<string>("evm_snapshot");
  }

  /** Returns to a snapshot. A snapshot can be used once: take a new one after reverting. */
  async revert(snapshotId: string): Promise<void> {
    if (!(await this.tryRevert(snapshotId))) throw new Error(`evm_revert: unknown snapshot ${snapshotId}`);
  }

  /** Returns to a snapshot if the node still has it; false (and nothing changed) when it has not. */
  tryRevert(snapshotId: string): Promise<boolean> {
    return this.rpc<boolean>("evm_revert", [snapshotId]);
  }

  /** The settings an outsider could have changed, read from the node. */
  async settings(): Promise<ChainSettings> {
    const [automine, latest, coinbase] = await Promise.all([
      this.rpc<boolean>("hardhat_getAutomine"),
      this.latestBlock(),
      this.rpc<string>("eth_coinbase"),
    ]);
    return { automine, blockGasLimit: Number(latest.gasLimit), coinbase };
  }

  /** What in `settings` differs from the sandbox's own, in words; empty when nothing does. */
  static settingsDrift(settings: ChainSettings): string[] {
    const drift: string[] = [];
    if (settings.automine !== AUTOMINE)
      drift.push(`automine was switched ${settings.automine ? "on" : "off"}`);
    if (settings.blockGasLimit !== BLOCK_GAS_LIMIT) {
      drift.push(`the block gas limit is ${settings.blockGasLimit}, not ${BLOCK_GAS_LIMIT}`);
    }
    if (settings.coinbase.toLowerCase() !== COINBASE_ADDRESS.toLowerCase()) {
      drift.push(`the coinbase is ${settings.coinbase}, not the builder's ${COINBASE_ADDRESS}`);
    }
    return drift;
  }

  /** Puts back the sandbox's mining settings: no automine, no interval mining, its gas limit and coinbase. */
  async restoreSettings(): Promise<void> {
    await this.rpc("evm_setAutomine", [AUTOMINE]);
    await this.rpc("evm_setIntervalMining", [0]);
    await this.rpc("evm_setBlockGasLimit", [`0x${BLOCK_GAS_LIMIT.toString(16)}`]);
    await this.rpc("hardhat_setCoinbase", [COINBASE_ADDRESS]);
    await this.holdBaseFee();
  }

  /** In fork mode, remembers the block the chain was forked at (call before mining anything). */
  async pinForkBlock(): Promise<void> {
    if (this.fork && this.fork.blockNumber === undefined) {
      this.fork.blockNumber = (await this.latestBlock()).number;
    }
  }

  /**
   * Starts the chain again from its genesis (or from the fork's block), as when the sandbox started:
   * every snapshot, filter and pending transaction is gone. The caller deploys the world again.
   */
  async resetToGenesis(): Promise<void> {
    const params = this.fork ? [{ forking: this.fork }] : [];
    await this.rpc("hardhat_reset", params);
    await this.restoreSettings();
  }
}
