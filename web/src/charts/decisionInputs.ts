/**
 * Reading a bot's decision event for a chart: the figures it read (`inputs`, exact strings keyed
 * "name (unit)") and evenly spaced sample sizes. Pure.
 */

/** The input named `name`, whether or not its key carries a unit: "reserveIn" finds "reserveIn (WETH)". */
export function inputValue(inputs: Record<string, string>, name: string): string | undefined {
  if (name in inputs) return inputs[name];
  const key = Object.keys(inputs).find((k) => k.startsWith(`${name} (`));
  return key === undefined ? undefined : inputs[key];
}

/** The unit written in the key of input `name`: "WETH" for "reserveIn (WETH)". */
export function inputUnit(inputs: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(inputs).find((k) => k.startsWith(`${name} (`));
  return key?.slice(name.length + 2, -1);
}

/** An input of base units, as a bigint; undefined when absent or not an integer. */
export function bigintInput(inputs: Record<string, string>, name: string): bigint | undefined {
  const value = inputValue(inputs, name);
  return value !== undefined && /^-?\d+$/.test(value) ? BigInt(value) : undefined;
}

/** "105%" → 10500n basis points; "2.5%" → 250n. */
export function percentToBps(text: string | undefined): bigint | undefined {
  const match = text?.match(/^(\d+)(?:\.(\d{1,2}))?%$/);
  if (!match) return undefined;
  return BigInt(match[1]!) * 100n + BigInt((match[2] ?? "").padEnd(2, "0"));
}

/** `count` sizes evenly spaced from 0 to `end`, with `marks` (the sizes a chart must hit exactly) added, sorted. */
export function sampleSizes(end: bigint, count: number, marks: readonly bigint[] = []): bigint[] {
  const steps = BigInt(Math.max(1, count - 1));
  const sizes = new Set<bigint>(marks.filter((m) => m >= 0n));
  for (let i = 0n; i <= steps; i++) sizes.add((end * i) / steps);
  return [...sizes].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** "0.955263157894736842" → base units at `decimals` (digits past them dropped); undefined if not a plain decimal. */
export function decimalToUnits(text: string | undefined, decimals: number): bigint | undefined {
  const match = text?.replaceAll(",", "").match(/^(\d+)(?:\.(\d+))?$/);
  if (!match) return undefined;
  return (
    BigInt(match[1]!) * 10n ** BigInt(decimals) +
    BigInt((match[2] ?? "").slice(0, decimals).padEnd(decimals, "0"))
  );
}
