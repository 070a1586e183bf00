/**
 * The second chain's node: another in-process Hardhat network (EDR), built as hardhat.config.ts builds
 * the main one (same hardfork, gas limit, start date, base fee, coinbase, Hardhat's test accounts,
 * automine off, a FIFO pool the builder puts in order), with its own chain id.
 */
import { BrowserProvider } from "ethers";
import {
  DEFAULT_HARDHAT_NETWORK_BALANCE,
  defaultHardhatNetworkParams,
} from "hardhat/internal/core/config/default-config";
import { createHardhatNetworkProvider } from "hardhat/internal/hardhat-network/provider/provider";
import type { EIP1193Provider } from "hardhat/types";
import { BASE_FEE_PER_GAS, Chain, type RpcProvider } from "../chain/chain";
import { AUTOMINE, BLOCK_GAS_LIMIT, GENESIS_DATE } from "../chain/settings";
import { COINBASE_ADDRESS, HARDHAT_ACCOUNT_COUNT, hardhatAccount } from "../world/actors";

/** The node and the sandbox's handle on it. */
export interface SideNode {
  /** EIP-1193, for the JSON-RPC port (it also emits eth_subscribe's "notification"). */
  provider: EIP1193Provider;
  chain: Chain;
}

/** Starts an in-process Hardhat network with chain id `chainId`. */
export async function startSideNode(chainId: number): Promise<SideNode> {
  const provider = await createHardhatNetworkProvider(
    {
      hardfork: defaultHardhatNetworkParams.hardfork,
      chainId,
      networkId: chainId,
      blockGasLimit: BLOCK_GAS_LIMIT,
      minGasPrice: 0n,
      automine: AUTOMINE,
      intervalMining: 0,
      mempoolOrder: "fifo",
      chains: defaultHardhatNetworkParams.chains,
      genesisAccounts: Array.from({ length: HARDHAT_ACCOUNT_COUNT }, (_, index) => ({
        privateKey: hardhatAccount(index).privateKey,
        balance: DEFAULT_HARDHAT_NETWORK_BALANCE,
      })),
      allowUnlimitedContractSize: false,
      // As the main network: a reverted call or transaction is an error, with its revert data.
      throwOnTransactionFailures: defaultHardhatNetworkParams.throwOnTransactionFailures,
      throwOnCallFailures: defaultHardhatNetworkParams.throwOnCallFailures,
      allowBlocksWithSameTimestamp: false,
      initialBaseFeePerGas: Number(BASE_FEE_PER_GAS),
      initialDate: new Date(GENESIS_DATE),
      coinbase: COINBASE_ADDRESS,
      enableTransientStorage: false,
      enableRip7212: false,
    },
    { enabled: false },
  );
  // ethers' provider over EIP-1193 (it sends one request at a time), without its request cache: the
  // sandbox mines between two reads of the latest block, and must see the new one.
  const ethers = new BrowserProvider(
    provider,
    { chainId, name: `chain ${chainId}` },
    { staticNetwork: true, cacheTimeout: -1 },
  );
  return { provider, chain: new Chain(ethers as unknown as RpcProvider) };
}
