/**
 * Block and log notices from the node, kept to the canonical chain. To simulate (eth_callBundle,
 * mev_simBundle, the bundles of a block being built) the builder mines blocks inside snapshots and
 * reverts them, and the node announces those blocks too: to `newHeads` and `logs` subscriptions and
 * to block and log filters. Such a block never happened, and its logs are a private bundle's swaps.
 * So a notice waits until the builder's turn is over and goes out only if its block is still on the
 * chain; filter changes are checked the same way.
 */
import type { Builder } from "../builder/builder";
import type { Eip1193Provider } from "./provider";

/** Canonical block hashes remembered (a block's logs come as several notices). */
const REMEMBERED = 256;

/** A block or a log, as the node reports it. */
interface Notice {
  hash?: unknown;
  number?: unknown;
  blockHash?: unknown;
  blockNumber?: unknown;
}

export class CanonicalNotices {
  private readonly canonical = new Set<string>();

  constructor(
    private readonly provider: Eip1193Provider,
    private readonly builder: Pick<Builder, "exclusive">,
  ) {}

  /** Whether a subscription's notice (a block header or a log) may go out; waits for the builder's turn to end. */
  keep(result: unknown): Promise<boolean> {
    const block = blockOf(result);
    if (!block) return Promise.resolve(true);
    return this.builder.exclusive(() => this.onChain(block.hash, block.number));
  }

  /**
   * What eth_getFilterChanges answered, less what belongs to blocks no longer on the chain: block
   * hashes of a block filter, or logs. The caller holds the builder's turn.
   */
  async changesOnChain(changes: unknown): Promise<unknown> {
    if (!Array.isArray(changes)) return changes;
    const kept: unknown[] = [];
    for (const change of changes) {
      const block = typeof change === "string" ? { hash: change, number: undefined } : blockOf(change);
      if (!block || (await this.onChain(block.hash, block.number))) kept.push(change);
    }
    return kept;
  }

  /** The chain was reverted or reset from outside: what was on it may be no longer. */
  forget(): void {
    this.canonical.clear();
  }

  /** Whether the block `hash` (at `number`, when known) is on the chain now. */
  private async onChain(hash: string, number: string | undefined): Promise<boolean> {
    if (this.canonical.has(hash)) return true;
    // The node still finds a reverted block by its hash: what counts is the chain's block at its number.
    const height = number ?? (await this.block("eth_getBlockByHash", hash))?.number;
    if (height === undefined || (await this.block("eth_getBlockByNumber", height))?.hash !== hash)
      return false;
    this.remember(hash);
    return true;
  }

  private block(method: string, id: string): Promise<{ hash?: string; number?: string } | null> {
    return this.provider.request({ method, params: [id, false] }) as Promise<{
      hash?: string;
      number?: string;
    } | null>;
  }

  private remember(hash: string): void {
    this.canonical.add(hash);
    if (this.canonical.size > REMEMBERED) {
      const oldest = this.canonical.values().next().value;
      if (oldest !== undefined) this.canonical.delete(oldest);
    }
  }
}

/** The block a notice belongs to: a header's own hash and number, or a log's block. */
function blockOf(result: unknown): { hash: string; number: string | undefined } | undefined {
  if (typeof result !== "object" || result === null) return undefined;
  const notice = result as Notice;
  const hash = notice.blockHash ?? notice.hash;
  const number = notice.blockNumber ?? notice.number;
  if (typeof hash !== "string") return undefined;
  return { hash, number: typeof number === "string" ? number : undefined };
}
