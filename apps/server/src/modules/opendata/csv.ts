/**
 * CSV as RFC 4180 says (CRLF line ends, fields with comma, quote or line break quoted, quotes
 * doubled), in UTF-8 with a byte-order mark so Excel opens Chinese text correctly. A text field
 * that starts with = + - @ gets a leading apostrophe, so a spreadsheet never runs it as a formula.
 */
export type Cell = string | number | boolean | null;

export function csvField(v: Cell): string {
  if (v === null) return '';
  let s = typeof v === 'string' ? v : String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: string[], rows: Cell[][]): Buffer {
  const lines = [header, ...rows].map((r) => r.map(csvField).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}
