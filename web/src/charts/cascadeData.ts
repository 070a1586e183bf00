/**
 * The cascade drawn: every borrower's health factor over blocks, one step line each (a health factor
 * holds until the next block that moves it), and the oracle's WETH price beside them. Plotting
 * numbers (drawing only). Pure.
 */
import { plotValue } from "../format";
import type { OraclePoint, PositionView } from "../model/lending";

/** A value reported at some blocks: null where there is none to plot (no debt, or not yet known). */
export interface Steps {
  label: string;
  points: readonly { block: number; value: number | null }[];
}

export interface StepSeries {
  /** Every block where a line changes. */
  blocks: number[];
  /** One per line: its value at each of `blocks`, held from the last block that reported one. */
  values: (number | null)[][];
}

/** Lines reported at different blocks, on the blocks of all of them. */
export function stepSeries(lines: readonly Steps[]): StepSeries {
  const blocks = [...new Set(lines.flatMap((l) => l.points.map((p) => p.block)))].sort((a, b) => a - b);
  const values = lines.map((line) =>
    blocks.map((block) => line.points.filter((p) => p.block <= block).at(-1)?.value ?? null),
  );
  return { blocks, values };
}

/** Each borrower's health factor as its reports gave it (none without debt). */
export function healthSteps(positions: readonly PositionView[]): Steps[] {
  return positions.map((position) => ({
    label: position.user.label,
    points: position.history.map((point) => ({
      block: point.block,
      value: point.healthFactor === "max" ? null : plotValue(point.healthFactor, 18),
    })),
  }));
}

/** The oracle's price as it reported it, in dollars. */
export function oracleSteps(label: string, history: readonly OraclePoint[], decimals: number): Steps {
  return {
    label,
    points: history.map((point) => ({ block: point.block, value: plotValue(point.price, decimals) })),
  };
}

/** Whether the positions tell a cascade: several borrowers, whose health is drawn together. */
export function isCascade(positions: readonly PositionView[]): boolean {
  return positions.length >= 2;
}
