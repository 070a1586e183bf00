/**
 * The in-process Hardhat network: the only module of the engine that knows it runs on Hardhat.
 */
import type { HardhatNetworkConfig, HardhatRuntimeEnvironment } from "hardhat/types";
import { Chain, type RpcProvider } from "./chain";
import { keepNodeMemory } from "./nodeMemory";

/**
 * A Chain over Hardhat's in-process network (hardhat.config.ts: automine off, FIFO pool; the builder
 * orders blocks). In fork mode it knows what it forked, so that a reset forks the same state again.
 */
export function hardhatChain(hre: HardhatRuntimeEnvironment): Chain {
  keepNodeMemory();
  const provider = hre.ethers.provider as unknown as RpcProvider;
  const forking = (hre.network.config as HardhatNetworkConfig).forking;
  if (!forking?.enabled) return new Chain(provider);
  return new Chain(provider, { jsonRpcUrl: forking.url, blockNumber: forking.blockNumber });
}
