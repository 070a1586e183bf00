/**
 * What a learner types, read as exact base units: "1.5" WETH is 1500000000000000000n, never a float.
 * Each refusal says what is wrong in words, for the form to show as is.
 */
import { BPS } from "../../../server/math/amm";

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

const DECIMAL = /^(\d*)(?:\.(\d*))?$/;

/**
 * `text` in whole units of a token with `decimals` decimals, as base units. A point separates the
 * decimals; no commas (in some languages a comma is the decimal mark, so "1,5" would be ambiguous).
 */
export function parseAmount(text: string, decimals: number, symbol = "the token"): Parsed<bigint> {
  const trimmed = text.trim().replaceAll(" ", "").replaceAll("_", "");
  if (trimmed === "") return { ok: false, problem: "enter an amount" };
  if (trimmed.includes(","))
    return { ok: false, problem: "use a point for decimals and no thousands separators" };
  const match = DECIMAL.exec(trimmed);
  const whole = match?.[1] ?? "";
  const fraction = match?.[2] ?? "";
  if (!match || (whole === "" && fraction === "")) {
    return { ok: false, problem: `"${text.trim()}" is not a number like 1.5` };
  }
  if (fraction.length > decimals) {
    return {
      ok: false,
      problem: `${symbol} has ${decimals} decimals: at most ${decimals} digits after the point`,
    };
  }
  const value = BigInt(`${whole || "0"}${fraction.padEnd(decimals, "0")}`);
  return { ok: true, value };
}

/** A positive amount: `parseAmount`, refusing zero. */
export function parsePositiveAmount(text: string, decimals: number, symbol?: string): Parsed<bigint> {
  const parsed = parseAmount(text, decimals, symbol);
  if (parsed.ok && parsed.value === 0n) return { ok: false, problem: "the amount must be more than 0" };
  return parsed;
}

/** The most slippage the form accepts: 50%. */
export const MAX_SLIPPAGE_BPS = 5_000n;

/** A slippage tolerance in percent ("0.5") as basis points (50n): at most two decimals, 0–50%. */
export function parseSlippage(text: string): Parsed<bigint> {
  const parsed = parseAmount(text.replace(/%$/, ""), 2, "a slippage in percent");
  if (!parsed.ok) return parsed;
  if (parsed.value > MAX_SLIPPAGE_BPS) {
    return { ok: false, problem: `at most ${MAX_SLIPPAGE_BPS / (BPS / 100n)}% slippage` };
  }
  return parsed;
}

/** Seconds between live blocks: 0 (only on request) or a whole number from 1 to 3600. */
export function parseBlockTime(text: string): Parsed<number> {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return { ok: false, problem: "the block time is a whole number of seconds" };
  const seconds = Number(trimmed);
  if (seconds > 3600) return { ok: false, problem: "the block time is 0 (on request) or 1–3600 s" };
  return { ok: true, value: seconds };
}

/** Base units as the text `parseAmount` reads back: "1234.5", no separators, no trailing zeros. */
export function amountText(value: bigint, decimals: number): string {
  const sign = value < 0n ? "-" : "";
  const magnitude = value < 0n ? -value : value;
  const unit = 10n ** BigInt(decimals);
  const fraction = (magnitude % unit).toString().padStart(decimals, "0").replace(/0+$/, "");
  return `${sign}${magnitude / unit}${fraction ? `.${fraction}` : ""}`;
}
