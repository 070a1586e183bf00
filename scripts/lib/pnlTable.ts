/**
 * The run's profit and loss per actor, for the terminal: each change, its value at the oracle's
 * prices and, where the DEX prices the tokens differently, at the DEX's too, with the prices named.
 */
import type { RunFinished, Valuation } from "../../server/events";
import { formatAmount, formatSignedUsd, formatUsd } from "../../server/format";
import { renderTable } from "./table";

/** The prices the oracle and the DEX disagree on, as a sentence; "" when they agree. */
export function valuationNote(valuation: Valuation): string {
  const differing = valuation.prices.filter((p) => p.differs);
  if (differing.length === 0) return `Valued at the oracle's prices (${valuation.dex}'s agree).`;
  const list = differing
    .map(
      (p) =>
        `${p.symbol} ${formatUsd(BigInt(p.oracleUsd))} by the oracle, ${formatUsd(BigInt(p.dexUsd))} on ${valuation.dex}`,
    )
    .join("; ");
  return (
    `Valued at two sets of end-of-run prices, which disagree: ${list} ` +
    `(${valuation.dex}'s marginal price against USDC, 1 USDC counted as $1; ETH at the WETH price).`
  );
}

export function renderPnl(summary: RunFinished["summary"]): string[] {
  const { pnl, valuation } = summary;
  const both = valuation.prices.some((p) => p.differs);
  const rows = pnl.map((p) => [
    p.actor,
    p.changes.length === 0
      ? "—"
      : p.changes
          .map(
            (c) =>
              `${BigInt(c.amount) > 0n ? "+" : ""}${formatAmount(BigInt(c.amount), c.decimals, 6)} ${c.symbol}`,
          )
          .join(", "),
    formatSignedUsd(BigInt(p.valueUsd)),
    ...(both ? [formatSignedUsd(BigInt(p.valueUsdDex))] : []),
  ]);
  const headers = ["actor", "change", "at oracle prices", ...(both ? [`at ${valuation.dex} prices`] : [])];
  return [
    renderTable(headers, rows, ["l", "l", "r", ...(both ? (["r"] as const) : [])]),
    `  ${valuationNote(valuation)}`,
  ];
}
