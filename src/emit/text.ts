/** Plain text for a terminal: rows of cells in columns, two spaces apart, without trailing blanks. */
export function textTable(rows: string[][], indent = ""): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => `${indent}${r.map((c, i) => c.padEnd(widths[i])).join("  ")}`.trimEnd());
}

/**
 * A whole number with commas between thousands, as toLocaleString("en-US") writes it (6,144),
 * without loading ICU's number formatting at start (tens of milliseconds the first time).
 */
export const thousands = (n: number): string => {
  if (!Number.isSafeInteger(n)) throw new Error(`thousands: ${n} is not a whole number`);
  return String(n).replace(/\B(?=(\d{3})+$)/g, ",");
};
