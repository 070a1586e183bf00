/**
 * The lending pool: the oracle prices it reads, and each position with its collateral, debt and a
 * health-factor gauge with the liquidation line at 1.0. Below the line the gauge says so in words
 * and with a different mark, not only in red.
 */
import type { WorldState } from "../../../server/world/describe";
import { cascadeCharts } from "../charts/cascadeChart";
import { isCascade } from "../charts/cascadeData";
import { type Child, h } from "../dom";
import { formatTokenAmount, healthFactorText, plotValue, usdText } from "../format";
import { isLiquidatable, type LendingSlice, type PositionView } from "../model/lending";

/** The gauge spans health factors 0 to GAUGE_MAX; the liquidation line sits at 1. */
const GAUGE_MAX = 2;

function gauge(position: PositionView): HTMLElement {
  const hf = position.healthFactor;
  const value = hf === "max" ? GAUGE_MAX : Math.min(plotValue(hf, 18), GAUGE_MAX);
  const danger = isLiquidatable(hf);
  const previous = position.history[position.history.length - 2];
  return h(
    "div",
    {
      class: `gauge ${danger ? "danger" : "safe"}`,
      "data-testid": "health-factor",
      "data-value": hf,
      "data-liquidatable": danger ? "true" : "false",
    },
    h(
      "p",
      { class: "gauge-text" },
      h("span", { class: "hf-label" }, "Health factor "),
      h("strong", { class: "hf-value", "data-testid": "health-factor-value" }, healthFactorText(hf)),
      h("span", { class: "badge" }, danger ? "⚠ below 1: can be liquidated" : "✔ above 1: safe"),
      previous &&
        h(
          "span",
          { class: "muted" },
          ` (was ${healthFactorText(previous.healthFactor)} at block #${previous.block})`,
        ),
    ),
    h(
      "div",
      {
        class: "gauge-track",
        role: "meter",
        "aria-label": "Health factor",
        "aria-valuemin": 0,
        "aria-valuemax": GAUGE_MAX,
        "aria-valuenow": value,
        "aria-valuetext": `${healthFactorText(hf)}${danger ? ", below 1: can be liquidated" : ", above 1: safe"}`,
      },
      h("div", { class: "gauge-fill", style: `width: ${(value / GAUGE_MAX) * 100}%` }),
      h(
        "div",
        { class: "gauge-line", style: `left: ${(1 / GAUGE_MAX) * 100}%` },
        h("span", {}, "1.0 liquidation line"),
      ),
    ),
  );
}

function position(p: PositionView): HTMLElement {
  return h(
    "li",
    { class: "position", "data-testid": "position", "data-user": p.user.label },
    h("h3", {}, `${p.user.label}'s position`, h("span", { class: "muted" }, ` · block #${p.block}`)),
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, "collateral"),
      h(
        "dd",
        {},
        p.collateral.length ? p.collateral.map((c) => formatTokenAmount(c, 4)).join(", ") : "none",
        ` (${usdText(p.collateralUsd)})`,
      ),
      h("dt", {}, "debt"),
      h(
        "dd",
        {},
        p.debt.length ? p.debt.map((d) => formatTokenAmount(d, 4)).join(", ") : "none",
        ` (${usdText(p.debtUsd)})`,
      ),
    ),
    gauge(p),
  );
}

/** Several borrowers (a cascade): one row each, the chart above telling their health over blocks. */
function positionTable(positions: readonly PositionView[]): HTMLElement {
  const row = (p: PositionView) => {
    const danger = isLiquidatable(p.healthFactor);
    return h(
      "tr",
      { "data-testid": "position", "data-user": p.user.label },
      h("th", { scope: "row" }, p.user.label),
      h("td", {}, p.collateral.map((c) => formatTokenAmount(c, 2)).join(", ") || "none"),
      h("td", {}, p.debt.map((d) => formatTokenAmount(d, 0)).join(", ") || "none"),
      h(
        "td",
        { class: danger ? "loss" : "gain", "data-testid": "health-factor", "data-value": p.healthFactor },
        `${healthFactorText(p.healthFactor)} ${danger ? "⚠ below 1" : "✔"}`,
      ),
    );
  };
  const block = Math.max(...positions.map((p) => p.block));
  return h(
    "table",
    { class: "position-table" },
    h("caption", { class: "muted" }, `Positions after block #${block}, at the price the next block reads`),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        ["borrower", "collateral", "debt", "health factor"].map((c) => h("th", { scope: "col" }, c)),
      ),
    ),
    h("tbody", {}, positions.map(row)),
  );
}

export function lendingPanel(state: LendingSlice, world: WorldState | null): Child[] {
  const fromRun = new Map(state.oracles.map((o) => [o.symbol, o]));
  const oracles = (world?.tokens ?? []).map((t) => {
    const seen = fromRun.get(t.symbol);
    return h(
      "li",
      { class: seen ? "moved" : "", "data-testid": "oracle", "data-symbol": t.symbol },
      h("strong", {}, t.symbol),
      ` ${usdText(seen?.price ?? t.oraclePriceUsd)}`,
      seen?.previous && h("span", { class: "badge" }, `was ${usdText(seen.previous)}`),
      seen && !seen.previous && h("span", { class: "badge" }, `updated at #${seen.block}`),
    );
  });
  // several borrowers whose health moves over blocks: the cascade, drawn above them
  const cascade = isCascade(state.positions)
    ? cascadeCharts(
        state.positions,
        state.oracles.find((o) => o.symbol === "WETH"),
      )
    : [];
  return [
    cascade,
    state.positions.length === 0
      ? h("p", { class: "muted empty" }, "No borrower has touched the lending pool in this run.")
      : cascade.length > 0
        ? positionTable(state.positions)
        : h("ul", { class: "positions" }, state.positions.map(position)),
    h("h3", {}, "Oracle prices (USD)"),
    h("ul", { class: "oracles" }, oracles),
  ];
}
