/**
 * Gas auction: bob's large sale on DEX A opens one arbitrage, and two searchers (the arbitrageur and
 * its rival, each with its own executor) see it at once. Both send it publicly; each sees the other's
 * transaction in the mempool and replaces its own with a higher tip (a replacement needs +10%), until
 * one reaches the most it will pay. The block producer orders by tip, so the highest bidder lands first
 * and most of the opportunity's value goes to the producer as priority fees; the other transaction
 * lands after it, finds the prices closed, and reverts, paying for its gas anyway.
 */
import type { MinedTx } from "../events";
import { formatGwei } from "../format";
import { wethPrices } from "../world/market";
import { approve, GWEI, whaleSwap } from "./actions";
import { bidCarrying, bidsIn, builderTakeOf, eth, lastBlock, publicBidsText, share } from "./auctionText";
import { botsFor } from "./bots";
import { defineScenario } from "./scenario";
import { decisionsIn, inspectorVerdict, sentences, worldAmount } from "./text";

const percentBps = (percent: number) => Math.round(percent * 100);

/** Both searchers' trades were mined at the same tip. */
function tied(winner: MinedTx, loser: MinedTx | undefined): boolean {
  return loser !== undefined && loser.tip === winner.tip;
}

export const gasAuction = defineScenario({
  name: "gas-auction",
  description:
    "two arbitrageurs see the same gap and bid tips up in public; the block producer collects most of the value",
  params: {
    whaleSize: {
      kind: "amount",
      symbol: "WETH",
      decimals: 18,
      description: "how much WETH bob sells on DEX A",
      default: "25",
      min: "1",
      max: "100",
    },
    bump: {
      kind: "number",
      unit: "%",
      description: "how far above the rival's tip each searcher goes when outbid (a replacement needs ≥ 10%)",
      default: 25,
      min: 10,
      max: 100,
    },
    arbitrageurLimit: {
      kind: "number",
      unit: "%",
      description: "the most of the opportunity's value the arbitrageur pays in tips",
      default: 95,
      min: 1,
      max: 100,
    },
    rivalLimit: {
      kind: "number",
      unit: "%",
      description: "the most of the opportunity's value the rival pays in tips",
      default: 90,
      min: 1,
      max: 100,
    },
  },
  bots: (world, params) => {
    const bidding = (limit: number) => ({
      path: "public" as const,
      bumpBps: percentBps(params.bump),
      maxShareBps: percentBps(limit),
    });
    // Two-pool cycles only: the auction is for the one gap bob opens.
    return botsFor(world, {
      arbitrageur: { maxHops: 2, bidding: bidding(params.arbitrageurLimit) },
      rival: { maxHops: 2, bidding: bidding(params.rivalLimit) },
    });
  },
  steps: [
    {
      title: "The stage: two searchers watch the same pools",
      focus: ["pools"],
      async run({ world, engine, params }) {
        await approve(engine, "bob", "WETH", await world.dexes.dexA.router.getAddress());
        await engine.mine();
        return {
          narration:
            `${await wethPrices(world)}. The arbitrageur (#5) and its rival (#8) each run the same search with their own executor. ` +
            `Both send trades publicly; when outbid, each raises its tip ${params.bump}% above the other's, the arbitrageur up to ${params.arbitrageurLimit}% ` +
            `and the rival up to ${params.rivalLimit}% of what the trade is worth after base-fee gas.`,
        };
      },
    },
    {
      title: "bob sells WETH on DEX A; both searchers bid for the gap in public",
      focus: ["mempool", "auction", "answerKey"],
      async run({ world, engine, params, events }) {
        const { quote } = await whaleSwap(engine, {
          path: ["WETH", "USDC"],
          amountIn: params.whaleSize,
          tip: 2n * GWEI,
        });
        // Mines bob's trade; the searchers see the new prices, send, see each other, and bid.
        await engine.mine();
        const bids = bidsIn(events());
        const { text, formulas } = decisionsIn(events());
        return {
          narration:
            `bob sold ${worldAmount(world, params.whaleSize, "WETH")} for ${worldAmount(world, quote, "USDC")} on DEX A. Prices now: ${await wethPrices(world)}. ` +
            `${text || "No bot reacted to the new block."}\nThe auction, in the mempool: ${bids.length > 0 ? publicBidsText(bids) : "no bids"}.`,
          formulas,
        };
      },
    },
    {
      title: "The block: the highest tip lands first",
      focus: ["block", "auction", "findings", "actors"],
      async run({ world, engine, events, runEvents }) {
        await engine.mine();
        const block = lastBlock(events())!;
        const bids = bidsIn(runEvents());
        const lines = block.txs.map((tx) => {
          const bid = bidCarrying(bids, tx.hash);
          const who = bid ? `${bid.bot}'s trade` : tx.action.sentence;
          const paid = builderTakeOf(tx);
          const what = bid
            ? `, worth ${eth(bid.value.amount)} to it: it paid the builder ${eth(paid)} (${share(paid, BigInt(bid.value.amount))} of that value)`
            : "";
          return `${tx.index + 1}. ${who} at ${formatGwei(BigInt(tx.tip))} tip, ${tx.gasUsed} gas, ${tx.status === "success" ? "succeeded" : "REVERTED"}${what}`;
        });
        const winner = block.txs.find((tx) => tx.status === "success" && bidCarrying(bids, tx.hash));
        const loser = block.txs.find((tx) => tx.status === "reverted" && bidCarrying(bids, tx.hash));
        const verdict = winner
          ? `${bidCarrying(bids, winner.hash)!.bot} won the auction${tied(winner, loser) ? ": the tips are equal, because neither could raise by the 10% a replacement needs within its limit, and the builder keeps arrival order between equal tips" : ""}.` +
            (loser
              ? ` ${bidCarrying(bids, loser.hash)!.bot}'s transaction ran after it, found the gap closed (its minProfit covers its gas), reverted, and still paid ${eth(builderTakeOf(loser))} in tips.`
              : "")
          : "No searcher's trade succeeded.";
        return {
          narration: sentences(
            `Block #${block.block} holds, in order: ${lines.join("; ")}`,
            verdict,
            `The builder (#9) earned ${eth(block.coinbaseTake.amount)} in this block, read from its balance`,
            inspectorVerdict(events(), "The inspector finds no arbitrage."),
            `Prices after: ${await wethPrices(world)}`,
          ),
        };
      },
    },
  ],
});
