/**
 * Re-execution on a scratch chain: transactions run on a Hardhat fork of the sandbox's own chain
 * at the end of a past block, and the real chain never changes. Hardhat keeps the historical state
 * of every block it mined, so the fork reads the state "as of block n" from it lazily (through the
 * loopback source in ./source.ts, never through the classroom's JSON-RPC gateway).
 *
 * One fork provider serves every use, reset (`hardhat_reset`) to the wanted block each time, one
 * use at a time. No response outlives its use: EDR always keeps a disk cache of remote responses
 * (./edr-cache in the working directory unless told otherwise), so it is pointed at a private
 * temporary folder, and the source reports the fork block as its latest, which EDR never caches
 * (block numbers repeat with other contents after the sandbox reverts or resets its chain).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getAddress, Transaction, toQuantity } from "ethers";
import type { EIP1193Provider, HardhatNetworkConfig } from "hardhat/types";
import type { Chain } from "../chain/chain";
import { conflict, invalidInput, notFound } from "../errors";
import { createForkProvider, type ForkProvider } from "./provider";
import { type ForkSource, startForkSource } from "./source";

export interface BlockContext {
  number: number;
  timestamp: number;
  coinbase: string;
  baseFeePerGas: bigint;
  gasLimit: bigint;
}

/** A transaction to replay: a signed one as mined, or a call sent as `from` (impersonated on the fork only). */
export type ReplayTx =
  | { raw: string }
  | { from: string; to: string; data: string; value?: bigint; gasLimit?: bigint };

export interface ReplayReceipt {
  hash: string;
  from: string;
  status: "success" | "reverted";
  gasUsed: bigint;
  effectiveGasPrice: bigint;
  logs: { address: string; topics: string[]; data: string }[];
}

export interface ForkedChain {
  /** EIP-1193 access to the fork, for reads (eth_call, balances) between blocks. */
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
  /** Mines `txs` in exactly this order into one block with `context`'s timestamp, coinbase, base fee and gas limit. */
  mineBlock(txs: ReplayTx[], context: BlockContext): Promise<ReplayReceipt[]>;
  close(): Promise<void>;
}

/** A call without a gas limit whose estimate fails (it reverts) still runs, with this much gas. */
const REVERTING_CALL_GAS = 1_000_000n;

interface RpcBlock {
  number: string;
  hash: string;
  timestamp: string;
  miner: string;
  baseFeePerGas?: string;
  gasLimit: string;
  transactions: string[];
}

interface RpcReceipt {
  transactionHash: string;
  from: string;
  status: string;
  gasUsed: string;
  effectiveGasPrice: string;
  logs: { address: string; topics: string[]; data: string }[];
}

/** Refuses an order in which a sender's later nonce comes before an earlier one, naming both transactions. */
export function checkNonceOrder(txs: readonly ReplayTx[]): void {
  const last = new Map<string, { nonce: number; hash: string }>();
  for (const tx of txs) {
    if (!("raw" in tx)) continue;
    const signed = Transaction.from(tx.raw);
    if (!signed.from) throw invalidInput("unsigned_transaction", "a transaction to replay is not signed");
    const before = last.get(signed.from);
    if (before && signed.nonce <= before.nonce) {
      throw invalidInput(
        "nonce_order",
        `${signed.hash} (nonce ${signed.nonce}) cannot come after ${before.hash} (nonce ${before.nonce}): both are ${signed.from}'s, and a sender's transactions run in nonce order`,
        { sender: signed.from, later: before.hash, earlier: signed.hash },
      );
    }
    last.set(signed.from, { nonce: signed.nonce, hash: signed.hash! });
  }
}

export class Replayer {
  private source: ForkSource | undefined;
  private provider: ForkProvider | undefined;
  private cacheDir: string | undefined;
  /** Uses run one at a time: each waits for the previous fork to be closed. */
  private turn: Promise<void> = Promise.resolve();

  constructor(
    private readonly chain: Chain,
    private readonly network: HardhatNetworkConfig,
  ) {}

  /** The context block `blockNumber` was mined in, read from the sandbox's chain. */
  async blockContext(blockNumber: number): Promise<BlockContext> {
    const block = await this.block(blockNumber);
    return {
      number: Number(block.number),
      timestamp: Number(block.timestamp),
      coinbase: getAddress(block.miner),
      baseFeePerGas: BigInt(block.baseFeePerGas ?? 0),
      gasLimit: BigInt(block.gasLimit),
    };
  }

  /**
   * A scratch chain whose state is the sandbox chain's at the end of `parentBlock`; its next block is
   * `parentBlock + 1`. Waits for the previous fork to be closed: always close it.
   */
  async forkAt(parentBlock: number): Promise<ForkedChain> {
    const release = await this.nextTurn();
    try {
      const parent = await this.block(parentBlock);
      const provider = await this.ready();
      this.source!.pin(parentBlock);
      await provider.request({
        method: "hardhat_reset",
        params: [{ forking: { jsonRpcUrl: this.source!.url, blockNumber: parentBlock } }],
      });
      return this.forked(provider, parentBlock, parent.hash, release);
    } catch (error) {
      release();
      throw error;
    }
  }

  /** Runs `use` on a fork at `parentBlock` and closes the fork, whatever happens. */
  async withFork<T>(parentBlock: number, use: (fork: ForkedChain) => Promise<T>): Promise<T> {
    const fork = await this.forkAt(parentBlock);
    try {
      return await use(fork);
    } finally {
      await fork.close();
    }
  }

