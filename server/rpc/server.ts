/**
 * The sandbox's JSON-RPC port, for wallets and outside tools: HTTP and WebSocket (optionally over
 * TLS), the public URL and `PROTECTED_RPC_PATH`. It reads each request within its limits (body size,
 * batch size), tells who is calling (the instructor's bearer token, the Flashbots signature), and
 * hands every request object to the gateway.
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";
import { checkFlashbotsSignature, FLASHBOTS_SIGNATURE_HEADER } from "../lib/flashbotsSignature";
import { bearerToken, tokensMatch } from "../lib/token";
import {
  type Eip1193Provider,
  type Endpoint,
  failure,
  type JsonRpcResponse,
  LIMIT_EXCEEDED_CODE,
  type RequestContext,
  type RpcGateway,
} from "./gateway";
import type { Caller } from "./policy";

/** The protected endpoint's path: transactions sent there go to the builder, not the public mempool. */
export const PROTECTED_RPC_PATH = "/protect";

/** The largest request body: a full bundle (300,000 bytes signed, twice that in hex) fits with room. */
export const MAX_RPC_BODY_BYTES = 2 * 1024 * 1024;
/** The most request objects in one batch. */
export const MAX_RPC_BATCH = 100;

export interface TlsFiles {
  cert: Buffer;
  key: Buffer;
}

export interface RpcServerOptions {
  gateway: RpcGateway;
  /** The node's provider, for eth_subscribe notifications over WebSocket. */
  provider: Eip1193Provider & {
    addListener(
      event: "notification",
      listener: (payload: { subscription: string; result: unknown }) => void,
    ): unknown;
    removeListener(
      event: "notification",
      listener: (payload: { subscription: string; result: unknown }) => void,
    ): unknown;
  };
  /** The instructor token: `Authorization: Bearer <token>` on a request makes it the instructor's. */
  token: string;
  host: string;
  port: number;
  tls?: TlsFiles;
}

export interface RpcServer {
  url: string;
  /** The protected endpoint: the same JSON-RPC, but transactions are sent privately to the builder. */
  protectedUrl: string;
  host: string;
  port: number;
  close(): Promise<void>;
}

export async function startRpcServer(options: RpcServerOptions): Promise<RpcServer> {
  const onRequest = (req: IncomingMessage, res: ServerResponse) => void serveHttp(req, res, options);
  const server = options.tls
    ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, onRequest)
    : http.createServer(onRequest);
  const sockets = new WebSocketServer({ server, maxPayload: MAX_RPC_BODY_BYTES });
  sockets.on("connection", (ws, req) => serveWebSocket(ws, req, options));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = options.host.includes(":") ? `[${options.host}]` : options.host;
  const url = `${options.tls ? "https" : "http"}://${shownHost}:${port}`;
  return {
    url,
    protectedUrl: `${url}${PROTECTED_RPC_PATH}`,
    host: options.host,
    port,
    close: async () => {
      options.gateway.close();
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}

function endpointOf(url: string | undefined): Endpoint {
  const path = (url ?? "/").split("?")[0]!.replace(/\/+$/, "");
  return path === PROTECTED_RPC_PATH ? "protected" : "public";
}

function callerOf(req: IncomingMessage, token: string): Caller {
  const given = bearerToken(req.headers.authorization);
  if (given === undefined) return "anonymous";
  return tokensMatch(given, token) ? "instructor" : "wrong-token";
}

function contextOf(req: IncomingMessage, token: string): RequestContext {
  return {
    endpoint: endpointOf(req.url),
    caller: callerOf(req, token),
    client: req.socket.remoteAddress ?? "unknown",
  };
}

async function serveHttp(
  req: IncomingMessage,
  res: ServerResponse,
  options: RpcServerOptions,
): Promise<void> {
  // As Hardhat's own node: any page may call the chain (wallets, learners' scripts).
  res.setHeader("Access-Control-Allow-Origin", "*");
  res.setHeader("Access-Control-Allow-Methods", "OPTIONS, POST, GET");
  res.setHeader("Access-Control-Allow-Headers", "*");
  if (req.method === "OPTIONS") {
    res.writeHead(200).end();
    return;
  }
  const body = await readBody(req);
  if (body === undefined) {
    reply(
      res,
      failure(null, LIMIT_EXCEEDED_CODE, `the request body is larger than ${MAX_RPC_BODY_BYTES} bytes`),
    );
    return;
  }
  const ctx = contextOf(req, options.token);
  const header = req.headers[FLASHBOTS_SIGNATURE_HEADER];
  const signature = checkFlashbotsSignature(Array.isArray(header) ? header[0] : header, body);
  if (signature.kind === "invalid") {
    reply(res, failure(null, -32600, signature.reason));
    return;
  }
  if (signature.kind === "valid") ctx.flashbotsSigner = signature.signer;
  reply(res, await answer(body, ctx, options.gateway));
}

/** The body as text, or undefined once it passes the size limit (the rest is not read). */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_RPC_BODY_BYTES) {
        req.removeAllListeners("data");
        req.resume();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () =>
      resolve(size > MAX_RPC_BODY_BYTES ? undefined : Buffer.concat(chunks).toString("utf8")),
    );
    req.on("error", reject);
  });
}

