/**
 * One JSON-RPC request, from arrival to answer: checked against the policy (who may call what),
 * against the caller's fair share, then answered by the builder's methods or forwarded to the node.
 * Transport-free: server/rpc/server.ts feeds it from HTTP and WebSocket.
 *
 * Every outside request runs while no block is being built: a transaction arriving mid-build would
 * otherwise land in the middle of the block, or be wiped by a simulation's snapshot revert.
 */
import { InvalidArgumentsError, ProviderError } from "hardhat/internal/core/providers/errors";
import { z } from "zod";
import { InvalidInputError } from "../errors";
import { overShareDelay, type TokenBucketSettings, TokenBuckets } from "../lib/tokenBucket";
import {
  BUNDLE_METHODS,
  type BuilderMethodDeps,
  bundleMethod,
  MINE_METHODS,
  mineMethod,
  protectedMethod,
} from "./builderMethods";
import { CanonicalNotices } from "./canonical";
import { isMevShareRequest, mevShareMethod } from "./mevShareMethods";
import {
  PENDING_WATCH_METHODS,
  PendingWatch,
  type PendingWatchLimits,
  type RpcConnection,
} from "./pendingWatch";
import { type Caller, judge, type RpcMode, UNAUTHORIZED_CODE } from "./policy";
import { PRIVATE_TX_METHODS, privateTxMethod } from "./privateTx";
import type { Eip1193Provider } from "./provider";
import { STATS_METHODS, statsMethod } from "./statsMethods";

export type { Eip1193Provider } from "./provider";

/** Which URL the request came to. */
export type Endpoint = "public" | "protected";

export interface RequestContext {
  endpoint: Endpoint;
  caller: Caller;
  /** The client's address, for its fair share. */
  client: string;
  /** The address proven by a valid X-Flashbots-Signature, if one was sent. */
  flashbotsSigner?: string;
  /** The WebSocket the request came on (subscriptions are pushed to it); none over HTTP. */
  connection?: RpcConnection;
}

export interface JsonRpcResponse {
  jsonrpc: "2.0";
  id: string | number | null;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

/** EIP-1474's "Limit exceeded". */
export const LIMIT_EXCEEDED_CODE = -32005;

/** Per client address in classroom mode: every request, and the costly simulations apart. */
export interface RpcRateLimits {
  requests: TokenBucketSettings;
  simulations: TokenBucketSettings;
}

export const DEFAULT_RPC_RATE_LIMITS: RpcRateLimits = {
  requests: { perSecond: 50, burst: 200 },
  simulations: { perSecond: 5, burst: 10 },
};

/** Calls that run a block's worth of work under the chain lock. */
const SIMULATION_METHODS = new Set(["eth_callBundle", "mev_simBundle"]);

export interface GatewayOptions extends BuilderMethodDeps {
  provider: Eip1193Provider;
  mode: RpcMode;
  rateLimits?: RpcRateLimits;
  /** How long a refusal for going over one's share waits (ms; default OVER_SHARE_DELAY_MS). */
  overShareDelayMs?: number;
  /** Told after an outside evm_* / hardhat_* call succeeded (the sandbox checks its world). */
  onAdminCall?: (method: string, params: unknown) => void;
  /** What a client may hold of pending-transaction filters and subscriptions (classroom mode). */
  pendingWatchLimits?: PendingWatchLimits;
}

/** Calls that may put a public transaction in the pool (WebSocket subscribers hear of it at once). */
const SEND_METHODS = new Set(["eth_sendRawTransaction", "eth_sendTransaction"]);

const RequestSchema = z.object({
  jsonrpc: z.literal("2.0", { error: 'must be "2.0"' }),
  method: z.string({ error: "must be a method name" }).min(1).max(128),
  params: z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())]).optional(),
  id: z.union([z.string().max(256), z.number(), z.null()]).optional(),
});

export class RpcGateway {
  private readonly requests: TokenBuckets;
  private readonly simulations: TokenBuckets;
  /** Snapshot ids handed out by outside evm_snapshot calls (the instructor may revert those). */
  private readonly handedOut = new Set<string>();
  /** Pending-transaction subscriptions and filters, answered from the builder's public feed. */
  private readonly pendingWatch: PendingWatch;
  /** The node's block and log notices, kept to blocks on the chain (not simulated ones). */
  private readonly canonical: CanonicalNotices;

  constructor(private readonly options: GatewayOptions) {
    const limits = options.rateLimits ?? DEFAULT_RPC_RATE_LIMITS;
    this.requests = new TokenBuckets(limits.requests);
    this.simulations = new TokenBuckets(limits.simulations);
    this.pendingWatch = new PendingWatch(options.builder, options.pendingWatchLimits);
    this.canonical = new CanonicalNotices(options.provider, options.builder);
  }

  /** Whether the node's subscription notice (a block header or a log) may go out: its block is on the chain. */
  keepNotice(result: unknown): Promise<boolean> {
    return this.canonical.keep(result);
  }

  get mode(): RpcMode {
    return this.options.mode;
  }

  /** Stops every pending-transaction subscription and filter (the port closes). */
  close(): void {
    this.pendingWatch.close();
  }

  /** Forgets the snapshot ids handed out (the chain they belonged to is gone). */
  forgetSnapshots(): void {
    this.handedOut.clear();
  }

