/**
 * A Flashbots-style client of the sandbox's builder, for the builder's JSON-RPC tests: one per test
 * file, on the clean world and the JSON-RPC port in solo mode, with an ethers provider as any outside
 * client has it. Alice and Bob have approved DEX A's router for their WETH (the searcher already
 * has), in a setup block. Transactions are signed offline with explicit nonce, gas and fees.
 *
 *   const client = useBundleClient();
 *   it("…", async () => {
 *     const txs = await client.signMany(bob, [pay(parseEther("0.01"))]);
 *     await client.provider.send("eth_sendBundle", [{ txs, blockNumber: (await client.nextBlock()).hex }]);
 *     expect((await client.mine()).txs).toEqual(txs.map(hashOf));
 *   });
 */
import { JsonRpcProvider, keccak256, MaxUint256, Wallet } from "ethers";
import hre from "hardhat";
import type { HardhatNetworkConfig } from "hardhat/types";
import { afterAll, beforeAll } from "vitest";
import type { Builder } from "../../server/builder/builder";
import { BASE_FEE_PER_GAS, type Chain } from "../../server/chain/chain";
import { hardhatChain } from "../../server/chain/hardhat";
import { CleanWorld } from "../../server/engine/cleanWorld";
import type { BundleOutcome } from "../../server/events";
import { getAmountOut } from "../../server/math/amm";
import { Replayer } from "../../server/replay/fork";
import { ACTORS, COINBASE_ADDRESS, hardhatAccount } from "../../server/world/actors";
import { reservesFor } from "../../server/world/market";
import type { World } from "../../server/world/types";
import { AmmRouter__factory, TestToken__factory } from "../../typechain-types";
import { type RpcServer, startChainRpc } from "./rpc";

const routerIface = AmmRouter__factory.createInterface();
const tokenIface = TestToken__factory.createInterface();
const FAR_DEADLINE = 2n ** 40n;

/** The sandbox's named actors as offline wallets (Hardhat's accounts): they sign, the client sends. */
export const alice = new Wallet(hardhatAccount(ACTORS.alice.index).privateKey);
export const bob = new Wallet(hardhatAccount(ACTORS.bob.index).privateKey);
export const searcher = new Wallet(hardhatAccount(ACTORS.searcher.index).privateKey);

/** A transaction to sign: gas 21,000 and no tip, value or data unless given. */
export interface TxFields {
  /** null: a contract creation. */
  to: string | null;
  data?: string;
  value?: bigint;
  gasLimit?: bigint;
  tip?: bigint;
}

/** A block as the builder built it: number, transaction hashes in order, and each bundle's outcome. */
export interface BuiltBlock {
  number: number;
  txs: readonly string[];
  bundles: BundleOutcome[];
}

/** A payment of `value` wei to the block producer (the builder), as a bundle's last transaction. */
export function pay(value: bigint): TxFields {
  return { to: COINBASE_ADDRESS, value };
}

/** A signed raw transaction's hash. */
export function hashOf(raw: string): string {
  return keccak256(raw);
}

/** ethers' options for a client of the local chain: its network is known, nothing is cached. */
export const PROVIDER_OPTIONS = { staticNetwork: true, cacheTimeout: -1 } as const;

/** What an outside client reads from a refused JSON-RPC call: the server's error object. */
export async function rpcError(call: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await call;
  } catch (error) {
    const inner = (error as { error?: { code: number; message: string } }).error;
    if (inner) return inner;
    throw error;
  }
  throw new Error("expected the JSON-RPC call to fail");
}

/** Starts a bundle client before the file's tests (after the fresh chain) and stops it after them. */
export function useBundleClient(): BundleClient {
  const client = new BundleClient();
  beforeAll(() => client.start());
  afterAll(() => client.stop());
  return client;
}

interface Started {
  runner: CleanWorld;
  /** Forks of past blocks, for eth_callBundle on an older state (as the sandbox has them). */
  replayer: Replayer;
  rpc: RpcServer;
  provider: JsonRpcProvider;
  routerAddress: string;
}

export class BundleClient {
  readonly chain: Chain = hardhatChain(hre);
  private started: Started | null = null;

