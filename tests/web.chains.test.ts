/**
 * The page's two-chain view (web/src/model/chains.ts), fed with the cross-chain scenario's golden run:
 * each chain's blocks with its pool's price after each, as the run's own events say, and the bridge's
 * transfer from its lock to its release.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseJsonLines, type SandboxEvent } from "../server/events";
import { replay } from "../web/src/model/reducer";

type Of<T extends SandboxEvent["type"]> = Extract<SandboxEvent, { type: T }>;

const events = parseJsonLines(
  readFileSync(join(__dirname, "golden", "cross-chain.jsonl"), "utf8"),
  "cross-chain.jsonl",
);
const all = <T extends SandboxEvent["type"]>(type: T) => events.filter((e): e is Of<T> => e.type === type);

describe("the page's view of two chains", () => {
  const state = replay(events);

  it("opens with the bridge's terms and one column per chain, the main chain first", () => {
    const opened = all("crosschain:opened")[0]!;
    expect(state.link).toEqual({ delayBlocks: 5, feeBps: 10, relayer: opened.relayer });
    expect(state.columns.map((c) => [c.chain.id, c.pool])).toEqual([
      [31337, "DEX A WETH/USDC"],
      [31338, "Side DEX WETH/USDC"],
    ]);
  });

  it("lists the side chain's blocks with their prices, as crosschain:block says them", () => {
    const side = all("crosschain:block");
    expect(state.columns[1]!.blocks).toEqual(
      side.map((b) => ({ number: b.block, txs: b.txs.length, price: b.price })),
    );
  });

  it("lists the main chain's blocks since the bridge opened, each with the pool's price after it", () => {
    const opened = events.findIndex((e) => e.type === "crosschain:opened");
    const mined = events.slice(opened).filter((e): e is Of<"block:mined"> => e.type === "block:mined");
    const main = state.columns[0]!.blocks;
    expect(main.map((b) => [b.number, b.txs])).toEqual(mined.map((b) => [b.block, b.txs.length]));
    const updates = all("pool:updated").filter((u) => u.pool.label === "DEX A WETH/USDC");
    for (const block of main) {
      const latest = updates.filter((u) => u.block <= block.number).at(-1)!;
      expect(block.price).toEqual(latest.price);
    }
  });

  it("follows the transfer from the lock to the release", () => {
    const [locked, relayed, released] = [
      all("bridge:locked")[0]!,
      all("bridge:relayed")[0]!,
      all("bridge:released")[0]!,
    ];
    expect(state.transfers).toEqual([
      {
        transferId: locked.transferId,
        from: locked.chain,
        to: locked.toChain,
        sender: "arbitrageur",
        amountAfterFee: locked.amountAfterFee,
        fee: locked.fee,
        lockedAt: locked.block,
        relayedAt: relayed.block,
        releasableAt: relayed.releasableAtBlock,
        releasedAt: released.block,
        blocksWaited: released.blocksWaited,
      },
    ]);
  });

  it("shows nothing of a second chain in a run that has none", () => {
    const sandwich = parseJsonLines(
      readFileSync(join(__dirname, "golden", "sandwich.jsonl"), "utf8"),
      "sandwich.jsonl",
    );
    const view = replay(sandwich);
    expect([view.link, view.columns, view.transfers]).toEqual([null, [], []]);
  });
});
