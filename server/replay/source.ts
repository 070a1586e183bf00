/**
 * The fork's source: a JSON-RPC endpoint on loopback, at a random path, that answers only the
 * read methods a Hardhat fork asks its remote for, straight from the sandbox's own chain. Nothing
 * goes through the classroom gateway (server/rpc): its fair shares are for students, not for the
 * sandbox reading itself, and nothing from outside reaches this endpoint.
 */
import { randomBytes } from "node:crypto";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * What a fork reads from its remote (chain identity, blocks, accounts, storage), with the position
 * of each method's block parameter. Past transactions and logs are not served: a replay never asks.
 */
const BLOCK_PARAM: ReadonlyMap<string, number | null> = new Map([
  ["eth_chainId", null],
  ["net_version", null],
  ["web3_clientVersion", null],
  ["eth_blockNumber", null],
  ["eth_getBlockByNumber", 0],
  ["eth_getBlockByHash", null],
  ["eth_getBalance", 1],
  ["eth_getCode", 1],
  ["eth_getTransactionCount", 1],
  ["eth_getStorageAt", 2],
]);

export const FORK_SOURCE_METHODS: ReadonlySet<string> = new Set(BLOCK_PARAM.keys());

/** The largest request body the fork sends (a batch of account reads is a few kilobytes). */
const MAX_BODY_BYTES = 1024 * 1024;

/** Where the source reads from: the sandbox chain's raw JSON-RPC. */
export type ChainRpc = (method: string, params: unknown[]) => Promise<unknown>;

export interface ForkSource {
  /** The endpoint, secret path included. */
  url: string;
  /**
   * From now on the source shows the chain as it was at the end of `block`: "latest" is that block,
   * later blocks do not exist. A fork never caches what is within reorg depth of the latest block.
   */
  pin(block: number): void;
  close(): Promise<void>;
}

interface RpcRequest {
  id?: unknown;
  method?: unknown;
  params?: unknown;
}

const NAMED_TAGS = new Set(["latest", "pending", "safe", "finalized"]);

/** The chain as of block `pinned`: named tags become it, later blocks are unknown. */
async function pinnedCall(
  rpc: ChainRpc,
  pinned: number,
  method: string,
  params: unknown[],
): Promise<unknown> {
  if (method === "eth_blockNumber") return `0x${pinned.toString(16)}`;
  const position = BLOCK_PARAM.get(method);
  const args = [...params];
  if (position != null) {
    const tag = args[position];
    if (typeof tag === "string" && NAMED_TAGS.has(tag)) args[position] = `0x${pinned.toString(16)}`;
    else if (typeof tag === "string" && tag.startsWith("0x") && Number(tag) > pinned) return null;
  }
  const result = await rpc(method, args);
  if (method === "eth_getBlockByHash" && result && Number((result as { number: string }).number) > pinned)
    return null;
  return result;
}

async function answer(request: RpcRequest, rpc: ChainRpc, pinned: number): Promise<object> {
  const id = request.id ?? null;
  const method = typeof request.method === "string" ? request.method : "";
  if (!FORK_SOURCE_METHODS.has(method)) {
    return {
      jsonrpc: "2.0",
      id,
      error: { code: -32601, message: `the fork source does not serve ${method}` },
    };
  }
  try {
    const params = Array.isArray(request.params) ? request.params : [];
    return { jsonrpc: "2.0", id, result: (await pinnedCall(rpc, pinned, method, params)) ?? null };
  } catch (error) {
    const { code, message } = error as { code?: unknown; message?: string };
    return { jsonrpc: "2.0", id, error: { code: typeof code === "number" ? code : -32603, message } };
  }
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  answerOne: (request: RpcRequest) => Promise<object>,
): Promise<void> {
  const body = req.method === "POST" && req.url === path ? await readBody(req) : undefined;
  let parsed: unknown;
  try {
    parsed = body === undefined ? undefined : JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || parsed === null || typeof parsed !== "object") {
    res.writeHead(404).end();
    return;
  }
  const reply = Array.isArray(parsed)
    ? await Promise.all(parsed.map((one) => answerOne(one as RpcRequest)))
    : await answerOne(parsed as RpcRequest);
  res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(reply));
}

/** Starts the source on 127.0.0.1 (a free port) over `rpc`. */
export async function startForkSource(rpc: ChainRpc): Promise<ForkSource> {
  const path = `/${randomBytes(16).toString("hex")}`;
  let pinned = 0;
  const answerOne = (request: RpcRequest) => answer(request, rpc, pinned);
  const server = http.createServer((req, res) => {
    serve(req, res, path, answerOne).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    pin: (block) => {
      pinned = block;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
