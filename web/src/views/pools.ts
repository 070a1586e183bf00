/**
 * Pools per DEX (reserves and price) and, per pair, a price-over-blocks chart with one line per DEX:
 * the arbitrage gap opening and closing. Inline SVG; lines differ by dash and marker shape, and
 * each is labelled at its end, so colour is never the only way to tell them apart.
 */
import type { TokenAmount } from "../../../server/events";
import type { WorldState } from "../../../server/world/describe";
import { type Child, h, s } from "../dom";
import { formatBps, formatTokenAmount, plotValue } from "../format";
import type { BlocksSlice } from "../model/blocks";
import { type PoolsSlice, type PricePoint, priceGapBps } from "../model/pools";

export interface PoolRow {
  label: string;
  dex: string;
  pair: string;
  reserves: [TokenAmount, TokenAmount];
  price: TokenAmount;
  base: string;
  /** Prices seen in this run; empty when the pool has not moved (its price is then `price`). */
  history: PricePoint[];
}

/** The run's pools, with those it has not touched taken from the world as it is now (unchanged since). */
export function poolRows(state: PoolsSlice, world: WorldState | null): PoolRow[] {
  const decimals = new Map((world?.tokens ?? []).map((t) => [t.symbol as string, t.decimals]));
  const touched = new Map(state.pools.map((p) => [p.address.toLowerCase(), p]));
  const rows: PoolRow[] = (world?.pools ?? []).map((pool) => {
    const seen = touched.get(pool.address.toLowerCase());
    touched.delete(pool.address.toLowerCase());
    if (seen) {
      return {
        label: seen.label,
        dex: seen.dex,
        pair: `${seen.base}/${seen.quote}`,
        reserves: [seen.reserve0, seen.reserve1],
        price: seen.price,
        base: seen.base,
        history: seen.history,
      };
    }
    const amount = (value: string, symbol: string): TokenAmount => ({
      amount: value,
      symbol,
      decimals: decimals.get(symbol) ?? 18,
    });
    return {
      label: pool.name,
      dex: pool.dex,
      pair: `${pool.base}/${pool.quote}`,
      reserves: [amount(pool.reserve0, pool.token0), amount(pool.reserve1, pool.token1)],
      price: amount(pool.price, pool.quote),
      base: pool.base,
      history: [],
    };
  });
  for (const p of touched.values()) {
    rows.push({
      label: p.label,
      dex: p.dex,
      pair: `${p.base}/${p.quote}`,
      reserves: [p.reserve0, p.reserve1],
      price: p.price,
      base: p.base,
      history: p.history,
    });
  }
  return rows;
}

const WIDTH = 440;
const HEIGHT = 190;
const PAD = { left: 64, right: 58, top: 12, bottom: 28 };
const DASHES = ["", "10 6", "3 5", "14 4 3 4"];
const MARKERS = ["circle", "square", "triangle", "diamond"];

function marker(kind: string, x: number, y: number, cls: string): SVGElement {
  if (kind === "circle") return s("circle", { cx: x, cy: y, r: 5, class: cls });
  if (kind === "square") return s("rect", { x: x - 4.5, y: y - 4.5, width: 9, height: 9, class: cls });
  const points =
    kind === "triangle"
      ? `${x},${y - 6} ${x + 6},${y + 5} ${x - 6},${y + 5}`
      : `${x},${y - 6} ${x + 6},${y} ${x},${y + 6} ${x - 6},${y}`;
  return s("polygon", { points, class: cls });
}

