/**
 * A pair's price on each DEX over blocks, as the step lines of the pools chart: a price holds until
 * the next block that moves it, and runs on to the latest block. Plotting numbers (drawing only). Pure.
 */
import type { TokenAmount } from "../../../server/events";
import { plotValue } from "../format";
import type { PricePoint } from "../model/pools";

export interface PriceLine {
  label: string;
  /** The price now (used when the run has not moved this pool). */
  price: TokenAmount;
  history: readonly PricePoint[];
}

export interface PriceSeries {
  /** Every block where a line changes, and the first and latest block of the run. */
  blocks: number[];
  /** One per line: its price at each of `blocks` (null before its first known price). */
  prices: (number | null)[][];
}

export function priceSeries(lines: readonly PriceLine[], runBlocks: readonly number[]): PriceSeries {
  const seen = lines.flatMap((l) => l.history.map((p) => p.block));
  const first = runBlocks[0] ?? (seen.length > 0 ? Math.min(...seen) : 0);
  const last = runBlocks[runBlocks.length - 1] ?? (seen.length > 0 ? Math.max(...seen) : first);
  const blocks = [...new Set([first, ...seen, last])].sort((a, b) => a - b);
  const prices = lines.map((line) => {
    if (line.history.length === 0) return blocks.map(() => plotValue(line.price.amount, line.price.decimals));
    let current: number | null = null;
    return blocks.map((block) => {
      const point = line.history.filter((p) => p.block <= block).at(-1);
      if (point) current = plotValue(point.price.amount, point.price.decimals);
      return current;
    });
  });
  return { blocks, prices };
}
