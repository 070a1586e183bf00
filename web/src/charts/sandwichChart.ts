/**
 * The sandwich's answer key, drawn: the searcher's profit against frontrun size with the victim's
 * slippage wall and the bot's choice, and the pool's x·y = k curve with the three swaps on it.
 */
import { formatAmount } from "../../../server/format";
import { chartFigure } from "./plot";
import { type SandwichChartInputs, sandwichMoves, sandwichProfitCurve } from "./sandwichData";

type DecimalsOf = (symbol: string) => number;

const toNumber = (amount: bigint, decimals: number) =>
  Number(formatAmount(amount, decimals, 6).replaceAll(",", ""));

/**
 * Profit before gas against the frontrun: solid up to the wall, dashed past it (the victim reverts);
 * the gas cost as a rule the profit must clear.
 */
export function sandwichProfitChart(input: SandwichChartInputs, decimalsOf: DecimalsOf): HTMLElement {
  const curve = sandwichProfitCurve(input);
  const dIn = decimalsOf(input.tokenIn);
  const value = (v: bigint) => toNumber(v, dIn);
  const chosen = curve.chosen;
  const words =
    `Profit before gas against frontrun size, 0 to ${formatAmount(curve.points.at(-1)!.size, dIn, 4)} ${input.tokenIn}. ` +
    `The victim's slippage limit allows at most ${formatAmount(curve.wall.amountIn, dIn, 6)} ${input.tokenIn}; past it the victim's swap reverts. ` +
    (chosen
      ? `The bot chose ${formatAmount(chosen.size, dIn, 6)} ${input.tokenIn}, for ${formatAmount(chosen.profit, dIn, 6)} ${input.tokenIn} before ${formatAmount(input.params.gasCost ?? 0n, dIn, 6)} of gas.`
      : "The bot declined.");
  return chartFigure({
    testId: "answer-sandwich-profit",
    title: "Searcher's profit against frontrun size",
    description: words,
    xLabel: `frontrun (${input.tokenIn})`,
    yLabel: `profit before gas (${input.tokenIn})`,
    xs: curve.points.map((p) => value(p.size)),
    series: [
      {
        label: "profit (victim's swap goes through)",
        kind: "line",
        style: 0,
        values: curve.points.map((p) => (p.victimReverts ? null : value(p.profit))),
      },
      {
        label: "profit (victim's swap reverts)",
        kind: "line",
        style: 1,
        values: curve.points.map((p) => (p.victimReverts ? value(p.profit) : null)),
      },
      ...(chosen
        ? [
            {
              label: `the bot's frontrun: ${formatAmount(chosen.size, dIn, 4)} ${input.tokenIn}`,
              kind: "ring" as const,
              style: 2,
              values: curve.points.map((p) => (p.size === chosen.size ? value(p.profit) : null)),
            },
          ]
        : []),
    ],
    rules: [
      { axis: "x", at: value(curve.wall.amountIn), label: "the wall: the victim's slippage limit" },
      { axis: "y", at: value(input.params.gasCost ?? 0n), label: "gas: the profit must clear it" },
    ],
    data: { chosen: chosen ? chosen.size.toString() : "", wall: curve.wall.amountIn.toString() },
  });
}

/** The pool's reserves on x·y = k, and the front-run, victim and back-run as moves between them. */
export function sandwichCurveChart(input: SandwichChartInputs, decimalsOf: DecimalsOf): HTMLElement | null {
  if (input.chosen === null) return null;
  const moves = sandwichMoves(input.params, input.chosen);
  const [dIn, dOut] = [decimalsOf(input.tokenIn), decimalsOf(input.tokenOut)];
  const [start, front, victim, back] = moves.states;
  const xs = [...new Set([...moves.curve.map((p) => p.x), start.x, front.x, victim.x, back.x])].sort(
    (a, b) => (a < b ? -1 : a > b ? 1 : 0),
  );
  const k = start.x * start.y;
  const move = (from: typeof start, to: typeof start) =>
    xs.map((x) => (x === from.x ? toNumber(from.y, dOut) : x === to.x ? toNumber(to.y, dOut) : null));
  return chartFigure({
    testId: "answer-sandwich-curve",
    title: "The pool's x·y = k, and the three swaps",
    description:
      `Reserves of ${input.tokenIn} and ${input.tokenOut}: the front-run moves them from ${formatAmount(start.x, dIn, 2)} to ${formatAmount(front.x, dIn, 2)} ${input.tokenIn}, ` +
      `the victim to ${formatAmount(victim.x, dIn, 2)}, the back-run back to ${formatAmount(back.x, dIn, 2)}.`,
    xLabel: `reserve of ${input.tokenIn}`,
    yLabel: `reserve of ${input.tokenOut}`,
    xs: xs.map((x) => toNumber(x, dIn)),
    series: [
      {
        label: "x·y = k",
        kind: "line",
        style: 3,
        values: xs.map((x) => toNumber(k / x, dOut)),
      },
      { label: "① front-run", kind: "move", style: 0, values: move(start, front) },
      { label: "② victim", kind: "move", style: 1, values: move(front, victim) },
      { label: "③ back-run", kind: "move", style: 2, values: move(victim, back) },
    ],
  });
}
