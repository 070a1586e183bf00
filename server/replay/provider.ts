/**
 * The fork's Hardhat network provider, built as Hardhat builds its own (same hardfork, chain id,
 * gas limit), but with no accounts of its own (a fork must not overwrite the sandbox actors'
 * balances: Hardhat sets its accounts' balances on a fork), automine off and a FIFO pool.
 */
import { createHardhatNetworkProvider } from "hardhat/internal/hardhat-network/provider/provider";
import type { EIP1193Provider, HardhatNetworkConfig } from "hardhat/types";

export type ForkProvider = EIP1193Provider;

/** EDR's chain override (its `ChainOverride`): the hardforks of a chain it does not know. */
interface EdrChainOverride {
  chainId: bigint;
  name: string;
  hardforkActivationOverrides: { condition: { blockNumber: bigint }; hardfork: string }[];
}

/**
 * A provider that `hardhat_reset` turns into a fork. `cacheDir` is where EDR keeps remote responses
 * (it keeps them on disk whatever it is told); the caller owns and removes it.
 */
export async function createForkProvider(
  network: HardhatNetworkConfig,
  cacheDir: string,
): Promise<ForkProvider> {
  const provider = await createHardhatNetworkProvider(
    {
      hardfork: network.hardfork,
      chainId: network.chainId,
      networkId: network.chainId,
      blockGasLimit: Number(network.blockGasLimit),
      minGasPrice: BigInt(network.minGasPrice),
      automine: false,
      intervalMining: 0,
      mempoolOrder: "fifo",
      chains: network.chains,
      genesisAccounts: [],
      allowUnlimitedContractSize: network.allowUnlimitedContractSize,
      throwOnTransactionFailures: false,
      // A reverting eth_call throws with its revert data, as on the sandbox's chain (eth_callBundle tells them apart).
      throwOnCallFailures: true,
      allowBlocksWithSameTimestamp: false,
      coinbase: network.coinbase,
      forkCachePath: cacheDir,
      enableTransientStorage: network.enableTransientStorage ?? false,
      enableRip7212: network.enableRip7212 ?? false,
    },
    { enabled: false },
  );
  declareOwnChain(provider, network.chainId);
  return provider;
}

/**
 * Calls on the fork block itself run in the remote chain's rules, which EDR looks up by chain id.
 * Hardhat 2.29 hands EDR 0.12 the `chains` config under a field name EDR no longer reads
 * (`hardforks`, not `hardforkActivationOverrides`), so the sandbox's chain id is declared here, on
 * the overrides Hardhat keeps for `hardhat_reset`: the provider's own hardfork from block 0.
 */
function declareOwnChain(provider: EIP1193Provider, chainId: number): void {
  const wrapper = provider as unknown as {
    _providerConfig?: { hardfork?: string };
    _originalChainOverrides?: EdrChainOverride[];
  };
  const hardfork = wrapper._providerConfig?.hardfork;
  if (!hardfork || !Array.isArray(wrapper._originalChainOverrides)) {
    throw new Error("the fork provider's chain overrides are not where Hardhat 2.29 keeps them");
  }
  wrapper._originalChainOverrides.push({
    chainId: BigInt(chainId),
    name: "MEV Sandbox",
    hardforkActivationOverrides: [{ condition: { blockNumber: 0n }, hardfork }],
  });
}
