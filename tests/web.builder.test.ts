/**
 * The visualizer's reducer (web/src/model/) for private order flow: bundles received, replaced,
 * cancelled, included or dropped by the builder; the auction's bids and who won; a bandit's arms.
 * Event sequences are typed by the catalog (server/events.ts), so a change of shape fails to compile.
 */
import { describe, expect, it } from "vitest";
import type {
  AuctionBid,
  BanditArm,
  BanditUpdated,
  BlockBuilt,
  BlockMined,
  BundleOutcome,
  BundleReceived,
  BundleTx,
  MinedTx,
  RunStarted,
  SandboxEvent,
  TokenAmount,
} from "../server/events";
import { winningBids, winRateBps } from "../web/src/model/auction";
import { rolesOf } from "../web/src/model/blocks";
import { buildOf, bundleOf, pendingBundles } from "../web/src/model/builder";
import { EMPTY_STATE, reduce, replay } from "../web/src/model/reducer";

const RUN = "run-1";
const ETH = 10n ** 18n;
const eth = (wei: bigint): TokenAmount => ({ amount: wei.toString(), symbol: "ETH", decimals: 18 });
const who = (label: string) => ({ address: `0x${label.padEnd(40, "0")}`, label });
const action = (sentence: string) => ({ kind: "call", sentence, args: {} });

const started: RunStarted = {
  type: "run:started",
  runId: RUN,
  step: -1,
  scenario: "sealed-bid",
  params: {},
  seed: "1",
};

function bundleTx(hash: string, from: string, coinbasePayment = 0n, tip = 0n): BundleTx {
  return {
    hash,
    from: who(from),
    to: who("router"),
    nonce: 0,
    tip: tip.toString(),
    coinbasePayment: coinbasePayment.toString(),
    mayRevert: false,
    action: action(`${from} does ${hash}`),
  };
}

function received(
  bundle: string,
  origin: string,
  txs: BundleTx[],
  more: Partial<BundleReceived> = {},
): BundleReceived {
  return {
    type: "bundle:received",
    runId: RUN,
    step: 0,
    bundle,
    origin,
    targetBlock: 10,
    replacementUuid: null,
    replaces: null,
    txs,
    ...more,
  };
}

function minedTx(hash: string, index: number, more: Partial<MinedTx> = {}): MinedTx {
  return {
    hash,
    index,
    from: who("x"),
    to: null,
    status: "success",
    gasUsed: "21000",
    tip: "0",
    coinbaseFee: "0",
    coinbasePayment: "0",
    action: action(hash),
    source: "public",
    bundle: null,
    ...more,
  };
}

function mined(block: number, txs: MinedTx[]): BlockMined {
  return {
    type: "block:mined",
    runId: RUN,
    step: 1,
    block,
    hash: `0xblock${block}`,
    timestamp: 1_700_000_000 + block * 12,
    baseFeePerGas: "30000000000",
    gasUsed: "0",
    txs,
    coinbaseTake: eth(0n),
  };
}

function outcome(bundle: string, origin: string, txs: string[], more: Partial<BundleOutcome>): BundleOutcome {
  return {
    bundle,
    origin,
    outcome: "included",
    reason: null,
    explanation: "it pays the builder the most",
    txs,
    coinbaseDiff: (ETH / 20n).toString(),
    totalGasUsed: "200000",
    bundleGasPrice: "250000000000",
    position: 0,
    ...more,
  };
}

function built(block: number, bundles: BundleOutcome[], protectedTxs: string[] = []): BlockBuilt {
  return {
    type: "block:built",
    runId: RUN,
    step: 1,
    block,
    ordering: "gas-price",
    bundles,
    protectedTxs,
    publicTxs: 1,
  };
}

