/** Plain text for a terminal: rows of cells in columns, two spaces apart, without trailing blanks. */
export function textTable(rows: string[][], indent = ""): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => `${indent}${r.map((c, i) => c.padEnd(widths[i])).join("  ")}`.trimEnd());
}
