/**
 * The in-process Hardhat network: the only module of the engine that knows it runs on Hardhat.
 */

import { TASK_NODE_CREATE_SERVER } from "hardhat/builtin-tasks/task-names";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { Chain, type RpcProvider } from "./chain";

/** A Chain over Hardhat's in-process network (configured in hardhat.config.ts: automine off, tip ordering). */
export function hardhatChain(hre: HardhatRuntimeEnvironment): Chain {
  return new Chain(hre.ethers.provider as unknown as RpcProvider);
}

export interface RpcServer {
  url: string;
  host: string;
  port: number;
  close(): Promise<void>;
}

/** Serves the in-process chain over JSON-RPC (HTTP and WebSocket) for wallets and outside tools. */
export async function startRpcServer(
  hre: HardhatRuntimeEnvironment,
  host: string,
  port: number,
): Promise<RpcServer> {
  const server = (await hre.run(TASK_NODE_CREATE_SERVER, {
    hostname: host,
    port,
    provider: hre.network.provider,
  })) as { listen(): Promise<{ address: string; port: number }>; close(): Promise<void> };
  const listening = await server.listen();
  const shownHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${listening.port}`,
    host,
    port: listening.port,
    close: () => server.close(),
  };
}
