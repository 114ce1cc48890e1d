// @ts-check
// CSV export of a result table (RFC 4180).

function cell(v) {
  if (v === null || v === undefined) return '';
  let s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  // Keep spreadsheets from evaluating a cell as a formula.
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** toCSV writes columns and rows (arrays, or objects keyed by column).
 * @param {string[]} columns
 * @param {(any[] | Record<string, any>)[]} rows */
export function toCSV(columns, rows) {
  const lines = [columns.map(cell).join(',')];
  for (const r of rows) {
    const vals = Array.isArray(r) ? r : columns.map((c) => r[c]);
    lines.push(vals.map(cell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