/** Two searchers' bundles for the same opportunity; the builder includes the first and drops the second. */
const searcherBundle = received("0xaaa", "searcher", [
  bundleTx("0xa1", "searcher"),
  bundleTx("0xa2", "searcher", ETH / 20n),
]);
const rivalBundle = received("0xbbb", "rival", [
  bundleTx("0xb1", "rival"),
  bundleTx("0xb2", "rival", ETH / 50n, 2n * 10n ** 9n),
]);
const block10 = mined(10, [
  minedTx("0xa1", 0, { source: "bundle", bundle: "0xaaa", coinbaseFee: "1000" }),
  minedTx("0xa2", 1, { source: "bundle", bundle: "0xaaa", coinbasePayment: (ETH / 20n).toString() }),
  minedTx("0xp1", 2, { source: "protected", coinbaseFee: "5" }),
  minedTx("0xc1", 3, { coinbaseFee: "7" }),
]);
const built10 = built(
  10,
  [
    outcome("0xaaa", "searcher", ["0xa1", "0xa2"], {}),
    outcome("0xbbb", "rival", ["0xb1", "0xb2"], {
      outcome: "dropped",
      reason: "conflict",
      explanation: "transaction 0xb1 reverts once bundle 0xaaa runs first",
      coinbaseDiff: (ETH / 50n).toString(),
      position: null,
    }),
  ],
  ["0xp1"],
);

describe("the visualizer's state: bundles", () => {
  it("keeps a received bundle pending, with its decoded transactions and what it offers the builder", () => {
    const state = replay([started, searcherBundle, rivalBundle]);
    expect(state.bundles.map((b) => b.hash)).toEqual(["0xaaa", "0xbbb"]);
    expect(pendingBundles(state).map((b) => b.origin)).toEqual(["searcher", "rival"]);
    const rival = bundleOf(state, "0xBBB")!;
    expect(rival.status).toEqual({ kind: "pending" });
    expect(rival.payments).toBe((ETH / 50n).toString());
    expect(rival.txs.map((tx) => tx.action.sentence)).toEqual(["rival does 0xb1", "rival does 0xb2"]);
    expect(rival.targetBlock).toBe(10);
  });

  it("gives each bundle the builder's outcome: included at its position with what it paid on chain, or dropped with the reason", () => {
    const state = replay([started, searcherBundle, rivalBundle, block10, built10]);
    const searcher = bundleOf(state, "0xaaa")!;
    expect(searcher.status).toEqual({
      kind: "included",
      block: 10,
      position: 0,
      explanation: "it pays the builder the most",
    });
    // Priority fees and the direct payment of its two mined transactions, not the protected or public ones.
    expect(searcher.paid).toBe((ETH / 20n + 1000n).toString());
    const rival = bundleOf(state, "0xbbb")!;
    expect(rival.status).toEqual({
      kind: "dropped",
      block: 10,
      reason: "conflict",
      explanation: "transaction 0xb1 reverts once bundle 0xaaa runs first",
    });
    expect(rival.paid).toBeNull();
    expect(rival.simulated?.coinbaseDiff).toBe((ETH / 50n).toString());
    expect(pendingBundles(state)).toEqual([]);
    expect(buildOf(state, 10)?.protectedTxs).toEqual(["0xp1"]);
    expect(buildOf(state, 10)?.ordering).toBe("gas-price");
    expect(buildOf(state, 11)).toBeUndefined();
    // The block keeps each transaction's source and bundle for the block view's groups.
    expect(state.blocks[0]!.txs.map((tx) => [tx.source, tx.bundle])).toEqual([
      ["bundle", "0xaaa"],
      ["bundle", "0xaaa"],
      ["protected", null],
      ["public", null],
    ]);
  });

  it("marks a bundle replaced by its successor (same replacementUuid), and a cancelled one cancelled", () => {
    const first = received("0x111", "api", [bundleTx("0x11", "alice")], { replacementUuid: "u-1" });
    const second = received("0x222", "api", [bundleTx("0x22", "alice", ETH)], {
      replacementUuid: "u-1",
      replaces: "0x111",
    });
    const replaced = replay([started, first, second]);
    expect(bundleOf(replaced, "0x111")!.status).toEqual({ kind: "replaced", by: "0x222" });
    expect(pendingBundles(replaced).map((b) => b.hash)).toEqual(["0x222"]);

    const cancelled = reduce(replaced, {
      type: "bundle:cancelled",
      runId: RUN,
      step: 0,
      bundle: "0x222",
      replacementUuid: "u-1",
    });
    expect(bundleOf(cancelled, "0x222")!.status).toEqual({ kind: "cancelled" });
    expect(pendingBundles(cancelled)).toEqual([]);
  });

  it("keeps one entry per bundle hash: the same bundle sent again for a later block is pending again", () => {
    const dropped = built(10, [
      outcome("0xaaa", "searcher", ["0xa1", "0xa2"], {
        outcome: "dropped",
        reason: "reverted",
        explanation: "x",
      }),
    ]);
    const again = received("0xaaa", "searcher", searcherBundle.txs, { targetBlock: 11 });
    const state = replay([started, searcherBundle, mined(10, []), dropped, again]);
    expect(state.bundles).toHaveLength(1);
    expect(state.bundles[0]!.status).toEqual({ kind: "pending" });
    expect(state.bundles[0]!.targetBlock).toBe(11);
  });

  it("lists a bundle only a build report names (sent before the run) without inventing its transactions", () => {
    const state = replay([started, mined(10, []), built10]);
    expect(state.bundles.map((b) => [b.hash, b.origin, b.status.kind, b.txs.length])).toEqual([
      ["0xaaa", "searcher", "included", 0],
      ["0xbbb", "rival", "dropped", 0],
    ]);
  });
});

