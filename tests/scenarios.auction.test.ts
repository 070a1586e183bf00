import type { TransactionReceipt } from "ethers";
import hre from "hardhat";
import { beforeAll, describe, expect, it } from "vitest";
import { executeGas } from "../server/bots/kit/executor";
import { PAYMENT_GAS } from "../server/bots/kit/fees";
import { BASE_FEE_PER_GAS } from "../server/chain/chain";
import { hardhatChain } from "../server/chain/hardhat";
import { CleanWorld } from "../server/engine/cleanWorld";
import type { AuctionBid, BanditUpdated, BlockBuilt, OpportunitySkipped } from "../server/events";
import type { Run } from "../server/runs/run";
import { COINBASE_ADDRESS } from "../server/world/actors";
import { TOKENS, type TokenSymbol } from "../server/world/config";
import type { World } from "../server/world/types";
import { balanceAt, blocks, lastBlock, play, startBlock, txsFrom } from "./helpers/runs";

const bidsOf = (run: Run) => run.events.filter((e): e is AuctionBid => e.type === "auction:bid");
const buildsOf = (run: Run) => run.events.filter((e): e is BlockBuilt => e.type === "block:built");
const banditOf = (run: Run) => run.events.filter((e): e is BanditUpdated => e.type === "bandit:updated");

