/**
 * The builder's reports of how it built recent blocks (the `block:built` event before the engine
 * stamps it with its run and step), for blocks that had a bundle or a protected transaction.
 */
import type { BlockBuilt, EventDraft } from "../events";

export type BuildReport = EventDraft<BlockBuilt>;

/** How many blocks' build reports the builder keeps. */
const REPORTS_KEPT = 64;

export class BuildReports {
  private readonly byBlock = new Map<number, BuildReport>();

  /** Keeps the report of block `number`; none (no private flow) forgets an older block's at this height. */
  record(number: number, report: BuildReport | null): void {
    if (!report) {
      this.byBlock.delete(number); // a block re-mined at this height after a snapshot revert
      return;
    }
    this.byBlock.set(number, report);
    // Reports exist only for blocks with private flow: trim by count, oldest block first.
    for (const block of [...this.byBlock.keys()].sort((a, b) => a - b)) {
      if (this.byBlock.size <= REPORTS_KEPT) break;
      this.byBlock.delete(block);
    }
  }

  reportFor(number: number): BuildReport | undefined {
    return this.byBlock.get(number);
  }

  /** The latest `count` reports, newest first. */
  recent(count: number): BuildReport[] {
    return [...this.byBlock.values()].sort((a, b) => b.block - a.block).slice(0, count);
  }

  /** Block numbers repeat after a reset: an old report must not describe a new block. */
  clear(): void {
    this.byBlock.clear();
  }
}
