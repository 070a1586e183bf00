/**
 * The page's reducer on the mev-share run (its golden trace): the block that holds the back-run
 * carries the refund the builder paid, which the block panel shows as one line.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseJsonLines, type RefundPaid } from "../server/events";
import { blockToShow } from "../web/src/model/blocks";
import { replay } from "../web/src/model/reducer";

describe("the page's blocks on the mev-share run", () => {
  it("keep each refund with the block it was paid in, beside the transfer that paid it", () => {
    const events = parseJsonLines(
      readFileSync(join(__dirname, "golden", "mev-share.jsonl"), "utf8"),
      "mev-share.jsonl",
    );
    const paid = events.filter((e): e is RefundPaid => e.type === "refund:paid");
    expect(paid).toHaveLength(1);
    const state = replay(events);
    const block = blockToShow(state, null)!;
    expect(block.number).toBe(paid[0]!.block);
    expect(block.refunds).toEqual(paid);
    const transfer = block.txs.find((tx) => tx.hash === paid[0]!.refundTx)!;
    expect(transfer.from.label).toBe("builder");
    expect(transfer.to?.label).toBe("alice");
    expect(state.blocks.filter((b) => b.number !== block.number).every((b) => b.refunds.length === 0)).toBe(
      true,
    );
  });
});
