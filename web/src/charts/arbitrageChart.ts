/** The arbitrage's answer key, drawn: profit against input along the cycle, the optimum and the bot's input. */
import { formatAmount } from "../../../server/format";
import { type ArbitrageChartInputs, arbitrageCurve } from "./arbitrageData";
import { chartFigure } from "./plot";

const toNumber = (amount: bigint, decimals: number) =>
  Number(formatAmount(amount, decimals, 6).replaceAll(",", ""));

export function arbitrageChart(input: ArbitrageChartInputs, decimals: number): HTMLElement {
  const curve = arbitrageCurve(input);
  const token = input.startToken;
  const value = (v: bigint) => toNumber(v, decimals);
  const at = (size: bigint, profit: bigint) =>
    curve.points.map((p) => (p.size === size ? value(profit) : null));
  const { optimum, chosen } = curve;
  const text = (v: bigint) => `${formatAmount(v, decimals, 6)} ${token}`;
  return chartFigure({
    testId: "answer-arbitrage",
    title: `Profit against input: ${input.route.length} hops, ${input.route.join(", ")}`,
    description:
      `Profit before gas against the input of ${token}. The optimum is ${text(optimum.amountIn)} for ${text(optimum.profit)}` +
      (chosen ? `; the bot sent ${text(chosen.size)} for ${text(chosen.profit)}.` : "; the bot declined."),
    xLabel: `input (${token})`,
    yLabel: `profit before gas (${token})`,
    xs: curve.points.map((p) => value(p.size)),
    series: [
      {
        label: "profit along the cycle",
        kind: "line",
        style: 0,
        values: curve.points.map((p) => value(p.profit)),
      },
      {
        label: `optimum: ${text(optimum.amountIn)}`,
        kind: "points",
        style: 2,
        values: at(optimum.amountIn, optimum.profit),
      },
      ...(chosen
        ? [
            {
              label: `the bot's input: ${text(chosen.size)}`,
              kind: "ring" as const,
              style: 1,
              values: at(chosen.size, chosen.profit),
            },
          ]
        : []),
    ],
    rules: [{ axis: "y", at: 0, label: "break-even" }],
    data: { optimum: optimum.amountIn.toString(), chosen: chosen ? chosen.size.toString() : "" },
  });
}
