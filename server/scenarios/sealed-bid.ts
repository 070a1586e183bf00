/**
 * Sealed bids: the gas auction's opportunity, sent through bundles. After bob's trade, each searcher
 * sends the builder one bundle, [its trade with no tip, a payment to the block producer]. Nobody but
 * the builder sees a bundle, so neither searcher sees the other's bid. The builder simulates both,
 * includes the one that pays more, and drops the other as a conflict: run after the winner it would
 * revert. Nothing of the loser's bundle reaches the chain. With `rounds` the opportunity comes back
 * (bob trades back and forth), and with `bandit` the arbitrageur learns its bid by Thompson sampling.
 */
import type { BundleBidding } from "../bots/kit/bidding";
import { DEFAULT_BANDIT_LEVELS } from "../bots/kit/bidding";
import type { Engine } from "../engine/engine";
import type { AuctionBid, BanditUpdated, BlockBuilt, BlockMined, SandboxEvent } from "../events";
import { formatBps } from "../format";
import { quote } from "../math/amm";
import type { ActorName } from "../world/actors";
import type { TokenSymbol } from "../world/config";
import { reservesFor, wethPrices } from "../world/market";
import type { World } from "../world/types";
import { approve, GWEI, whaleSwap } from "./actions";
import { bidsIn, eth, lastBlock, share } from "./auctionText";
import { botsFor } from "./bots";
import { defineScenario } from "./scenario";
import { inspectorVerdict, poolNamed, sentences, worldAmount } from "./text";

const percentBps = (percent: number) => Math.round(percent * 100);
const SEARCHERS: readonly ActorName[] = ["arbitrageur", "rival"];

/** bob's trade for round `round` (1-based): WETH → USDC on odd rounds, back on even ones. */
interface Trade {
  path: [TokenSymbol, TokenSymbol];
  amountIn: bigint;
}

/** Sends bob's trade of the round and mines it; returns what he got. The searchers bid after the block. */
async function openGap(engine: Engine, trade: Trade): Promise<bigint> {
  const { quote } = await whaleSwap(engine, { ...trade, tip: 2n * GWEI });
  await engine.mine();
  return quote;
}

function sealedBidsText(bids: readonly AuctionBid[]): string {
  return bids
    .map(
      (b) =>
        `${b.bot} offers ${eth(b.bid.amount)}, ${share(BigInt(b.bid.amount), BigInt(b.value.amount))} of the ${eth(b.value.amount)} the trade is worth to it after base-fee gas`,
    )
    .join("; ");
}

/** The round's result from the builder's report: the winner's bid, and the dropped bundles with why. */
function roundResult(events: readonly SandboxEvent[], bids: readonly AuctionBid[]) {
  const build = events.filter((e): e is BlockBuilt => e.type === "block:built").at(-1);
  const outcomes = build?.bundles ?? [];
  const bidOf = (bundle: string) => bids.find((b) => b.carrier === bundle);
  const included = outcomes.filter((o) => o.outcome === "included" && bidOf(o.bundle));
  const dropped = outcomes.filter((o) => o.outcome === "dropped" && bidOf(o.bundle));
  const winner = included[0] ? bidOf(included[0].bundle) : undefined;
  return { build, winner, dropped: dropped.map((o) => ({ outcome: o, bid: bidOf(o.bundle)! })) };
}

async function nonces(world: World): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const name of SEARCHERS)
    out[name] = await world.chain.provider.getTransactionCount(world.actors[name].address);
  return out;
}

