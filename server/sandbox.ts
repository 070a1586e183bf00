/**
 * The sandbox as one object: the in-process chain, the deployed world, the JSON-RPC server for
 * outsiders, and the block timer. Knows nothing of terminals: `scripts/start.ts` prints it.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { Chain } from "./chain/chain";
import { hardhatChain, type RpcServer, startRpcServer } from "./chain/hardhat";
import { deployWorld } from "./world/deploy";
import type { World } from "./world/types";

export interface SandboxOptions {
  host: string;
  rpcPort: number;
  /** Seconds between blocks the sandbox mines on its own; 0 mines only on request. */
  blockTime: number;
  /** Called when the block timer fails to mine (the timer keeps going). */
  onMiningError?: (error: unknown) => void;
}

export interface Sandbox {
  chain: Chain;
  world: World;
  rpc: RpcServer;
  close(): Promise<void>;
}

export async function startSandbox(
  hre: HardhatRuntimeEnvironment,
  options: SandboxOptions,
): Promise<Sandbox> {
  const chain = hardhatChain(hre);
  const world = await deployWorld(chain);
  const rpc = await startRpcServer(hre, options.host, options.rpcPort);
  const timer =
    options.blockTime > 0 ? startBlockTimer(chain, options.blockTime, options.onMiningError) : undefined;
  return {
    chain,
    world,
    rpc,
    async close() {
      timer?.stop();
      await rpc.close();
    },
  };
}

/** Mines a block every `seconds`, never two at once. */
function startBlockTimer(
  chain: Chain,
  seconds: number,
  onError?: (error: unknown) => void,
): { stop(): void } {
  let mining = false;
  const handle = setInterval(async () => {
    if (mining) return;
    mining = true;
    try {
      await chain.mine();
    } catch (error) {
      onError?.(error);
    } finally {
      mining = false;
    }
  }, seconds * 1000);
  return { stop: () => clearInterval(handle) };
}
