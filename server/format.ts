/**
 * Turning base units into the figures a learner reads. Pure and exact: bigint in, string out,
 * never a float in between.
 */

/** Groups the integer part in thousands: "2000000" → "2,000,000". */
function groupThousands(integer: string): string {
  return integer.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/**
 * Formats `amount` base units of a token with `decimals` decimals, rounded half up to at most
 * `maxFractionDigits` digits, trailing zeros trimmed down to `minFractionDigits`.
 * @example formatAmount(1_234_567_890n, 6) // "1,234.56789"
 */
export function formatAmount(
  amount: bigint,
  decimals: number,
  maxFractionDigits = 6,
  minFractionDigits = 0,
): string {
  const negative = amount < 0n;
  const magnitude = negative ? -amount : amount;
  const digits = Math.min(maxFractionDigits, decimals);
  const unit = 10n ** BigInt(decimals - digits);
  const rounded = (magnitude + unit / 2n) / unit;
  const scale = 10n ** BigInt(digits);
  const integer = groupThousands((rounded / scale).toString());
  let fraction = (rounded % scale).toString().padStart(digits, "0");
  while (fraction.length > minFractionDigits && fraction.endsWith("0")) fraction = fraction.slice(0, -1);
  const sign = negative && rounded !== 0n ? "-" : "";
  return fraction ? `${sign}${integer}.${fraction}` : `${sign}${integer}`;
}

/**
 * The price of one whole base token, in base units of the quote token, from amounts of each
 * (e.g. pool reserves): `quoteAmount · 10^baseDecimals / baseAmount`, rounded down.
 * Format the result with the quote token's decimals.
 */
export function priceInQuoteUnits(baseAmount: bigint, baseDecimals: number, quoteAmount: bigint): bigint {
  if (baseAmount === 0n) throw new Error("priceInQuoteUnits: baseAmount is 0");
  return (quoteAmount * 10n ** BigInt(baseDecimals)) / baseAmount;
}

/** Shortens an address for display: 0x1234…abcd. */
export function shortAddress(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

/** One gwei in wei: tips and base fees are quoted in gwei. */
export const GWEI = 10n ** 9n;

/** A fee per gas for people: "2 gwei", "1.5 gwei". */
export function formatGwei(weiPerGas: bigint): string {
  return `${formatAmount(weiPerGas, 9, 3)} gwei`;
}

/** Basis points as a percentage: 200n → "2.00%", 30n → "0.30%". */
export function formatBps(bps: bigint): string {
  return `${formatAmount(bps, 2, 2, 2)}%`;
}

/** A USD value with 8 decimals (the oracle's unit): "$1,760.00". */
export function formatUsd(value: bigint, digits = 2): string {
  return `$${formatAmount(value, 8, digits, 2)}`;
}

/** "+$1,373.35", "−$660.97", "$0.00": a signed USD value with 8 decimals. */
export function formatSignedUsd(value: bigint, digits = 2): string {
  return `${value > 0n ? "+" : value < 0n ? "−" : ""}${formatUsd(value < 0n ? -value : value, digits)}`;
}

/** "1,234.5 USDC": an event's amount (decimal string of base units, symbol, decimals) as a learner reads it. */
export function formatTokenAmount(
  amount: { amount: string; symbol: string; decimals: number },
  digits = 6,
): string {
  return formatToken(BigInt(amount.amount), amount, digits);
}

export function formatToken(
  amount: bigint,
  token: { symbol: string; decimals: number | bigint },
  digits = 6,
): string {
  return `${formatAmount(amount, Number(token.decimals), digits)} ${token.symbol}`;
}

/** What the sandbox did to heal itself (a `sandbox:healed` event's action), as a learner reads it. */
export const HEALED_ACTION_TEXT: Record<"settings-restored" | "reverted" | "redeployed", string> = {
  "settings-restored": "put its mining settings back",
  reverted: "returned to the clean world",
  redeployed: "deployed the world again from genesis, at the same addresses",
};