  /** Answers one request object (an element of a batch, or a single request). */
  async handle(raw: unknown, ctx: RequestContext): Promise<JsonRpcResponse> {
    const parsed = RequestSchema.safeParse(raw);
    const id = idOf(raw);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
      return failure(id, -32600, `invalid JSON-RPC request: ${problems.join("; ")}`);
    }
    const { method, params } = parsed.data;
    const refusal = this.refusal(method, params, ctx);
    if (refusal) {
      // Over its share, the answer waits a moment: a flood slows itself down.
      if (refusal.code === LIMIT_EXCEEDED_CODE) await overShareDelay(this.options.overShareDelayMs);
      return failure(id, refusal.code, refusal.message);
    }
    try {
      const result = await this.dispatch(method, params, ctx);
      this.afterAdminCall(method, params, result);
      return { jsonrpc: "2.0", id, result: result ?? null };
    } catch (error) {
      return errorResponse(id, error);
    }
  }

  private refusal(
    method: string,
    params: unknown,
    ctx: RequestContext,
  ): { code: number; message: string } | undefined {
    const verdict = judge({
      method,
      params,
      mode: this.options.mode,
      caller: ctx.caller,
      handedOut: (snapshotId) => this.handedOut.has(snapshotId.toLowerCase()),
    });
    if (!verdict.allowed) return { code: UNAUTHORIZED_CODE, message: verdict.reason };
    if (this.options.mode === "solo" || ctx.caller === "instructor") return undefined;
    if (!this.requests.take(ctx.client)) {
      return {
        code: LIMIT_EXCEEDED_CODE,
        message: `too many requests from ${ctx.client}: at most ${this.requests.describe()}; slow down and retry`,
      };
    }
    if (SIMULATION_METHODS.has(method) && !this.simulations.take(ctx.client)) {
      return {
        code: LIMIT_EXCEEDED_CODE,
        message: `too many ${method} from ${ctx.client}: at most ${this.simulations.describe()} (each one simulates a block); retry in a moment`,
      };
    }
    return undefined;
  }

  private async dispatch(method: string, params: unknown, ctx: RequestContext): Promise<unknown> {
    const { builder } = this.options;
    // eth_callBundle and mining take the chain lock, then the builder's turn, themselves: do not nest.
    const sender = { signer: ctx.flashbotsSigner, cancelNeedsSignature: this.options.mode === "classroom" };
    if (method === "eth_callBundle") return bundleMethod(method, params, this.options, sender);
    if (STATS_METHODS.has(method)) return statsMethod(method, params, builder, ctx.flashbotsSigner);
    if (MINE_METHODS.has(method)) return mineMethod(method, params, this.options);
    if (isMevShareRequest(method, params)) return mevShareMethod(method, params, this.options, sender);
    if (PENDING_WATCH_METHODS.has(method)) {
      const limited = this.options.mode === "classroom" && ctx.caller !== "instructor";
      const watched = await this.pendingWatch.handle(method, params, { ...ctx, limited });
      if (watched) return watched.result;
    }
    const result = await builder.exclusive(async () => {
      if (BUNDLE_METHODS.has(method)) return bundleMethod(method, params, this.options, sender);
      if (PRIVATE_TX_METHODS.has(method)) return privateTxMethod(method, params, this.options, sender);
      if (ctx.endpoint === "protected") {
        const answer = await protectedMethod(method, params, this.options);
        if (answer !== undefined) return answer;
      }
      const answer = await this.options.provider.request({ method, params });
      return method === "eth_getFilterChanges" ? this.canonical.changesOnChain(answer) : answer;
    });
    if (SEND_METHODS.has(method) && ctx.endpoint === "public") this.pendingWatch.afterSend();
    return result;
  }

  private afterAdminCall(method: string, params: unknown, result: unknown): void {
    if (!method.startsWith("evm_") && !method.startsWith("hardhat_")) return;
    if (method === "evm_snapshot" && typeof result === "string") this.handedOut.add(result.toLowerCase());
    if (method === "evm_revert") this.forgetFrom(Array.isArray(params) ? params[0] : undefined);
    if (method === "hardhat_reset") this.forgetSnapshots();
    if (method === "evm_revert" || method === "hardhat_reset") this.canonical.forget();
    if (!MINE_METHODS.has(method)) this.options.onAdminCall?.(method, params);
  }

  /** A revert to snapshot `id` removes it and every later snapshot. */
  private forgetFrom(id: unknown): void {
    if (typeof id !== "string") return;
    const reverted = BigInt(id);
    for (const handed of this.handedOut) if (BigInt(handed) >= reverted) this.handedOut.delete(handed);
  }
}

function idOf(raw: unknown): string | number | null {
  const id = (raw as { id?: unknown } | null)?.id;
  return typeof id === "string" || typeof id === "number" ? id : null;
}

export function failure(id: string | number | null, code: number, message: string): JsonRpcResponse {
  return { jsonrpc: "2.0", id, error: { code, message } };
}

/** An error as Hardhat's own JSON-RPC server reports it (code, message, revert data, tx hash). */
export function errorResponse(id: string | number | null, thrown: unknown): JsonRpcResponse {
  // Refused input is JSON-RPC's "invalid params" (-32602), with the sandbox's message.
  const error = thrown instanceof InvalidInputError ? new InvalidArgumentsError(thrown.message) : thrown;
  const details = error as { transactionHash?: string; data?: unknown; message?: string };
  const code = ProviderError.isProviderError(error) ? (error as ProviderError).code : -32603;
  const message = details.message ?? String(error);
  const data: Record<string, unknown> = { message };
  const returnData = (details.data as { data?: unknown } | undefined)?.data ?? details.data;
  if (returnData !== undefined) data.data = returnData;
  const txHash =
    details.transactionHash ?? (details.data as { transactionHash?: string } | undefined)?.transactionHash;
  if (txHash !== undefined) data.txHash = txHash;
  return { jsonrpc: "2.0", id, error: { code, message, data } };
}
