/**
 * Pending-transaction watchers on the JSON-RPC port, answered by the sandbox itself from the
 * builder's public feed (server/builder/publicPending.ts): each public transaction once, nothing
 * only simulated, nothing private. The node's own would also report what the builder puts in the
 * pool while it simulates (eth_callBundle) or builds a block (bundles, protected transactions, the
 * public ones it re-sends to order them).
 *
 * - `eth_subscribe("newPendingTransactions"[, true])` over WebSocket (`true`: whole transactions),
 *   `eth_unsubscribe`;
 * - `eth_newPendingTransactionFilter`, `eth_getFilterChanges`, `eth_uninstallFilter`, over HTTP or
 *   WebSocket. A filter nobody polls for FILTER_TTL_MS expires, as geth's do.
 *
 * Other subscriptions and filters (newHeads, logs, block and log filters) stay the node's, kept to
 * blocks on the chain (canonical.ts).
 */
import { randomBytes } from "node:crypto";
import { ProviderError } from "hardhat/internal/core/providers/errors";
import type { Builder } from "../builder/builder";
import type { PendingWatcher } from "../builder/publicPending";

export const PENDING_WATCH_METHODS = new Set([
  "eth_subscribe",
  "eth_unsubscribe",
  "eth_newPendingTransactionFilter",
  "eth_getFilterChanges",
  "eth_uninstallFilter",
  "eth_getFilterLogs",
]);

/** What one client may hold at once in classroom mode, and what any filter keeps. */
export interface PendingWatchLimits {
  /** Pending-transaction filters per client address. */
  filtersPerClient: number;
  /** Pending-transaction subscriptions per WebSocket connection. */
  subscriptionsPerConnection: number;
  /** Hashes a filter keeps between two polls; the oldest go first. */
  hashesPerFilter: number;
}

export const DEFAULT_PENDING_WATCH_LIMITS: PendingWatchLimits = {
  filtersPerClient: 16,
  subscriptionsPerConnection: 16,
  hashesPerFilter: 10_000,
};

/** A filter nobody polled for this long is removed (geth's deadline). */
export const FILTER_TTL_MS = 5 * 60 * 1000;
/** How often WebSocket subscribers are told what the sandbox's own actors sent meanwhile. */
const LOOK_INTERVAL_MS = 200;

/** EIP-1474's "Limit exceeded". */
const LIMIT_EXCEEDED = -32005;

/** A WebSocket connection, as subscriptions use it. */
export interface RpcConnection {
  /** Sends an `eth_subscription` notification. */
  notify(subscription: string, result: unknown): void;
  /** Runs `cleanup` once the connection is closed. */
  onClose(cleanup: () => void): void;
}

/** Who is asking, as watchers need to know it. */
export interface WatchContext {
  /** The client's address (its filters count against its share). */
  client: string;
  /** Whether its share is counted (classroom mode, not the instructor). */
  limited: boolean;
  /** The WebSocket the request came on; none over HTTP. */
  connection?: RpcConnection;
}

interface PendingFilter {
  owner: string;
  hashes: string[];
  polledAt: number;
  stop: () => void;
}

interface Subscription {
  connection: RpcConnection;
  stop: () => void;
}

export class PendingWatch {
  private readonly filters = new Map<string, PendingFilter>();
  private readonly subscriptions = new Map<string, Subscription>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly builder: Builder,
    private readonly limits: PendingWatchLimits = DEFAULT_PENDING_WATCH_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** The answer to a watcher request, or undefined when it is the node's (another kind of subscription or filter). */
  async handle(method: string, params: unknown, ctx: WatchContext): Promise<{ result: unknown } | undefined> {
    this.expireFilters();
    const list = Array.isArray(params) ? params : [];
    switch (method) {
      case "eth_subscribe":
        return list[0] === "newPendingTransactions"
          ? { result: await this.subscribe(list[1], ctx) }
          : undefined;
      case "eth_unsubscribe":
        return this.subscriptions.has(String(list[0]))
          ? { result: this.unsubscribe(String(list[0]), ctx) }
          : undefined;
      case "eth_newPendingTransactionFilter":
        return { result: await this.newFilter(ctx) };
      case "eth_getFilterChanges":
        return isOwnId(list[0]) ? { result: await this.changes(list[0]) } : undefined;
      case "eth_uninstallFilter":
        return isOwnId(list[0]) ? { result: this.uninstall(list[0]) } : undefined;
      case "eth_getFilterLogs":
        if (isOwnId(list[0])) filterNotFound(list[0], "it is a pending-transaction filter, without logs");
        return undefined;
      default:
        return undefined;
    }
  }

