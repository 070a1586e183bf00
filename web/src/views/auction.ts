/**
 * The auction's bids over time (charts/auctionChart.ts): x = the order bids were made, y = the bid
 * in ETH, one series per bot, the opportunity's value at each bid, and the winning bids ringed.
 * A table below, folded, says the same in words.
 */
import type { AuctionBid } from "../../../server/events";
import { auctionChart } from "../charts/auctionChart";
import { type Child, h } from "../dom";
import { formatTokenAmount, gweiText, shortHash } from "../format";
import { type AuctionSlice, winningBids } from "../model/auction";
import type { BlocksSlice } from "../model/blocks";
import type { BuilderSlice } from "../model/builder";

/** Rows of the bids table: the latest ones. */
const TABLE_ROWS = 12;

function bidRow(bid: AuctionBid, index: number, won: boolean): HTMLElement {
  const how =
    bid.auction === "public"
      ? `public tip ${gweiText(bid.tipPerGas)}, round ${bid.round}`
      : `sealed bundle ${shortHash(bid.carrier)}`;
  return h(
    "tr",
    { "data-testid": "bid-row", "data-bot": bid.bot, "data-won": won ? "true" : "false" },
    h("td", {}, `${index + 1}`),
    h("th", { scope: "row" }, bid.bot, h("small", { class: "how" }, how)),
    h("td", {}, formatTokenAmount(bid.bid)),
    h("td", {}, formatTokenAmount(bid.value)),
    h("td", {}, won ? "✔ won" : ""),
  );
}

export function auctionPanel(state: AuctionSlice & BuilderSlice & BlocksSlice): Child[] {
  const bids = state.bids;
  if (bids.length === 0) return [h("p", { class: "muted empty" }, "No bids yet.")];
  const won = new Set(winningBids(state));
  const opportunities = new Set(bids.map((b) => b.opportunity)).size;
  const first = Math.max(0, bids.length - TABLE_ROWS);
  return [
    auctionChart(
      bids,
      won,
      `${bids.length} bid${bids.length === 1 ? "" : "s"} for ${opportunities} opportunit${opportunities === 1 ? "y" : "ies"}`,
    ),
    // The chart shows every bid; the table, folded, says the same in words with each bid's carrier.
    h(
      "details",
      { class: "bids-table" },
      h("summary", {}, `The bids in a table (${bids.length - first} latest)`),
      h(
        "table",
        { class: "bids" },
        h("caption", { class: "visually-hidden" }, "Bids, latest last"),
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            ["№", "bot", "bid", "value", ""].map((title) => h("th", { scope: "col" }, title)),
          ),
        ),
        h(
          "tbody",
          {},
          bids.slice(first).map((bid, i) => bidRow(bid, first + i, won.has(bid))),
        ),
      ),
    ),
  ];
}
