/** A plain text table with aligned columns; numbers (right-aligned) are told apart by `align`. */
export function renderTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  align?: readonly ("l" | "r")[],
): string {
  const widths = headers.map((header, col) =>
    Math.max(header.length, ...rows.map((row) => (row[col] ?? "").length)),
  );
  const cell = (text: string, col: number) =>
    align?.[col] === "r" ? text.padStart(widths[col]!) : text.padEnd(widths[col]!);
  const line = (cells: readonly string[]) => `  ${cells.map(cell).join("  ")}`.trimEnd();
  return [line(headers), line(widths.map((w) => "─".repeat(w))), ...rows.map(line)].join("\n");
}
