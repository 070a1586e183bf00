/**
 * Which transactions reached the builder privately (in a bundle or on the protected path), so
 * mempool watchers can ignore them when the builder re-sends them into the pool at block time.
 */

/** What the builder knows of a transaction it put in a block. */
export interface PrivateOrigin {
  source: "bundle" | "protected";
  bundle: string | null;
}

/** How many privately sent transactions' origins it remembers. */
const ORIGINS_KEPT = 50_000;

export class PrivateOrigins {
  private readonly byHash = new Map<string, PrivateOrigin>();

  remember(hash: string, origin: PrivateOrigin): void {
    this.byHash.set(hash.toLowerCase(), origin);
    if (this.byHash.size > ORIGINS_KEPT) this.byHash.delete(this.byHash.keys().next().value!);
  }

  /** Whether (and how) a transaction reached the builder privately. */
  originOf(hash: string): PrivateOrigin | undefined {
    return this.byHash.get(hash.toLowerCase());
  }

  clear(): void {
    this.byHash.clear();
  }
}
