/**
 * Pools per DEX (reserves and price) and, per pair, a price-over-blocks chart with one line per DEX:
 * the arbitrage gap opening and closing (charts/priceChart.ts); lines differ by dash as well as
 * colour, and the legend names each with its price.
 */
import type { TokenAmount } from "../../../server/events";
import type { WorldState } from "../../../server/world/describe";
import { priceChart } from "../charts/priceChart";
import { type Child, h } from "../dom";
import { formatBps, formatTokenAmount } from "../format";
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
      const description = pairRows
        .map((r) => `${r.dex}: 1 ${r.base} = ${formatTokenAmount(r.price, 2)}`)
        .join("; ");
      return priceChart(
        [
          h("strong", {}, pair),
          gap !== null && h("span", { class: "gap", "data-testid": "price-gap" }, `gap ${formatBps(gap)}`),
        ],
        `${pairRows[0]!.price.symbol} per ${pairRows[0]!.base}`,
        pairRows.map((r) => ({
          label: `${r.dex}: ${formatTokenAmount(r.price, 2)}`,
          price: r.price,
          history: r.history,
        })),
        blocks,
        `${pair}, latest: ${description}.`,
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