function bid(
  bot: string,
  round: number,
  amount: bigint,
  carrier: string,
  more: Partial<AuctionBid> = {},
): AuctionBid {
  return {
    type: "auction:bid",
    runId: RUN,
    step: 0,
    auction: "sealed",
    bot,
    opportunity: "0xopp",
    round,
    tipPerGas: "0",
    bid: eth(amount),
    value: eth(ETH / 10n),
    carrier,
    ...more,
  };
}

describe("the visualizer's state: auctions", () => {
  it("a public bid raised by replacement (same sender and nonce) replaces the old one in the mempool", () => {
    const pending = (hash: string, tip: bigint, nonce: number, replaces: string | null): SandboxEvent => ({
      type: "tx:pending",
      runId: RUN,
      step: 0,
      hash,
      from: who("rival"),
      to: who("executor"),
      nonce,
      tip: tip.toString(),
      action: action(`rival bids ${tip}`),
      source: "public",
      replaces,
    });
    const state = replay([
      started,
      pending("0xt1", 2n, 4, null),
      pending("0xt2", 3n, 4, "0xt1"),
      pending("0xt3", 1n, 5, null),
    ]);
    expect(state.mempool.map((tx) => tx.hash)).toEqual(["0xt2", "0xt3"]);
  });

  it("keeps the bids in the order they were made; the sealed winner is the bid whose bundle was included", () => {
    const bids = [bid("searcher", 1, ETH / 20n, "0xaaa"), bid("rival", 1, ETH / 50n, "0xbbb")];
    const state = replay([started, searcherBundle, bids[0]!, rivalBundle, bids[1]!, block10, built10]);
    expect(state.bids).toEqual(bids);
    expect(winningBids(state).map((b) => b.bot)).toEqual(["searcher"]);
    // Before the block, nobody has won yet.
    expect(winningBids(replay([started, searcherBundle, bids[0]!]))).toEqual([]);
  });

  it("public auction: the bid whose transaction landed successfully wins; a replaced bid never lands", () => {
    const publicBid = (bot: string, round: number, tip: bigint, carrier: string) =>
      bid(bot, round, tip * 200_000n, carrier, { auction: "public", tipPerGas: tip.toString() });
    const bids = [
      publicBid("arbitrageur", 1, 2n * 10n ** 9n, "0xt1"),
      publicBid("rival", 1, 3n * 10n ** 9n, "0xt2"),
      publicBid("arbitrageur", 2, 4n * 10n ** 9n, "0xt3"),
    ];
    const block = mined(10, [minedTx("0xt3", 0), minedTx("0xt2", 1, { status: "reverted" })]);
    const state = replay([started, ...bids, block]);
    expect(state.bids.map((b) => [b.bot, b.round])).toEqual([
      ["arbitrageur", 1],
      ["rival", 1],
      ["arbitrageur", 2],
    ]);
    expect(winningBids(state).map((b) => b.carrier)).toEqual(["0xt3"]);
  });
});