/** One chart per pair: x = block, y = price of one base token in the quote token. */
function chart(pair: string, rows: PoolRow[], blocks: readonly number[]): SVGElement {
  const seen = rows.flatMap((r) => r.history.map((p) => p.block));
  const first = blocks[0] ?? (seen.length > 0 ? Math.min(...seen) : 0);
  const last = blocks[blocks.length - 1] ?? (seen.length > 0 ? Math.max(...seen) : first);
  const series = rows.map((row) => ({
    row,
    points:
      row.history.length > 0
        ? row.history.map((p) => ({ block: p.block, value: plotValue(p.price.amount, p.price.decimals) }))
        : [{ block: first, value: plotValue(row.price.amount, row.price.decimals) }],
  }));
  const values = series.flatMap((x) => x.points.map((p) => p.value));
  let low = Math.min(...values);
  let high = Math.max(...values);
  const margin = Math.max((high - low) * 0.15, high * 0.002);
  low -= margin;
  high += margin;
  const xOf = (block: number) =>
    PAD.left + (last === first ? 0.5 : (block - first) / (last - first)) * (WIDTH - PAD.left - PAD.right);
  const yOf = (value: number) =>
    PAD.top + (1 - (value - low) / (high - low)) * (HEIGHT - PAD.top - PAD.bottom);
  const quote = rows[0]!.price.symbol;
  const description = rows.map((r) => `${r.dex}: 1 ${r.base} = ${formatTokenAmount(r.price, 2)}`).join("; ");
  const children: Child[] = [
    s("title", {}, `${pair} price over blocks on each DEX`),
    s("desc", {}, `Blocks #${first} to #${last}. Latest: ${description}.`),
    s("line", { x1: PAD.left, x2: PAD.left, y1: PAD.top, y2: HEIGHT - PAD.bottom, class: "axis" }),
    s("line", {
      x1: PAD.left,
      x2: WIDTH - PAD.right,
      y1: HEIGHT - PAD.bottom,
      y2: HEIGHT - PAD.bottom,
      class: "axis",
    }),
    [high - margin, low + margin].map((v) =>
      s(
        "text",
        { x: PAD.left - 6, y: yOf(v) + 4, class: "tick", "text-anchor": "end" },
        v.toLocaleString("en-US", { maximumFractionDigits: 2 }),
      ),
    ),
    s("text", { x: PAD.left, y: HEIGHT - 8, class: "tick" }, `#${first}`),
    s("text", { x: WIDTH - PAD.right, y: HEIGHT - 8, class: "tick", "text-anchor": "end" }, `#${last}`),
    s(
      "text",
      { x: (PAD.left + WIDTH - PAD.right) / 2, y: HEIGHT - 8, class: "tick", "text-anchor": "middle" },
      `block → (${quote} per ${rows[0]!.base})`,
    ),
  ];
  series.forEach(({ row, points }, i) => {
    // A price holds until the next block that moves it: a step line, extended to the latest block.
    let path = "";
    points.forEach((p, j) => {
      const x = xOf(p.block);
      const y = yOf(p.value);
      path += j === 0 ? `M${x},${y}` : `H${x}V${y}`;
    });
    const end = points[points.length - 1]!;
    path += `H${xOf(last)}`;
    const cls = `series series-${i}`;
    children.push(
      s("path", { d: path, class: `line ${cls}`, "stroke-dasharray": DASHES[i % DASHES.length] }),
    );
    for (const p of points)
      children.push(marker(MARKERS[i % MARKERS.length]!, xOf(p.block), yOf(p.value), `marker ${cls}`));
    children.push(
      s(
        "text",
        { x: xOf(last) + 8, y: yOf(end.value) + 4 + (i % 2 === 0 ? -6 : 8), class: `end-label ${cls}` },
        row.dex,
      ),
    );
  });
  return s(
    "svg",
    {
      viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
      role: "img",
      class: "chart",
      "data-testid": "price-chart",
      "aria-label": `${pair} price over blocks: ${description}`,
    },
    children,
  );
}

export function poolsPanel(state: PoolsSlice & BlocksSlice, world: WorldState | null): Child[] {
  const rows = poolRows(state, world);
  if (rows.length === 0) return [h("p", { class: "muted empty" }, "Loading the pools…")];
  const pairs = [...new Set(rows.map((r) => r.pair))];
  // Chart the pairs this run moved; with none moved yet, the first pair traded on several DEXes.
  const moved = pairs.filter((pair) => rows.some((r) => r.pair === pair && r.history.length > 0));
  const shared = pairs.filter((pair) => rows.filter((r) => r.pair === pair).length > 1);
  const charted = moved.length > 0 ? moved : shared.slice(0, 1);
  const blocks = state.blocks.map((b) => b.number);
  return [
    charted.map((pair) => {
      const pairRows = rows.filter((r) => r.pair === pair);
      const gap = priceGapBps(pairRows.map((r) => r.price));
      return h(
        "figure",
        { class: "chart-figure" },
        h(
          "figcaption",
          {},
          h("strong", {}, pair),
          pairRows.map((r, i) =>
            h(
              "span",
              { class: `legend series-${i}` },
              h("span", { class: `swatch dash-${i}`, "aria-hidden": "true" }),
              `${r.dex}: ${formatTokenAmount(r.price, 2)}`,
            ),
          ),
          gap !== null && h("span", { class: "gap", "data-testid": "price-gap" }, `gap ${formatBps(gap)}`),
        ),
        chart(pair, pairRows, blocks),
      );
    }),
    poolTable(
      rows.filter((r) => charted.includes(r.pair) || r.history.length > 0),
      "Pools: reserves and price",
    ),
    h(
      "details",
      { class: "other-pools" },
      h("summary", {}, "Other pools"),
      poolTable(
        rows.filter((r) => !charted.includes(r.pair) && r.history.length === 0),
        "Other pools: reserves and price",
      ),
    ),
  ];
}

function poolTable(rows: readonly PoolRow[], caption: string): HTMLElement {
  return h(
    "table",
    { class: "pools" },
    h("caption", { class: "visually-hidden" }, caption),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { scope: "col" }, "pool"),
        h("th", { scope: "col" }, "reserves"),
        h("th", { scope: "col" }, "price"),
      ),
    ),
    h(
      "tbody",
      {},
      rows.map((r) =>
        h(
          "tr",
          { class: r.history.length > 0 ? "moved" : "", "data-testid": "pool-row" },
          h("th", { scope: "row" }, r.label, r.history.length > 0 && h("span", { class: "badge" }, "moved")),
          h("td", {}, `${formatTokenAmount(r.reserves[0], 2)} + ${formatTokenAmount(r.reserves[1], 2)}`),
          h("td", {}, `1 ${r.base} = ${formatTokenAmount(r.price, 4)}`),
        ),
      ),
    ),
  );
}
