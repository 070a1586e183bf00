/** The JSON-RPC port over a bare chain (no sandbox around it): the gateway in solo mode, as a learner's machine has it. */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { Builder } from "../../server/builder/builder";
import type { Chain } from "../../server/chain/chain";
import { type Eip1193Provider, RpcGateway } from "../../server/rpc/gateway";
import type { RpcMode } from "../../server/rpc/policy";
import { type RpcServer, type RpcServerOptions, startRpcServer } from "../../server/rpc/server";

export type { RpcServer };

export async function startChainRpc(
  hre: HardhatRuntimeEnvironment,
  chain: Chain,
  builder: Builder,
  options: { mode?: RpcMode; token?: string } = {},
): Promise<RpcServer> {
  const provider = hre.network.provider as unknown as RpcServerOptions["provider"] & Eip1193Provider;
  const gateway = new RpcGateway({
    provider,
    chain,
    builder,
    mode: options.mode ?? "solo",
    serialize: (task) => task(),
    mine: () => chain.mine(),
  });
  return startRpcServer({
    gateway,
    provider,
    token: options.token ?? "test-instructor-token",
    host: "127.0.0.1",
    port: 0,
  });
}

export interface RpcReply {
  id?: unknown;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

/** One raw JSON-RPC call over HTTP, as any client can send it; `token` adds the instructor's header. */
export async function rpcCall(
  url: string,
  method: string,
  params: unknown[] = [],
  options: { token?: string; headers?: Record<string, string> } = {},
): Promise<RpcReply> {
  const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method, params });
  return (await rpcPost(url, body, options)) as RpcReply;
}

/** Posts a raw body to the JSON-RPC URL and returns the parsed answer. */
export async function rpcPost(
  url: string,
  body: string,
  options: { token?: string; headers?: Record<string, string> } = {},
): Promise<unknown> {
  const headers: Record<string, string> = { "content-type": "application/json", ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(url, { method: "POST", headers, body });
  return response.json();
}

/** One JSON-RPC call over a fresh WebSocket (closed afterwards); `token` on the upgrade request. */
export async function wsCall(
  url: string,
  method: string,
  params: unknown[] = [],
  options: { token?: string } = {},
): Promise<RpcReply> {
  const { WebSocket } = await import("ws");
  const headers: Record<string, string> = options.token ? { authorization: `Bearer ${options.token}` } : {};
  const ws = new WebSocket(url.replace(/^http/, "ws"), { headers });
  try {
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
    });
    const reply = new Promise<RpcReply>((resolve) =>
      ws.once("message", (data) => resolve(JSON.parse(data.toString()))),
    );
    ws.send(JSON.stringify({ jsonrpc: "2.0", id: 7, method, params }));
    return await reply;
  } finally {
    ws.close();
  }
}
