/**
 * The in-process Hardhat network: the only module of the engine that knows it runs on Hardhat.
 */

import http from "node:http";
import { InvalidArgumentsError } from "hardhat/internal/core/providers/errors";
import { JsonRpcHandler } from "hardhat/internal/hardhat-network/jsonrpc/handler";
import type { EIP1193Provider, HardhatRuntimeEnvironment } from "hardhat/types";
import { WebSocketServer } from "ws";
import { protectedRpcProvider, publicRpcProvider } from "../builder/rpc";
import { Chain, type RpcProvider } from "./chain";

/** The protected endpoint's path: transactions sent there go to the builder, not the public mempool. */
export const PROTECTED_RPC_PATH = "/protect";

/** A Chain over Hardhat's in-process network (hardhat.config.ts: automine off, FIFO pool; the builder orders blocks). */
export function hardhatChain(hre: HardhatRuntimeEnvironment): Chain {
  return new Chain(hre.ethers.provider as unknown as RpcProvider);
}

export interface RpcServer {
  url: string;
  /** The protected endpoint: the same JSON-RPC, but transactions are sent privately to the builder. */
  protectedUrl: string;
  host: string;
  port: number;
  close(): Promise<void>;
}

export interface RpcServerOptions {
  /** Runs an eth_callBundle simulation when no scenario step uses the chain (the sandbox's lock). */
  serialize?: <T>(task: () => Promise<T>) => Promise<T>;
  /** Mines one block for an outside evm_mine / hardhat_mine (default: `chain.mine()`, no events). */
  mine?: () => Promise<unknown>;
}

/**
 * Serves the in-process chain over JSON-RPC (HTTP and WebSocket) for wallets and outside tools, with
 * the builder's bundle methods; `PROTECTED_RPC_PATH` serves the protected endpoint (both
 * transports). Hardhat's own
 * request handler does the JSON-RPC; this only routes by path.
 */
export async function startRpcServer(
  hre: HardhatRuntimeEnvironment,
  chain: Chain,
  host: string,
  port: number,
  options: RpcServerOptions = {},
): Promise<RpcServer> {
  const base = hre.network.provider as EIP1193Provider;
  const rpcOptions = {
    chain,
    invalidParams: (message: string) => new InvalidArgumentsError(message),
    serialize: options.serialize,
    mine: options.mine,
  };
  const publicHandler = new JsonRpcHandler(publicRpcProvider(base, rpcOptions));
  const protectedHandler = new JsonRpcHandler(protectedRpcProvider(base, rpcOptions));
  const handlerFor = (url: string | undefined) => {
    const path = (url ?? "/").split("?")[0]!.replace(/\/+$/, "");
    return path === PROTECTED_RPC_PATH ? protectedHandler : publicHandler;
  };
  const server = http.createServer((req, res) => void handlerFor(req.url).handleHttp(req, res));
  const sockets = new WebSocketServer({ server });
  sockets.on("connection", (ws, req) => void handlerFor(req.url).handleWs(ws));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const listening = server.address() as { port: number };
  const shownHost = host.includes(":") ? `[${host}]` : host;
  const url = `http://${shownHost}:${listening.port}`;
  return {
    url,
    protectedUrl: `${url}${PROTECTED_RPC_PATH}`,
    host,
    port: listening.port,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