export const sealedBid = defineScenario({
  name: "sealed-bid",
  description:
    "the same opportunity through bundles: sealed bids paid to the builder; the better one lands, the other leaves no trace",
  params: {
    whaleSize: {
      kind: "amount",
      symbol: "WETH",
      decimals: 18,
      description: "how much WETH bob sells on DEX A (in even rounds he sells the USDC back)",
      default: "25",
      min: "1",
      max: "100",
    },
    rounds: {
      kind: "number",
      integer: true,
      description: "how many times the opportunity comes back (bob trades back and forth)",
      default: 1,
      min: 1,
      max: 50,
    },
    bandit: {
      kind: "boolean",
      description: `the arbitrageur picks its bid by Thompson sampling over ${DEFAULT_BANDIT_LEVELS.map((b) => `${b / 100}%`).join(", ")} of the value`,
      default: false,
    },
    arbitrageurBid: {
      kind: "number",
      unit: "%",
      description: "the share of the value the arbitrageur pays the builder (without the bandit)",
      default: 90,
      min: 1,
      max: 100,
    },
    rivalBid: {
      kind: "number",
      unit: "%",
      description: "the share of the value the rival pays the builder",
      default: 75,
      min: 1,
      max: 100,
    },
    rivalSpread: {
      kind: "number",
      unit: "%",
      description:
        "when above 0, the rival draws its share each round uniformly within ± this of rivalBid (seeded)",
      default: 0,
      min: 0,
      max: 50,
    },
  },
  bots: (world, params) => {
    const arbitrageur: BundleBidding = params.bandit
      ? { path: "bundle", bid: { kind: "bandit", levels: DEFAULT_BANDIT_LEVELS } }
      : { path: "bundle", bid: { kind: "fixed", bps: percentBps(params.arbitrageurBid) } };
    const center = percentBps(params.rivalBid);
    const spread = percentBps(params.rivalSpread);
    const rival: BundleBidding =
      spread === 0
        ? { path: "bundle", bid: { kind: "fixed", bps: center } }
        : {
            path: "bundle",
            bid: {
              kind: "random",
              minBps: Math.max(1, center - spread),
              maxBps: Math.min(10_000, center + spread),
            },
          };
    return botsFor(world, {
      arbitrageur: { maxHops: 2, bidding: arbitrageur },
      rival: { maxHops: 2, bidding: rival },
    });
  },
  steps: [
    {
      title: "The stage: two searchers who bid through bundles",
      focus: ["block"],
      async run({ world, engine, params }) {
        const router = await world.dexes.dexA.router.getAddress();
        await approve(engine, "bob", "WETH", router);
        await approve(engine, "bob", "USDC", router);
        await engine.mine();
        const rival =
          params.rivalSpread > 0
            ? `a share drawn each round between ${Math.max(0.01, params.rivalBid - params.rivalSpread)}% and ${Math.min(100, params.rivalBid + params.rivalSpread)}%`
            : `${params.rivalBid}%`;
        const own = params.bandit
          ? `a share its bandit picks among ${DEFAULT_BANDIT_LEVELS.map((b) => `${b / 100}%`).join(", ")}`
          : `${params.arbitrageurBid}%`;
        return {
          narration:
            `${await wethPrices(world)}. The arbitrageur (#5) and its rival (#8) send their trades only as bundles: [trade with no tip, payment to the builder]. ` +
            `The arbitrageur pays ${own} of what the trade is worth after base-fee gas; the rival pays ${rival}. ` +
            `${params.rounds} round${params.rounds === 1 ? "" : "s"}.`,
        };
      },
    },
    {
      title: "bob's trade opens a gap; each searcher sends a sealed bundle",
      focus: ["auction", "answerKey", "builder"],
      async run({ world, engine, params, events }) {
        await openGap(engine, { path: ["WETH", "USDC"], amountIn: params.whaleSize });
        const bids = bidsIn(events());
        const seen = events().filter((e) => e.type === "tx:pending" && e.source === "public").length;
        return {
          narration:
            `bob sold ${worldAmount(world, params.whaleSize, "WETH")} on DEX A. Prices now: ${await wethPrices(world)}. ` +
            `Sealed bids: ${bids.length > 0 ? sealedBidsText(bids) : "none"}. The bundles went to the builder only: the public mempool shows ${seen} new transaction${seen === 1 ? "" : "s"}, so neither searcher saw the other's bid.`,
        };
      },
    },
    {
      title: "The builder includes the better-paying bundle",
      focus: ["block", "builder", "auction", "findings"],
      async run({ world, engine, events, runEvents }) {
        const before = await nonces(world);
        await engine.mine();
        const after = await nonces(world);
        const { winner, dropped } = roundResult(events(), bidsIn(runEvents()));
        const block = lastBlock(events())!;
        const losers = dropped
          .map(
            ({ outcome, bid }) =>
              `${bid.bot}'s bundle was dropped (${outcome.reason}): ${outcome.explanation}. Nothing of it is on chain: ${bid.bot}'s nonce is still ${after[bid.bot]} (it was ${before[bid.bot]}).`,
          )
          .join(" ");
        const won = winner
          ? `${winner.bot} won with ${eth(winner.bid.amount)}, ${share(BigInt(winner.bid.amount), BigInt(winner.value.amount))} of the ${eth(winner.value.amount)} the trade was worth: the builder's competition hands most of the value to the block producer.`
          : "No bundle was included.";
        return {
          narration: sentences(
            won,
            losers,
            `The builder (#9) earned ${eth(block.coinbaseTake.amount)} in block #${block.block}, read from its balance`,
            inspectorVerdict(events(), "The inspector finds no arbitrage."),
          ),
        };
      },
    },
    {
      title: "The opportunity comes back, round after round",
      focus: ["auction", "answerKey", "bandit", "actors"],
      async run({ world, engine, params, runEvents }) {
        if (params.rounds === 1)
          return { narration: "One round only: set rounds above 1 to repeat the auction." };
        for (let round = 2; round <= params.rounds; round++) {
          await openGap(engine, await tradeFor(world, round, params.whaleSize));
          await engine.mine();
        }
        return { narration: roundsSummary(runEvents(), params.rounds) };
      },
    },
  ],
});