/** A message as requests: one request, or a batch within its limit; or the error that answers it. */
type Message = { batch: boolean; requests: unknown[] } | { error: JsonRpcResponse };

function parseMessage(text: string): Message {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { error: failure(null, -32700, `Parse error: ${(error as Error).message}`) };
  }
  if (!Array.isArray(parsed)) return { batch: false, requests: [parsed] };
  if (parsed.length === 0)
    return { error: failure(null, -32600, "invalid JSON-RPC request: an empty batch") };
  if (parsed.length > MAX_RPC_BATCH) {
    return {
      error: failure(
        null,
        LIMIT_EXCEEDED_CODE,
        `a batch holds at most ${MAX_RPC_BATCH} requests, got ${parsed.length}: split it`,
      ),
    };
  }
  return { batch: true, requests: parsed };
}

/**
 * Answers a message. A batch's requests run one after another: a batch is one client's, and must not
 * take more than its turn. `onAnswer` sees each request with its response.
 */
async function answer(
  text: string,
  ctx: RequestContext,
  gateway: RpcGateway,
  onAnswer?: (request: unknown, response: JsonRpcResponse) => void,
): Promise<JsonRpcResponse | JsonRpcResponse[]> {
  const message = parseMessage(text);
  if ("error" in message) return message.error;
  const responses: JsonRpcResponse[] = [];
  for (const request of message.requests) {
    const response = await gateway.handle(request, ctx);
    onAnswer?.(request, response);
    responses.push(response);
  }
  return message.batch ? responses : responses[0]!;
}

function reply(res: ServerResponse, response: JsonRpcResponse | JsonRpcResponse[]): void {
  res.statusCode = 200;
  res.setHeader("Content-Type", "application/json");
  res.end(JSON.stringify(response));
}

/**
 * One WebSocket connection: requests and batches as messages, eth_subscribe notifications pushed
 * (the node's, and the sandbox's own pending-transaction subscriptions through `ctx.connection`).
 */
function serveWebSocket(ws: WebSocket, req: IncomingMessage, options: RpcServerOptions): void {
  const subscriptions = new Set<string>();
  const onClose: (() => void)[] = [];
  let closed = false;
  const push = (params: { subscription: string; result: unknown }) => {
    if (!closed) ws.send(JSON.stringify({ jsonrpc: "2.0", method: "eth_subscription", params }));
  };
  const ctx: RequestContext = {
    ...contextOf(req, options.token),
    connection: {
      notify: (subscription, result) => push({ subscription, result }),
      onClose: (cleanup) => onClose.push(cleanup),
    },
  };
  // The node's notices, in order, each once its block is known to be on the chain (not simulated).
  let notices = Promise.resolve();
  const notify = (payload: { subscription: string; result: unknown }) => {
    if (!subscriptions.has(payload.subscription)) return;
    notices = notices
      .then(() => options.gateway.keepNotice(payload.result))
      .then((keep) => {
        if (keep && subscriptions.has(payload.subscription)) push(payload);
      })
      .catch(() => undefined);
  };
  options.provider.addListener("notification", notify);
  /** The node's subscriptions (pending transactions are the sandbox's own: see pendingWatch.ts). */
  const track = (request: unknown, response: JsonRpcResponse) => {
    const { method, params } = (request ?? {}) as { method?: unknown; params?: unknown };
    const pending = Array.isArray(params) && params[0] === "newPendingTransactions";
    if (method === "eth_subscribe" && !pending && typeof response.result === "string") {
      subscriptions.add(response.result);
    }
  };
  ws.on("message", async (data) => {
    const response = await answer(data.toString(), ctx, options.gateway, track);
    if (!closed) ws.send(JSON.stringify(response));
  });
  ws.on("close", () => {
    closed = true;
    for (const cleanup of onClose) cleanup();
    options.provider.removeListener("notification", notify);
    for (const id of subscriptions) {
      options.provider.request({ method: "eth_unsubscribe", params: [id] }).catch(() => {});
    }
  });
}
