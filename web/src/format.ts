/**
 * Figures as the page shows them. Exact: base units in, text out, through the server's own
 * formatter (server/format.ts), never through floats.
 */
import type { TokenAmount } from "../../server/events";
import {
  formatAmount,
  formatBps,
  formatGwei,
  formatToken,
  formatTokenAmount,
  formatUsd,
} from "../../server/format";

export { formatAmount, formatBps, formatToken, formatTokenAmount };

const HEALTH_FACTOR_DECIMALS = 18;

/** "+1.5 WETH" / "−0.2 WETH": a change, with its sign written out. */
export function changeText(amount: TokenAmount, maxFractionDigits = 6): string {
  const value = BigInt(amount.amount);
  const magnitude = formatAmount(value < 0n ? -value : value, amount.decimals, maxFractionDigits);
  const sign = value > 0n ? "+" : value < 0n ? "−" : "±";
  return `${sign}${magnitude} ${amount.symbol}`;
}

/** Whether an amount is a gain, a loss or nothing: for the words and the arrows beside colours. */
export function direction(amount: string): "gain" | "loss" | "none" {
  const value = BigInt(amount);
  return value > 0n ? "gain" : value < 0n ? "loss" : "none";
}

/** "2 gwei" from wei per gas. */
export function gweiText(wei: string): string {
  return formatGwei(BigInt(wei));
}

/** "$1,760.00" / "−$5.41" from USD with 8 decimals (the oracles' unit). */
export function usdText(value: string): string {
  const amount = BigInt(value);
  return `${amount < 0n ? "−" : ""}${formatUsd(amount < 0n ? -amount : amount)}`;
}

/** "1.0855" from an 18-decimal health factor; "∞" without debt. */
export function healthFactorText(healthFactor: string): string {
  if (healthFactor === "max") return "∞ (no debt)";
  return formatAmount(BigInt(healthFactor), HEALTH_FACTOR_DECIMALS, 4, 2);
}

/** A plotting coordinate from base units. For drawing only: money is never computed in floats. */
export function plotValue(amount: string, decimals: number): number {
  return Number(formatAmount(BigInt(amount), decimals, 6).replaceAll(",", ""));
}

/** "0x1234…abcd" */
export function shortHash(hash: string): string {
  return `${hash.slice(0, 8)}…${hash.slice(-4)}`;
}

/** "0.05 ETH" from wei (a decimal string). */
export function ethText(wei: string, maxFractionDigits = 6): string {
  return formatTokenAmount({ amount: wei, symbol: "ETH", decimals: 18 }, maxFractionDigits);
}
