/** The auction, drawn: each bid against the value of the opportunity it bids for, the winners ringed. */
import type { AuctionBid } from "../../../server/events";
import { auctionSeries } from "./auctionData";
import { chartFigure } from "./plot";

export function auctionChart(
  bids: readonly AuctionBid[],
  won: ReadonlySet<AuctionBid>,
  title: string,
  testId = "bid-chart",
): HTMLElement {
  const series = auctionSeries(bids, won);
  const symbol = bids[0]?.bid.symbol ?? "ETH";
  const winners = series.won.filter((w) => w !== null).length;
  return chartFigure({
    testId,
    title,
    description: series.words,
    xLabel: "bid № (in the order made)",
    yLabel: symbol,
    xs: series.order,
    series: [
      ...series.bots.map((b, i) => ({
        label: `${b.bot}'s bid`,
        kind: "move" as const,
        style: i % 3,
        values: b.bids,
      })),
      { label: "the opportunity's value", kind: "points", style: 3, values: series.value },
      ...(winners > 0 ? [{ label: "won", kind: "ring" as const, style: 3, values: series.won }] : []),
    ],
    data: { winners: String(winners) },
  });
}