function arm(bidBps: number, pulls: number, wins: number, meanProfit: bigint): BanditArm {
  return { bidBps, alpha: 1 + wins, beta: 1 + pulls - wins, pulls, wins, meanProfit: meanProfit.toString() };
}

function banditRound(
  bot: string,
  round: number,
  armIndex: number,
  won: boolean,
  arms: BanditArm[],
): BanditUpdated {
  return {
    type: "bandit:updated",
    runId: RUN,
    step: round,
    bot,
    round,
    arm: armIndex,
    won,
    profit: eth(won ? ETH / 100n : 0n),
    arms,
  };
}

describe("the visualizer's state: bandits", () => {
  const rounds = [
    banditRound("searcher", 1, 0, false, [arm(5000, 1, 0, 0n), arm(8000, 0, 0, 0n)]),
    banditRound("rival", 1, 1, true, [arm(5000, 0, 0, 0n), arm(8000, 1, 1, ETH / 100n)]),
    banditRound("searcher", 2, 1, true, [arm(5000, 1, 0, 0n), arm(8000, 1, 1, ETH / 100n)]),
  ];

  it("keeps each bot's latest arms and the history of its rounds", () => {
    const state = replay([started, ...rounds]);
    expect(state.bandits.map((b) => b.bot)).toEqual(["searcher", "rival"]);
    const searcher = state.bandits[0]!;
    expect(searcher.arms).toEqual(rounds[2]!.arms);
    expect(searcher.rounds).toEqual([
      { round: 1, arm: 0, won: false, profit: eth(0n) },
      { round: 2, arm: 1, won: true, profit: eth(ETH / 100n) },
    ]);
    // A round delivered twice (a replayed snapshot followed by the live event) is kept once.
    expect(reduce(state, rounds[2]!).bandits[0]!.rounds).toHaveLength(2);
  });

  it("computes an arm's win rate in basis points, exactly", () => {
    expect(winRateBps(arm(5000, 3, 1, 0n))).toBe(3333n);
    expect(winRateBps(arm(5000, 0, 0, 0n))).toBe(0n);
    expect(winRateBps(arm(5000, 4, 4, 0n))).toBe(10_000n);
  });
});

describe("the visualizer's state: joining mid-run", () => {
  const events: SandboxEvent[] = [
    started,
    searcherBundle,
    bid("searcher", 1, ETH / 20n, "0xaaa"),
    rivalBundle,
    bid("rival", 1, ETH / 50n, "0xbbb"),
    block10,
    built10,
    banditRound("searcher", 1, 0, true, [arm(5000, 1, 1, ETH / 100n)]),
  ];

  it("rebuilds the same view from the run's events at any point, as a late viewer's snapshot does", () => {
    const live = events.reduce(reduce, EMPTY_STATE);
    for (let cut = 1; cut < events.length; cut++) {
      const joined = events.slice(cut).reduce(reduce, replay(events.slice(0, cut)));
      expect(joined).toEqual(live);
    }
    expect(JSON.stringify(replay(events))).toBe(JSON.stringify(live));
  });

  it("forgets the bundles, builds, bids and bandits of the previous run when a new one starts", () => {
    const again = reduce(replay(events), { ...started, runId: "run-2" });
    expect([again.bundles, again.builds, again.bids, again.bandits]).toEqual([[], [], [], []]);
  });
});

describe("the visualizer's state: roles in JIT and back-run findings", () => {
  it("names the victim's transaction in a JIT or back-run finding, and the others by the finding's kind", () => {
    const victim = {
      actor: who("alice"),
      tx: "0xv",
      actualOut: eth(1n),
      counterfactualOut: eth(1n),
      loss: eth(0n),
    };
    expect(rolesOf({ kind: "jit", txs: ["0xadd", "0xv", "0xremove"], victim })).toEqual([
      "jit",
      "victim",
      "jit",
    ]);
    expect(rolesOf({ kind: "backrun", txs: ["0xv", "0xb"], victim })).toEqual(["victim", "backrun"]);
    expect(rolesOf({ kind: "backrun", txs: ["0xb"] })).toEqual(["backrun"]);
  });
});
