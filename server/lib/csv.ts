/**
 * One CSV cell: always quoted, quotes doubled, and a leading = + - @ neutralised so a
 * spreadsheet never runs attacker-written text as a formula.
 */
export function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? "" : v instanceof Date ? v.toISOString() : typeof v === "object" ? JSON.stringify(v) : String(v);
  return `"${(/^[=+\-@\t\r]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"`;
}

/** Rows of objects as CSV with a header line (empty string for no rows). */
export function toCsv(rows: Record<string, unknown>[], columns = rows[0] ? Object.keys(rows[0]) : []): string {
  if (rows.length === 0) return "";
  return `${[columns.join(","), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(","))].join("\n")}\n`;
}
