/**
 * What entered the node's pool from outside the builder, and in which order.
 *
 * The builder puts transactions in the pool only during its own turns (`Builder.internally`):
 * simulations (eth_callBundle, a bundle's checks), bundles and protected transactions at block
 * time, and the public ones it re-sends to order a block. So whatever the node's own
 * pending-transaction filter reports between two such turns came from outside: public transactions
 * (wallets, bots, scenarios). At the start of each turn the builder takes those, numbered in the
 * order they entered the pool, which is the order the node's FIFO pool gives them; at its end it
 * skips its own. The numbers let the builder read the pool in block order without executing it
 * (poolOrder.ts); the outside arrivals are what pending watchers may see (publicPending.ts).
 */
import type { Chain } from "../chain/chain";

/** Told the outside arrivals of each look, in order, while the builder's turn lasts. */
export type ArrivalListener = (hashes: readonly string[]) => Promise<void>;

/** Past this many places remembered, all are forgotten (the next block reads the pending block once). */
const PLACES_KEPT = 100_000;

export class PoolArrivals {
  private filterId: string | null = null;
  /** Each transaction's place in the node's pool: the order it was last put there. */
  private readonly seqs = new Map<string, number>();
  private nextSeq = 0;

  constructor(
    private readonly chain: Chain,
    private readonly onOutside: ArrivalListener,
  ) {}

  /**
   * Takes what entered the pool from outside since the last look: numbered in arrival order and
   * handed to the listener. The caller holds the builder's turn.
   */
  async takeOutside(): Promise<void> {
    const news = await this.changes();
    // A filter the node forgot (its chain was reset): what waits in the pool came unseen, in no
    // known order; those already seen are told again (the listener knows them).
    const hashes = news ?? (await this.pooledHashes());
    if (news) this.place(news);
    if (hashes.length > 0) await this.onOutside(hashes);
  }

  /** Skips what the builder itself put in the pool during its turn (it numbers its re-sends itself). */
  async skipOwn(): Promise<void> {
    await this.changes();
  }

  /** The builder put these transactions in the pool, in this order. */
  recordSent(hashes: readonly string[]): void {
    this.place(hashes);
  }

  /** Forgets the places of transactions no longer in the pool (`pooled`: all that are). */
  keepOnly(pooled: readonly string[]): void {
    const kept = new Set(pooled.map((hash) => hash.toLowerCase()));
    for (const hash of this.seqs.keys()) if (!kept.has(hash)) this.seqs.delete(hash);
  }

  /** A transaction's place in the pool, if the builder knows it. */
  seqOf(hash: string): number | undefined {
    return this.seqs.get(hash.toLowerCase());
  }

  /** The pool changed behind the builder's back (a revert, a reset): no place is known any more. */
  forget(): void {
    this.seqs.clear();
  }

  /** These transactions entered the pool last, in this order. */
  private place(hashes: readonly string[]): void {
    for (const hash of hashes) this.seqs.set(hash.toLowerCase(), this.nextSeq++);
    if (this.seqs.size > PLACES_KEPT) this.forget();
  }

  /** The filter's news since the last look, or null when there was no filter (a new one is made). */
  private async changes(): Promise<string[] | null> {
    if (this.filterId !== null) {
      const hashes = await this.chain
        .rpc<string[] | null>("eth_getFilterChanges", [this.filterId])
        .catch(() => null);
      if (hashes) return hashes;
    }
    this.filterId = await this.chain.rpc<string>("eth_newPendingTransactionFilter");
    this.forget();
    return null;
  }

  private async pooledHashes(): Promise<string[]> {
    const pooled = await this.chain.rpc<{ hash: string }[]>("eth_pendingTransactions");
    return pooled.map((tx) => tx.hash);
  }
}