describe("auction scenarios", () => {
  let runner: CleanWorld;
  let world: World;

  beforeAll(async () => {
    runner = await CleanWorld.create(hardhatChain(hre));
    world = runner.world;
  });

  async function receipt(hash: string): Promise<TransactionReceipt> {
    const found = await world.chain.provider.getTransactionReceipt(hash);
    if (!found) throw new Error(`${hash} was not mined`);
    return found;
  }

  /** What the producer earned in a block, from its receipts: priority fees plus ETH sent to it. */
  async function takeFromReceipts(block: number): Promise<bigint> {
    const header = await world.chain.provider.getBlock(block);
    let total = 0n;
    for (const hash of header!.transactions) {
      const r = await receipt(hash);
      const tx = await world.chain.provider.getTransaction(hash);
      total += r.gasUsed * (r.gasPrice - header!.baseFeePerGas!);
      if (tx!.to?.toLowerCase() === COINBASE_ADDRESS.toLowerCase()) total += tx!.value;
    }
    return total;
  }

  async function expectBuilderTakeMatchesReceipts(run: Run): Promise<bigint> {
    let fromReceipts = 0n;
    for (let block = startBlock(run) + 1; block <= lastBlock(run); block++)
      fromReceipts += await takeFromReceipts(block);
    const delta =
      (await balanceAt(world, "ETH", COINBASE_ADDRESS, lastBlock(run))) -
      (await balanceAt(world, "ETH", COINBASE_ADDRESS, startBlock(run)));
    expect(delta).toBe(fromReceipts);
    return delta;
  }

  describe("gas-auction (public tips, replacements)", () => {
    let run: Run;
    let bids: AuctionBid[];

    beforeAll(async () => {
      run = await play(runner, "gas-auction", {}, "gas-auction");
      bids = bidsOf(run);
    });

    it("both searchers bid for the same opportunity, each raise ≥ 10% and never above the value", () => {
      expect(new Set(bids.map((b) => b.bot))).toEqual(new Set(["arbitrageur", "rival"]));
      expect(new Set(bids.map((b) => b.opportunity)).size).toBe(1);
      expect(bids.every((b) => b.auction === "public")).toBe(true);
      for (const bot of ["arbitrageur", "rival"]) {
        const own = bids.filter((b) => b.bot === bot);
        expect(own.length).toBeGreaterThan(5);
        own.forEach((bid, i) => {
          expect(bid.round).toBe(i + 1);
          expect(BigInt(bid.bid.amount)).toBeLessThanOrEqual(BigInt(bid.value.amount));
          if (i > 0)
            expect(BigInt(bid.tipPerGas) * 10n).toBeGreaterThanOrEqual(BigInt(own[i - 1]!.tipPerGas) * 11n);
        });
      }
    });

    it("the arbitrageur (higher limit) wins; the rival stops, saying why, and its transaction lands after and reverts", async () => {
      const last = (bot: string) => bids.filter((b) => b.bot === bot).at(-1)!;
      const [win, lose] = [await receipt(last("arbitrageur").carrier), await receipt(last("rival").carrier)];
      expect(win.status).toBe(1);
      expect(lose.status).toBe(0);
      expect(lose.blockNumber).toBe(win.blockNumber);
      expect(lose.index).toBeGreaterThan(win.index);
      const stop = run.events.find(
        (e): e is OpportunitySkipped =>
          e.type === "opportunity:skipped" && e.bot === "rival" && e.reason === "outbid",
      );
      expect(stop?.explanation).toMatch(/beating it needs at least .* above its limit/);
      // Only the last bid of each was mined: every earlier one was replaced (same nonce).
      expect(txsFrom(run, "arbitrageur")).toEqual([last("arbitrageur").carrier]);
      expect(txsFrom(run, "rival")).toEqual([last("rival").carrier]);
    });

    it("the mined tips are the bids' tips, and the builder's take equals fees read from receipts", async () => {
      for (const bot of ["arbitrageur", "rival"]) {
        const bid = bids.filter((b) => b.bot === bot).at(-1)!;
        const r = await receipt(bid.carrier);
        const tx = await world.chain.provider.getTransaction(bid.carrier);
        expect(tx!.maxPriorityFeePerGas).toBe(BigInt(bid.tipPerGas));
        expect(r.gasPrice - BASE_FEE_PER_GAS).toBe(BigInt(bid.tipPerGas));
      }
      const take = await expectBuilderTakeMatchesReceipts(run);
      const winner = bids.filter((b) => b.bot === "arbitrageur").at(-1)!;
      const winFee = (await receipt(winner.carrier)).gasUsed * BigInt(winner.tipPerGas);
      // The producer gets most of what the opportunity was worth, from the winner alone.
      expect(winFee * 2n).toBeGreaterThan(BigInt(winner.value.amount));
      expect(take).toBeGreaterThan(winFee);
    });

    it("plays byte for byte the same twice", async () => {
      const first = JSON.stringify((await play(runner, "gas-auction", {}, "same")).events);
      const second = JSON.stringify((await play(runner, "gas-auction", {}, "same")).events);
      expect(second).toBe(first);
    });
  });

  describe("sealed-bid (bundles paying the builder)", () => {
    let run: Run;
    let bids: AuctionBid[];

    beforeAll(async () => {
      run = await play(runner, "sealed-bid", {}, "sealed-bid");
      bids = bidsOf(run);
    });

    it("each searcher sends one sealed bid of its share of the value", () => {
      expect(bids.map((b) => [b.bot, b.auction])).toEqual([
        ["arbitrageur", "sealed"],
        ["rival", "sealed"],
      ]);
      expect(bids[0]!.opportunity).toBe(bids[1]!.opportunity);
      const [a, r] = bids as [AuctionBid, AuctionBid];
      expect(BigInt(a.bid.amount)).toBe((BigInt(a.value.amount) * 9000n) / 10_000n);
      expect(BigInt(r.bid.amount)).toBe((BigInt(r.value.amount) * 7500n) / 10_000n);
      // Nobody saw a bundle: no bot transaction ever appeared in the public mempool.
      const pendingFromBots = run.events.filter(
        (e) => e.type === "tx:pending" && (e.from.label === "arbitrageur" || e.from.label === "rival"),
      );
      expect(pendingFromBots).toHaveLength(0);
    });

    it("the builder includes the better bid and drops the other as a conflict", async () => {
      const [a, r] = bids as [AuctionBid, AuctionBid];
      const build = buildsOf(run).find((b) => b.bundles.some((o) => o.bundle === a.carrier))!;
      const outcome = (bundle: string) => build.bundles.find((o) => o.bundle === bundle)!;
      expect(outcome(a.carrier)).toMatchObject({ outcome: "included", origin: "arbitrageur" });
      expect(outcome(r.carrier)).toMatchObject({ outcome: "dropped", reason: "conflict", origin: "rival" });
      // On chain: the trade then the payment, with no tip, paying exactly the bid.
      const [trade, payment] = outcome(a.carrier).txs as [string, string];
      expect((await receipt(trade)).status).toBe(1);
      const paid = await world.chain.provider.getTransaction(payment);
      expect(paid!.to).toBe(COINBASE_ADDRESS);
      expect(paid!.value).toBe(BigInt(a.bid.amount));
      expect((await receipt(payment)).gasPrice).toBe(BASE_FEE_PER_GAS);
      // The winning bid is most of the value.
      expect(BigInt(a.bid.amount) * 10n).toBeGreaterThanOrEqual(BigInt(a.value.amount) * 9n - 10n);
      const take = await expectBuilderTakeMatchesReceipts(run);
      expect(take).toBeGreaterThanOrEqual(BigInt(a.bid.amount));
    });

    it("nothing of the loser's bundle lands: its nonce, ETH and executor's tokens are unchanged", async () => {
      const [, r] = bids as [AuctionBid, AuctionBid];
      const build = buildsOf(run).find((b) => b.bundles.some((o) => o.bundle === r.carrier))!;
      for (const hash of build.bundles.find((o) => o.bundle === r.carrier)!.txs)
        expect(await world.chain.provider.getTransactionReceipt(hash)).toBeNull();
      expect(txsFrom(run, "rival")).toHaveLength(0);
      const rival = world.actors.rival.address;
      const provider = world.chain.provider;
      expect(await provider.getTransactionCount(rival, lastBlock(run))).toBe(
        await provider.getTransactionCount(rival, startBlock(run)),
      );
      expect(await balanceAt(world, "ETH", rival, lastBlock(run))).toBe(
        await balanceAt(world, "ETH", rival, startBlock(run)),
      );
      const executor = await world.rivalExecutor.getAddress();
      for (const { symbol } of TOKENS) {
        expect(await balanceAt(world, symbol as TokenSymbol, executor, lastBlock(run))).toBe(
          await balanceAt(world, symbol as TokenSymbol, executor, startBlock(run)),
        );
      }
    });
  });

  describe("sealed-bid with rounds and the bandit", () => {
    const ROUNDS = 8;
    let run: Run;
    /** The run's events as JSON, taken before a second run with the same id adds to them. */
    let first: string;

    beforeAll(async () => {
      run = await play(runner, "sealed-bid", { rounds: ROUNDS, bandit: true }, "bandit");
      run.dispose();
      first = JSON.stringify(run.events);
    });

    it("has one winner per round, and the bandit learns from each outcome as it happened on chain", async () => {
      const bids = bidsOf(run);
      expect(bids).toHaveLength(2 * ROUNDS);
      const updates = banditOf(run);
      expect(updates.map((u) => u.round)).toEqual(Array.from({ length: ROUNDS }, (_, i) => i + 1));
      const arbitrageurBids = bids.filter((b) => b.bot === "arbitrageur");
      for (const [i, update] of updates.entries()) {
        const bid = arbitrageurBids[i]!;
        expect(BigInt(bid.bid.amount)).toBe(
          (BigInt(bid.value.amount) * BigInt(update.arms[update.arm]!.bidBps)) / 10_000n,
        );
        const outcome = buildsOf(run)
          .flatMap((b) => b.bundles)
          .find((o) => o.bundle === bid.carrier)!;
        expect(update.won).toBe(outcome.outcome === "included");
        if (update.won) expect((await receipt(outcome.txs[0]!)).status).toBe(1);
        // What it kept, from the receipts: gross profit − gas actually paid − payment (0 when dropped).
        let kept = 0n;
        if (update.won) {
          const gross = BigInt(bid.value.amount) + (executeGas(2) + PAYMENT_GAS) * BASE_FEE_PER_GAS;
          let gas = 0n;
          for (const hash of outcome.txs) {
            const r = await receipt(hash);
            gas += r.gasUsed * r.gasPrice;
          }
          kept = gross - gas - BigInt(bid.bid.amount);
        }
        expect(BigInt(update.profit.amount)).toBe(kept);
      }
      const last = updates.at(-1)!;
      expect(last.arms.reduce((n, a) => n + a.pulls, 0)).toBe(ROUNDS);
      for (const arm of last.arms) {
        expect(arm.alpha).toBe(1 + arm.wins);
        expect(arm.beta).toBe(1 + arm.pulls - arm.wins);
      }
      const included = buildsOf(run).flatMap((b) => b.bundles.filter((o) => o.outcome === "included"));
      expect(included).toHaveLength(ROUNDS);
      await expectBuilderTakeMatchesReceipts(run);
      expect(blocks(run).length).toBe(1 + 2 * ROUNDS);
    });

    it("plays byte for byte the same twice", async () => {
      const again = await play(runner, "sealed-bid", { rounds: ROUNDS, bandit: true }, "bandit");
      // Compared as a boolean: a failure would print two runs of events.
      expect(JSON.stringify(again.events) === first).toBe(true);
    });
  });
});