  /** A public transaction may have entered the pool: WebSocket subscribers hear of it now. */
  afterSend(): void {
    if (this.subscriptions.size > 0) this.lookSoon();
  }

  /** Stops every subscription and filter (the server closes). */
  close(): void {
    for (const id of [...this.subscriptions.keys()]) this.endSubscription(id);
    for (const filter of this.filters.values()) filter.stop();
    this.filters.clear();
  }

  private async subscribe(full: unknown, ctx: WatchContext): Promise<string> {
    const { connection } = ctx;
    if (!connection) {
      throw new ProviderError(
        "notifications not supported: eth_subscribe needs a WebSocket (ws://…); over HTTP, poll eth_newPendingTransactionFilter with eth_getFilterChanges",
        -32601,
      );
    }
    const mine = [...this.subscriptions.values()].filter((s) => s.connection === connection).length;
    if (ctx.limited && mine >= this.limits.subscriptionsPerConnection) {
      throw new ProviderError(
        `a connection holds at most ${this.limits.subscriptionsPerConnection} pending-transaction subscriptions: eth_unsubscribe one first`,
        LIMIT_EXCEEDED,
      );
    }
    // What entered the pool before the subscription is not its news.
    await this.builder.lookAtPool();
    const id = newId();
    const watcher: PendingWatcher = {
      full: full === true,
      deliver: (items) => {
        for (const item of items) connection.notify(id, item);
      },
    };
    this.subscriptions.set(id, { connection, stop: this.builder.publicPending.watch(watcher) });
    connection.onClose(() => this.endSubscription(id));
    this.tick();
    return id;
  }

  private unsubscribe(id: string, ctx: WatchContext): boolean {
    if (this.subscriptions.get(id)?.connection !== ctx.connection) return false;
    this.endSubscription(id);
    return true;
  }

  private endSubscription(id: string): void {
    this.subscriptions.get(id)?.stop();
    this.subscriptions.delete(id);
    this.tick();
  }

  private async newFilter(ctx: WatchContext): Promise<string> {
    const held = [...this.filters.values()].filter((f) => f.owner === ctx.client).length;
    if (ctx.limited && held >= this.limits.filtersPerClient) {
      throw new ProviderError(
        `${ctx.client} holds at most ${this.limits.filtersPerClient} pending-transaction filters: eth_uninstallFilter one first (a filter nobody polls expires after ${FILTER_TTL_MS / 60_000} minutes)`,
        LIMIT_EXCEEDED,
      );
    }
    await this.builder.lookAtPool();
    const filter: PendingFilter = { owner: ctx.client, hashes: [], polledAt: this.now(), stop: () => {} };
    filter.stop = this.builder.publicPending.watch({
      full: false,
      deliver: (items) => {
        filter.hashes.push(...(items as string[]));
        const over = filter.hashes.length - this.limits.hashesPerFilter;
        if (over > 0) filter.hashes.splice(0, over);
      },
    });
    const id = newId();
    this.filters.set(id, filter);
    return id;
  }

  private async changes(id: string): Promise<string[]> {
    if (!this.filters.has(id)) filterNotFound(id, "never made, uninstalled, or expired");
    await this.builder.lookAtPool();
    const filter = this.filters.get(id);
    if (!filter) return [];
    filter.polledAt = this.now();
    return filter.hashes.splice(0);
  }

  private uninstall(id: string): boolean {
    const filter = this.filters.get(id);
    filter?.stop();
    return this.filters.delete(id);
  }

  private expireFilters(): void {
    const deadline = this.now() - FILTER_TTL_MS;
    for (const [id, filter] of this.filters) if (filter.polledAt < deadline) this.uninstall(id);
  }

  private lookSoon(): void {
    this.builder.lookAtPool().catch(() => undefined);
  }

  /** While anyone subscribes, looks at the pool now and then: the sandbox's own actors send in-process. */
  private tick(): void {
    if (this.subscriptions.size > 0 && !this.timer) {
      this.timer = setInterval(() => this.lookSoon(), LOOK_INTERVAL_MS);
      this.timer.unref();
    } else if (this.subscriptions.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}

/** Ids of this sandbox's own watchers: 16 random bytes (the node numbers its own 0x1, 0x2 …). */
function newId(): string {
  return `0x${randomBytes(16).toString("hex")}`;
}

function isOwnId(id: unknown): id is string {
  return typeof id === "string" && /^0x[0-9a-f]{32}$/.test(id);
}

function filterNotFound(id: string, why: string): never {
  throw new ProviderError(`filter not found: ${id} (${why})`, -32000);
}