/**
 * bob's trade in round `round`: he sells `whaleSize` WETH on odd rounds and, on even rounds, as much
 * USDC as that WETH is worth at DEX A's price, so the pools swing back and forth around their start.
 */
async function tradeFor(world: World, round: number, whaleSize: bigint): Promise<Trade> {
  if (round % 2 === 1) return { path: ["WETH", "USDC"], amountIn: whaleSize };
  const { reserveIn, reserveOut } = await reservesFor(poolNamed(world, "DEX A WETH/USDC"), "WETH");
  return { path: ["USDC", "WETH"], amountIn: quote(whaleSize, reserveIn, reserveOut) };
}

/** Wins per searcher, the winning shares, the builder's total, and what the bandit learned. */
function roundsSummary(events: readonly SandboxEvent[], rounds: number): string {
  const bids = bidsIn(events);
  const wins = new Map<string, number>();
  const shares: bigint[] = [];
  for (const build of events.filter((e): e is BlockBuilt => e.type === "block:built")) {
    for (const outcome of build.bundles.filter((o) => o.outcome === "included")) {
      const bid = bids.find((b) => b.carrier === outcome.bundle);
      if (!bid) continue;
      wins.set(bid.bot, (wins.get(bid.bot) ?? 0) + 1);
      shares.push((BigInt(bid.bid.amount) * 10_000n) / BigInt(bid.value.amount));
    }
  }
  const taken = events
    .filter((e): e is BlockMined => e.type === "block:mined")
    .reduce((sum, b) => sum + BigInt(b.coinbaseTake.amount), 0n);
  const mean = shares.length > 0 ? shares.reduce((a, b) => a + b, 0n) / BigInt(shares.length) : 0n;
  const tally = SEARCHERS.map((bot) => `${bot} ${wins.get(bot) ?? 0}`).join(", ");
  return (
    `Over ${rounds} rounds the bundles won: ${tally}. The winning bid paid on average ${formatBps(mean)} of the opportunity's value ` +
    `(last round ${shares.length > 0 ? formatBps(shares.at(-1)!) : "—"}). The builder (#9) earned ${eth(taken)} over the whole run. ${banditText(events)}`
  );
}

/** The bandit's arms after its last round, or nothing when it did not play. */
function banditText(events: readonly SandboxEvent[]): string {
  const last = events.filter((e): e is BanditUpdated => e.type === "bandit:updated").at(-1);
  if (!last) return "";
  const arms = last.arms
    .map(
      (a) =>
        `${a.bidBps / 100}%: ${a.pulls} pull${a.pulls === 1 ? "" : "s"}, ${a.wins} win${a.wins === 1 ? "" : "s"}, Beta(${a.alpha}, ${a.beta}), mean profit ${eth(a.meanProfit)}`,
    )
    .join("; ");
  const favourite = last.arms.reduce((best, a) => (a.pulls > best.pulls ? a : best));
  return `The arbitrageur's bandit, after ${last.round} rounds: ${arms}. It bid ${favourite.bidBps / 100}% most often.`;
}
