/**
 * The public mempool as outside watchers see it (`eth_subscribe("newPendingTransactions")`, pending
 * filters): each public transaction once, as it entered the pool from outside the builder's turns
 * (arrivals.ts). Never a transaction that was only simulated, nor a bundle's, a protected or a
 * private one: those enter the pool only during the builder's turns. A transaction that left the
 * pool and came back (the same hash) is not told again; after a reset to the clean world, a run's
 * transactions are new again.
 */
import type { Chain } from "../chain/chain";
import type { RpcTransaction } from "../lib/rpcTransaction";

/** One watcher: a subscription or a filter. */
export interface PendingWatcher {
  /** Whether it wants whole transactions (eth_subscribe's `true`) rather than hashes. */
  full: boolean;
  /** Public transactions that entered the pool, in arrival order. */
  deliver(items: readonly (string | RpcTransaction)[]): void;
}

/** How many public hashes it remembers having told, to tell none twice. */
const REPORTED_KEPT = 50_000;

export class PublicPending {
  private readonly watchers = new Set<PendingWatcher>();
  private readonly reported = new Set<string>();

  constructor(
    private readonly chain: Chain,
    /** Whether a transaction reached the builder privately (a bundle's, a protected one). */
    private readonly isPrivate: (hash: string) => boolean,
  ) {}

  /** Tells `watcher` every public transaction from now on, until the returned function is called. */
  watch(watcher: PendingWatcher): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  /** How many watchers listen. */
  get watcherCount(): number {
    return this.watchers.size;
  }

  /** Transactions that entered the pool from outside (the builder's turn holds: they are still pending). */
  async arrived(hashes: readonly string[]): Promise<void> {
    const fresh = hashes.filter((hash) => !this.reported.has(hash.toLowerCase()) && !this.isPrivate(hash));
    for (const hash of fresh) this.remember(hash.toLowerCase());
    if (fresh.length === 0 || this.watchers.size === 0) return;
    const full = [...this.watchers].some((w) => w.full) ? await this.transactions(fresh) : [];
    for (const watcher of this.watchers) {
      try {
        watcher.deliver(watcher.full ? full : fresh);
      } catch {
        // A watcher that cannot take it (its socket closed) must not stop the block being built.
      }
    }
  }

  /** The chain went back to the clean world: its transactions may come again, as new ones. */
  reset(): void {
    this.reported.clear();
  }

  private remember(hash: string): void {
    this.reported.add(hash);
    if (this.reported.size > REPORTED_KEPT) this.reported.delete(this.reported.values().next().value!);
  }

  /** The transactions as the node returns them, in one batch (one dropped meanwhile is null: left out). */
  private async transactions(hashes: readonly string[]): Promise<RpcTransaction[]> {
    const txs = (await this.chain.rpcBatch(
      hashes.map((hash) => ["eth_getTransactionByHash", [hash]] as const),
    )) as (RpcTransaction | null)[];
    return txs.filter((tx): tx is RpcTransaction => tx !== null);
  }
}