  /** Stops the source and removes the fork's cache folder (after the current use). */
  async close(): Promise<void> {
    const release = await this.nextTurn();
    try {
      await this.source?.close();
      if (this.cacheDir) await rm(this.cacheDir, { recursive: true, force: true });
      this.source = undefined;
      this.provider = undefined;
      this.cacheDir = undefined;
    } finally {
      release();
    }
  }

  private async nextTurn(): Promise<() => void> {
    let release!: () => void;
    const previous = this.turn;
    this.turn = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    return release;
  }

  private async block(blockNumber: number): Promise<RpcBlock> {
    const block = await this.chain.rpc<RpcBlock | null>("eth_getBlockByNumber", [
      toQuantity(blockNumber),
      false,
    ]);
    if (!block) {
      const latest = Number(await this.chain.rpc<string>("eth_blockNumber"));
      throw notFound("unknown_block", `block ${blockNumber} is not mined yet (latest: ${latest})`, {
        latest,
      });
    }
    return block;
  }

  /** The source and the provider, started on first use. */
  private async ready(): Promise<ForkProvider> {
    if (this.provider) return this.provider;
    this.cacheDir = await mkdtemp(join(tmpdir(), "mev-sandbox-fork-"));
    this.source = await startForkSource((method, params) => this.chain.rpc(method, params));
    this.provider = await createForkProvider(this.network, this.cacheDir);
    return this.provider;
  }

  private forked(
    provider: ForkProvider,
    parentBlock: number,
    parentHash: string,
    release: () => void,
  ): ForkedChain {
    let closed = false;
    const request = (args: { method: string; params?: unknown[] }) => {
      if (closed) throw new Error("this fork is closed");
      return provider.request(args);
    };
    return {
      request,
      mineBlock: async (txs, context) => {
        if (closed) throw new Error("this fork is closed");
        const receipts = await mineInOrder(provider, txs, context);
        // The fork reads lazily: had the sandbox's chain been reverted meanwhile, it read another chain.
        const now = await this.chain.rpc<RpcBlock | null>("eth_getBlockByNumber", [
          toQuantity(parentBlock),
          false,
        ]);
        if (now?.hash !== parentHash) {
          throw conflict("chain_changed", `block ${parentBlock} changed while it was replayed: try again`);
        }
        return receipts;
      },
      close: async () => {
        if (closed) return;
        closed = true;
        release();
      },
    };
  }
}

/** Sends every transaction to the fork's pool (FIFO, automine off), mines one block and checks its order. */
async function mineInOrder(
  provider: EIP1193Provider,
  txs: readonly ReplayTx[],
  context: BlockContext,
): Promise<ReplayReceipt[]> {
  checkNonceOrder(txs);
  const rpc = (method: string, params: unknown[] = []) => provider.request({ method, params });
  await rpc("evm_setBlockGasLimit", [toQuantity(context.gasLimit)]);
  await rpc("hardhat_setCoinbase", [context.coinbase]);
  await rpc("hardhat_setNextBlockBaseFeePerGas", [toQuantity(context.baseFeePerGas)]);
  await rpc("evm_setNextBlockTimestamp", [toQuantity(context.timestamp)]);
  const hashes: string[] = [];
  for (const tx of txs) hashes.push(await send(rpc, tx, context));
  await rpc("evm_mine");
  const block = (await rpc("eth_getBlockByNumber", ["latest", false])) as RpcBlock;
  const missing = hashes.find((hash, i) => block.transactions[i]?.toLowerCase() !== hash.toLowerCase());
  if (missing !== undefined) {
    for (const hash of hashes) await rpc("hardhat_dropTransaction", [hash]);
    throw invalidInput(
      "not_includable",
      `transaction ${missing} could not be included at its place in this order (its sender lacks the funds or the nonce, or the block is full)`,
      { hash: missing },
    );
  }
  const receipts = await Promise.all(hashes.map((hash) => rpc("eth_getTransactionReceipt", [hash])));
  return (receipts as RpcReceipt[]).map((receipt) => ({
    hash: receipt.transactionHash,
    from: getAddress(receipt.from),
    status: receipt.status === "0x1" ? "success" : "reverted",
    gasUsed: BigInt(receipt.gasUsed),
    effectiveGasPrice: BigInt(receipt.effectiveGasPrice),
    logs: receipt.logs.map(({ address, topics, data }) => ({ address: getAddress(address), topics, data })),
  }));
}

/** Puts one transaction in the fork's pool; a call is sent as its `from`, impersonated, paying the base fee and no tip. */
async function send(
  rpc: (method: string, params?: unknown[]) => Promise<unknown>,
  tx: ReplayTx,
  context: BlockContext,
): Promise<string> {
  if ("raw" in tx) return (await rpc("eth_sendRawTransaction", [tx.raw])) as string;
  await rpc("hardhat_impersonateAccount", [tx.from]);
  const call = { from: tx.from, to: tx.to, data: tx.data, value: toQuantity(tx.value ?? 0n) };
  let gas = tx.gasLimit;
  if (gas === undefined) {
    // Estimated on the pending block: the state after the transactions already queued before it.
    gas = await rpc("eth_estimateGas", [call, "pending"]).then(
      (estimate) => BigInt(estimate as string),
      () => REVERTING_CALL_GAS,
    );
  }
  const fees = { maxFeePerGas: toQuantity(context.baseFeePerGas), maxPriorityFeePerGas: "0x0" };
  return (await rpc("eth_sendTransaction", [{ ...call, ...fees, gas: toQuantity(gas) }])) as string;
}
