/** A pair's price on each DEX over blocks: step lines, one per DEX, told apart by dash as well as colour. */
import type { Child } from "../dom";
import { chartFigure } from "./plot";
import { type PriceLine, priceSeries } from "./priceData";

export function priceChart(
  title: Child,
  quoteUnit: string,
  lines: readonly PriceLine[],
  runBlocks: readonly number[],
  description: string,
): HTMLElement {
  const series = priceSeries(lines, runBlocks);
  return chartFigure({
    testId: "price-chart",
    title,
    description: `Price over blocks. ${description}`,
    xLabel: "block",
    yLabel: quoteUnit,
    xs: series.blocks,
    series: lines.map((line, i) => ({
      label: line.label,
      kind: "step",
      style: i % 4,
      values: series.prices[i]!,
    })),
    height: 170,
  });
}
