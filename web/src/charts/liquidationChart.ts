/**
 * The liquidation's answer key, drawn: the position's health factor over blocks against the 1.0 and
 * 0.95 lines, and the collateral seized for each amount repaid, with and without the bonus.
 */
import { formatAmount } from "../../../server/format";
import type { HealthPoint } from "../model/lending";
import { HEALTH_LINES, healthSeries, type LiquidationChartInputs, seizedCurve } from "./liquidationData";
import { chartFigure } from "./plot";

const toNumber = (amount: bigint, decimals: number | bigint) =>
  Number(formatAmount(amount, Number(decimals), 6).replaceAll(",", ""));
const HF_DECIMALS = 18;

/** `read`: the health factor the liquidator computed at its decision (a pending oracle price included). */
export function healthChart(
  user: string,
  history: readonly HealthPoint[],
  decision: { block: number; healthFactor: bigint | null },
): HTMLElement {
  const series = healthSeries(history);
  const blocks = [...new Set([...series.blocks, decision.block])].sort((a, b) => a - b);
  const hfAt = (block: number) => {
    const i = series.blocks.lastIndexOf(block);
    const hf = i < 0 ? undefined : series.healthFactors[i];
    return hf === undefined || hf === null ? null : toNumber(hf, HF_DECIMALS);
  };
  const read = decision.healthFactor;
  return chartFigure({
    testId: "answer-health",
    title: `${user}'s health factor over blocks`,
    description:
      `${user}'s health factor at blocks ${blocks.join(", ")}: ${blocks.map((b) => hfAt(b) ?? "none").join(", ")}. ` +
      `Below 1.0 the position can be liquidated; at or below 0.95 its whole debt may be repaid at once.`,
    xLabel: "block",
    yLabel: "health factor",
    xs: blocks,
    series: [
      { label: "health factor", kind: "step", style: 0, values: blocks.map(hfAt) },
      ...(read === null
        ? []
        : [
            {
              label: `what the liquidator read at #${decision.block}: ${formatAmount(read, HF_DECIMALS, 4)}`,
              kind: "ring" as const,
              style: 1,
              values: blocks.map((b) => (b === decision.block ? toNumber(read, HF_DECIMALS) : null)),
            },
          ]),
    ],
    rules: [
      { axis: "y", at: toNumber(HEALTH_LINES.liquidation, HF_DECIMALS), label: "1.0: liquidatable below" },
      {
        axis: "y",
        at: toNumber(HEALTH_LINES.closeFactor, HF_DECIMALS),
        label: "0.95: at or below, the close factor is 100%",
      },
    ],
  });
}

export function seizedChart(input: LiquidationChartInputs): HTMLElement {
  const curve = seizedCurve(input);
  const [debt, coll] = [input.debtDecimals, input.collateralDecimals];
  const bonus = formatAmount(input.bonusBps - 10_000n, 2);
  const chosen = curve.chosen;
  const text = (v: bigint, d: bigint, symbol: string) => `${formatAmount(v, Number(d), 4)} ${symbol}`;
  return chartFigure({
    testId: "answer-seized",
    title: "Collateral seized for the debt repaid",
    description:
      `Repaying ${input.debtSymbol} seizes ${input.collateralSymbol} worth the debt at the oracle prices plus a ${bonus}% bonus, ` +
      `up to all ${text(input.collateral, coll, input.collateralSymbol)}. The close factor lets one liquidation repay at most ${text(curve.closeFactorDebt, debt, input.debtSymbol)}` +
      (chosen
        ? `; the liquidator repays ${text(chosen.repaid, debt, input.debtSymbol)} for ${text(chosen.seized, coll, input.collateralSymbol)}.`
        : "."),
    xLabel: `debt repaid (${input.debtSymbol})`,
    yLabel: `collateral (${input.collateralSymbol})`,
    xs: curve.points.map((p) => toNumber(p.repaid, debt)),
    series: [
      {
        label: `seized, with the ${bonus}% bonus`,
        kind: "line",
        style: 0,
        values: curve.points.map((p) => toNumber(p.seized, coll)),
      },
      {
        label: "the debt's worth at oracle prices",
        kind: "line",
        style: 1,
        values: curve.points.map((p) => toNumber(p.atPrice, coll)),
      },
      ...(chosen
        ? [
            {
              label: `the liquidator's repayment: ${text(chosen.repaid, debt, input.debtSymbol)}`,
              kind: "ring" as const,
              style: 2,
              values: curve.points.map((p) =>
                p.repaid === chosen.repaid ? toNumber(chosen.seized, coll) : null,
              ),
            },
          ]
        : []),
    ],
    rules: [{ axis: "x", at: toNumber(curve.closeFactorDebt, debt), label: "the close factor's limit" }],
    data: { chosen: chosen ? chosen.repaid.toString() : "" },
  });
}
