/** Where two JSON values differ, field by field: "txs[1].gasUsed: expected \"21000\", got \"21001\"". */
export function fieldDifferences(expected: unknown, actual: unknown, path = ""): string[] {
  if (Object.is(expected, actual)) return [];
  const bothObjects =
    typeof expected === "object" && expected !== null && typeof actual === "object" && actual !== null;
  if (!bothObjects || Array.isArray(expected) !== Array.isArray(actual)) {
    return [`${path || "(the event)"}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
  }
  const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
  return [...keys].flatMap((key) => {
    const child = Array.isArray(expected) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    return fieldDifferences(
      (expected as Record<string, unknown>)[key],
      (actual as Record<string, unknown>)[key],
      child,
    );
  });
}

/**
 * The first event where two runs part, described field by field, or undefined when they are the same
 * line for line. Lines are JSON texts (one event each).
 */
export function firstDifference(expected: readonly string[], actual: readonly string[]): string | undefined {
  const length = Math.max(expected.length, actual.length);
  for (let index = 0; index < length; index++) {
    if (expected[index] === actual[index]) continue;
    const want = expected[index] === undefined ? undefined : JSON.parse(expected[index]!);
    const got = actual[index] === undefined ? undefined : JSON.parse(actual[index]!);
    const where = `event ${index + 1} (${want?.type ?? "none"} expected, ${got?.type ?? "none"} got)`;
    const fields = fieldDifferences(want, got);
    return [where, ...fields.slice(0, 20).map((line) => `  ${line}`)].join("\n");
  }
  return undefined;
}
