/**
 * The sandbox as one object: the in-process chain, the deployed world (with a clean snapshot),
 * the controls (runs, live mode, MEV), JSON-RPC for outsiders, and the HTTP API with socket.io.
 * Knows nothing of terminals: `scripts/start.ts` prints it.
 */
import type { HardhatNetworkConfig, HardhatRuntimeEnvironment } from "hardhat/types";
import type { Chain } from "./chain/chain";
import { hardhatChain, type RpcServer, startRpcServer } from "./chain/hardhat";
import { SandboxControl } from "./control";
import { ScenarioRunner } from "./engine/runner";
import { generateToken } from "./http/auth";
import type { RateLimitSettings } from "./http/deps";
import { SandboxMetrics } from "./http/metrics";
import { defaultStaticDir, type HttpServerHandle, startHttpServer } from "./http/server";
import type { ScenarioDefinition } from "./scenarios/scenario";
import type { World } from "./world/types";

export interface SandboxOptions {
  /** Address both servers bind to. */
  host: string;
  rpcPort: number;
  httpPort: number;
  /** Seconds between blocks the sandbox mines on its own; 0 mines only on request. */
  blockTime: number;
  /** The instructor token; a random one when omitted. */
  token?: string;
  staticDir?: string;
  rateLimit?: RateLimitSettings;
  extraScenarios?: readonly ScenarioDefinition[];
  /** Called when background work fails (a timer's block, a played run); the sandbox keeps going. */
  onError?: (error: unknown) => void;
}

export interface Sandbox {
  chain: Chain;
  world: World;
  runner: ScenarioRunner;
  control: SandboxControl;
  metrics: SandboxMetrics;
  rpc: RpcServer;
  http: HttpServerHandle;
  token: string;
  close(): Promise<void>;
}

export async function startSandbox(
  hre: HardhatRuntimeEnvironment,
  options: SandboxOptions,
): Promise<Sandbox> {
  const chain = hardhatChain(hre);
  if (isFork(hre)) {
    // The forked chain's last block has its own base fee; wallets (ethers included) price their
    // transactions from the latest block. One block mined by the sandbox sets its 30 gwei first.
    await chain.mine();
  }
  const runner = await ScenarioRunner.create(chain);
  const control = new SandboxControl({
    runner,
    blockTime: options.blockTime,
    extraScenarios: options.extraScenarios,
    onError: options.onError,
  });
  const metrics = new SandboxMetrics(runner.bus);
  control.mev.onDecision((record) => {
    if (record.latencyMs !== null) metrics.observeLatency(record.event.kind, record.latencyMs);
  });
  const token = options.token ?? generateToken();
  const rpc = await startRpcServer(hre, chain, options.host, options.rpcPort, {
    serialize: (task) => control.lock.run(task),
    mine: () => control.mineForOutsideClient(),
  });
  const http = await startHttpServer(
    {
      control,
      metrics,
      token,
      staticDir: options.staticDir ?? defaultStaticDir(),
      rateLimit: options.rateLimit,
      onServerError: options.onError,
    },
    options.host,
    options.httpPort,
  );
  await control.start();
  return {
    chain,
    world: runner.world,
    runner,
    control,
    metrics,
    rpc,
    http,
    token,
    async close() {
      control.close();
      metrics.close();
      await http.close();
      await rpc.close();
    },
  };
}

/** Whether Hardhat runs on a fork of another chain (hardhat.config.ts, from SANDBOX_FORK_URL). */
export function isFork(hre: HardhatRuntimeEnvironment): boolean {
  return Boolean((hre.network.config as HardhatNetworkConfig).forking?.enabled);
}
