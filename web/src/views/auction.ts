/**
 * The auction's bids over time: x = the order bids were made, y = the bid in ETH, one series per
 * bot (marker shape and dash differ, each line labelled), the opportunity's value as a grey tick
 * above each bid, and the winning bids ringed and labelled "won". A table below says the same in words.
 */
import type { AuctionBid } from "../../../server/events";
import { type Child, h, s } from "../dom";
import { formatTokenAmount, gweiText, plotValue, shortHash } from "../format";
import { type AuctionSlice, winningBids } from "../model/auction";
import type { BlocksSlice } from "../model/blocks";
import type { BuilderSlice } from "../model/builder";

const WIDTH = 440;
const HEIGHT = 180;
const PAD = { left: 64, right: 96, top: 16, bottom: 30 };
/** Up to this many winning bids, each is also labelled "won" in words (more would overlap). */
const WON_LABELS = 3;
const DASHES = ["", "10 6", "3 5", "14 4 3 4"];
/** Rows of the bids table: the latest ones. */
const TABLE_ROWS = 12;

function marker(series: number, x: number, y: number): SVGElement {
  const cls = `marker series-${series % 4}`;
  if (series % 2 === 0) return s("circle", { cx: x, cy: y, r: 5, class: cls });
  return s("rect", { x: x - 4.5, y: y - 4.5, width: 9, height: 9, class: cls });
}

function bidChart(bids: readonly AuctionBid[], won: Set<AuctionBid>): SVGElement {
  const bots = [...new Set(bids.map((b) => b.bot))];
  const ys = bids.flatMap((b) => [
    plotValue(b.bid.amount, b.bid.decimals),
    plotValue(b.value.amount, b.value.decimals),
  ]);
  const high = Math.max(...ys, 0) * 1.1 || 1;
  const xOf = (i: number) =>
    PAD.left + (bids.length === 1 ? 0.5 : i / (bids.length - 1)) * (WIDTH - PAD.left - PAD.right);
  const yOf = (v: number) => PAD.top + (1 - v / high) * (HEIGHT - PAD.top - PAD.bottom);
  const symbol = bids[0]!.bid.symbol;
  const children: Child[] = [
    s("title", {}, "Bids over time, per bot"),
    s(
      "desc",
      {},
      bids
        .map((b, i) => `${i + 1}: ${b.bot} bids ${formatTokenAmount(b.bid)}${won.has(b) ? " (won)" : ""}`)
        .join("; "),
    ),
    s("line", { x1: PAD.left, x2: PAD.left, y1: PAD.top, y2: HEIGHT - PAD.bottom, class: "axis" }),
    s("line", {
      x1: PAD.left,
      x2: WIDTH - PAD.right,
      y1: HEIGHT - PAD.bottom,
      y2: HEIGHT - PAD.bottom,
      class: "axis",
    }),
    [high / 1.1, 0].map((v) =>
      s(
        "text",
        { x: PAD.left - 6, y: yOf(v) + 4, class: "tick", "text-anchor": "end" },
        v.toLocaleString("en-US", { maximumFractionDigits: 4 }),
      ),
    ),
    s(
      "text",
      { x: (PAD.left + WIDTH - PAD.right) / 2, y: HEIGHT - 8, class: "tick", "text-anchor": "middle" },
      `bid № → (${symbol})`,
    ),
  ];
  // The opportunity's value, above each bid: how close a bid came to giving it all away.
  bids.forEach((b, i) => {
    const y = yOf(plotValue(b.value.amount, b.value.decimals));
    children.push(s("line", { x1: xOf(i) - 6, x2: xOf(i) + 6, y1: y, y2: y, class: "value-tick" }));
  });
  bots.forEach((bot, series) => {
    const points = bids.map((b, i) => ({ b, i })).filter(({ b }) => b.bot === bot);
    const d = points
      .map(({ b, i }, j) => `${j === 0 ? "M" : "L"}${xOf(i)},${yOf(plotValue(b.bid.amount, b.bid.decimals))}`)
      .join("");
    const cls = `series-${series % 4}`;
    children.push(s("path", { d, class: `line ${cls}`, "stroke-dasharray": DASHES[series % DASHES.length] }));
    for (const { b, i } of points) {
      const x = xOf(i);
      const y = yOf(plotValue(b.bid.amount, b.bid.decimals));
      children.push(marker(series, x, y));
      if (won.has(b)) {
        children.push(s("circle", { cx: x, cy: y, r: 9, class: "winner-ring", "data-testid": "bid-winner" }));
        if (won.size <= WON_LABELS)
          children.push(s("text", { x, y: y - 13, class: "winner-label", "text-anchor": "middle" }, "won"));
      }
    }
    const last = points[points.length - 1]!;
    children.push(
      s(
        "text",
        {
          x: xOf(last.i) + 12,
          y: yOf(plotValue(last.b.bid.amount, last.b.bid.decimals)) + 4 + (series % 2 === 0 ? -6 : 8),
          class: `end-label ${cls}`,
        },
        bot,
      ),
    );
  });
  return s(
    "svg",
    {
      viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
      role: "img",
      class: "chart",
      "data-testid": "bid-chart",
      "aria-label": `${bids.length} bids by ${bots.join(" and ")}; grey ticks mark each opportunity's value`,
    },
    children,
  );
}

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
  const bots = [...new Set(bids.map((b) => b.bot))];
  const opportunities = new Set(bids.map((b) => b.opportunity)).size;
  const first = Math.max(0, bids.length - TABLE_ROWS);
  return [
    h(
      "figure",
      { class: "chart-figure" },
      h(
        "figcaption",
        {},
        h(
          "strong",
          {},
          `${bids.length} bid${bids.length === 1 ? "" : "s"} for ${opportunities} opportunit${opportunities === 1 ? "y" : "ies"}`,
        ),
        bots.map((bot, i) =>
          h(
            "span",
            { class: `legend series-${i % 4}` },
            h("span", { class: `swatch dash-${i % 4}`, "aria-hidden": "true" }),
            bot,
          ),
        ),
        h(
          "span",
          { class: "legend muted" },
          h("span", { class: "swatch value", "aria-hidden": "true" }),
          "value",
        ),
      ),
      bidChart(bids, won),
    ),
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
  ];
}
