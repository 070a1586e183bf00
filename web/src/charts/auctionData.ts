/**
 * The auction's answer key: each bid against the value of the opportunity it bids for, bid after
 * bid, one series per bot, the winners apart. Values as plotting numbers (drawing only). Pure.
 */
import type { AuctionBid } from "../../../server/events";
import { formatTokenAmount, plotValue } from "../format";

export interface AuctionSeries {
  /** Bid numbers, 1 to n, in the order the bids were made. */
  order: number[];
  /** The opportunity's value at each bid. */
  value: number[];
  /** One series per bot: its bid where the bid is its own, null elsewhere. */
  bots: { bot: string; bids: (number | null)[] }[];
  /** The winning bids' amounts, null elsewhere. */
  won: (number | null)[];
  /** Every bid in words, for screen readers: "1: rival bids 0.01 ETH (won); …". */
  words: string;
}

export function auctionSeries(bids: readonly AuctionBid[], won: ReadonlySet<AuctionBid>): AuctionSeries {
  const bots = [...new Set(bids.map((b) => b.bot))];
  const amount = (b: AuctionBid) => plotValue(b.bid.amount, b.bid.decimals);
  return {
    order: bids.map((_, i) => i + 1),
    value: bids.map((b) => plotValue(b.value.amount, b.value.decimals)),
    bots: bots.map((bot) => ({ bot, bids: bids.map((b) => (b.bot === bot ? amount(b) : null)) })),
    won: bids.map((b) => (won.has(b) ? amount(b) : null)),
    words: bids
      .map((b, i) => `${i + 1}: ${b.bot} bids ${formatTokenAmount(b.bid)}${won.has(b) ? " (won)" : ""}`)
      .join("; "),
  };
}
