/**
 * The cascade's chart: every borrower's health factor over blocks against the 1.0 line, falling
 * together as each liquidation's sale moves the price the oracle reads, and that price below it.
 * Lines differ by dash as well as colour; past four borrowers, marks on the points tell them apart.
 */
import { plotValue } from "../format";
import type { OracleView, PositionView } from "../model/lending";
import { healthSteps, oracleSteps, stepSeries } from "./cascadeData";
import { HEALTH_LINES } from "./liquidationData";
import { chartFigure } from "./plot";

const STYLES = 4;
const HF_DECIMALS = 18;

export function cascadeCharts(
  positions: readonly PositionView[],
  oracle: OracleView | undefined,
): HTMLElement[] {
  const health = stepSeries(healthSteps(positions));
  const words = positions
    .map((p, i) => `${p.user.label}: ${health.values[i]!.map((v) => v ?? "no debt").join(", ")}`)
    .join("; ");
  const charts = [
    chartFigure({
      testId: "cascade-health",
      title: "Health factors, block by block",
      description: `Each borrower's health factor after blocks ${health.blocks.join(", ")}, at the price the next block reads. ${words}. Below 1.0 a position can be liquidated.`,
      xLabel: "block",
      yLabel: "health factor",
      xs: health.blocks,
      series: positions.map((p, i) => ({
        label: p.user.label,
        kind: i < STYLES ? ("step" as const) : ("move" as const),
        style: i % STYLES,
        values: health.values[i]!,
      })),
      rules: [
        {
          axis: "y",
          at: plotValue(HEALTH_LINES.liquidation.toString(), HF_DECIMALS),
          label: "1.0: liquidatable below",
        },
      ],
      height: 170,
      wholeX: true,
    }),
  ];
  if (oracle && oracle.history.length >= 2) {
    const price = stepSeries([oracleSteps(`${oracle.symbol} oracle price`, oracle.history, oracle.decimals)]);
    charts.push(
      chartFigure({
        testId: "cascade-price",
        title: `The ${oracle.symbol} price the lending pool reads`,
        description: `The oracle's ${oracle.symbol} price after blocks ${price.blocks.join(", ")}: ${price.values[0]!.join(", ")} USD.`,
        xLabel: "block",
        yLabel: "USD",
        xs: price.blocks,
        series: [{ label: `${oracle.symbol} (oracle)`, kind: "step", style: 0, values: price.values[0]! }],
        height: 140,
        wholeX: true,
      }),
    );
  }
  return charts;
}