  /** Deploys the clean world, opens the JSON-RPC port and a provider on it, and mines the setup block. */
  async start(): Promise<void> {
    const runner = await CleanWorld.create(this.chain);
    const replayer = new Replayer(this.chain, hre.network.config as HardhatNetworkConfig);
    runner.builder.useForks(replayer);
    const rpc = await startChainRpc(hre, this.chain, runner.builder);
    const provider = new JsonRpcProvider(rpc.url, undefined, PROVIDER_OPTIONS);
    const routerAddress = await runner.world.dexes.dexA.router.getAddress();
    this.started = { runner, replayer, rpc, provider, routerAddress };
    await this.approveRouter([alice, bob]);
  }

  async stop(): Promise<void> {
    this.started?.provider.destroy();
    await this.started?.rpc.close();
    await this.started?.replayer.close();
    this.started = null;
  }

  get runner(): CleanWorld {
    return this.state().runner;
  }

  get world(): World {
    return this.runner.world;
  }

  get builder(): Builder {
    return this.runner.builder;
  }

  get rpc(): RpcServer {
    return this.state().rpc;
  }

  get provider(): JsonRpcProvider {
    return this.state().provider;
  }

  /** `address`'s next nonce on the latest block. */
  nonceOf(address: string): Promise<number> {
    return this.provider.getTransactionCount(address, "latest");
  }

  /** Signs an EIP-1559 transaction offline, as a searcher does for a bundle (default nonce: the next). */
  async sign(wallet: Wallet, tx: TxFields, nonce?: number): Promise<string> {
    const tip = tx.tip ?? 0n;
    return wallet.signTransaction({
      type: 2,
      chainId: 31337n,
      nonce: nonce ?? (await this.nonceOf(wallet.address)),
      to: tx.to,
      data: tx.data ?? "0x",
      value: tx.value ?? 0n,
      gasLimit: tx.gasLimit ?? 21_000n,
      maxPriorityFeePerGas: tip,
      maxFeePerGas: 2n * BASE_FEE_PER_GAS + tip,
    });
  }

  /** Signs consecutive transactions of one wallet from its next nonce. */
  async signMany(wallet: Wallet, txs: TxFields[]): Promise<string[]> {
    const first = await this.nonceOf(wallet.address);
    return Promise.all(txs.map((tx, i) => this.sign(wallet, tx, first + i)));
  }

  /** A swap of `amountIn` WETH for at least `minOut` USDC on DEX A, paid out to `to`. */
  swap(to: string, amountIn: bigint, minOut: bigint): TxFields {
    const { WETH, USDC } = this.world.tokens;
    const data = routerIface.encodeFunctionData("swapExactTokensForTokens", [
      amountIn,
      minOut,
      [WETH.address, USDC.address],
      to,
      FAR_DEADLINE,
    ]);
    return { to: this.state().routerAddress, data, gasLimit: 250_000n };
  }

  /** USDC out of DEX A's WETH/USDC pool for `amountIn` WETH at the current reserves. */
  async quoteWethToUsdc(amountIn: bigint): Promise<bigint> {
    const pool = this.world.pools.find((p) => p.name === "DEX A WETH/USDC")!;
    const { reserveIn, reserveOut } = await reservesFor(pool, "WETH");
    return getAmountOut(amountIn, reserveIn, reserveOut, pool.feeBps);
  }

  /** The block a bundle sent now targets: the next one, as a number and as a hex quantity. */
  async nextBlock(): Promise<{ number: number; hex: string }> {
    const number = (await this.provider.getBlockNumber()) + 1;
    return { number, hex: `0x${number.toString(16)}` };
  }

  /** The receipts of signed transactions (null for one not mined). */
  receipts(raws: string[]) {
    return Promise.all(raws.map((raw) => this.provider.getTransactionReceipt(hashOf(raw))));
  }

  /** Mines the next block through the sandbox's builder and returns it with the build report. */
  async mine(): Promise<BuiltBlock> {
    const block = await this.chain.mine();
    return {
      number: block.number,
      txs: block.transactions,
      bundles: this.builder.reportFor(block.number)?.bundles ?? [],
    };
  }

  /** The setup block: `wallets` let DEX A's router move their WETH. */
  private async approveRouter(wallets: Wallet[]): Promise<void> {
    const approve = tokenIface.encodeFunctionData("approve", [this.state().routerAddress, MaxUint256]);
    for (const wallet of wallets) {
      const raw = await this.sign(wallet, {
        to: this.world.tokens.WETH.address,
        data: approve,
        gasLimit: 100_000n,
      });
      await this.provider.send("eth_sendRawTransaction", [raw]);
    }
    await this.chain.mine();
  }

  private state(): Started {
    if (!this.started)
      throw new Error("the bundle client is not started: call useBundleClient() in the file");
    return this.started;
  }
}
