/**
 * From an .xlsx file to the rows of a 任务分解表: picks the sheet whose header row names the most
 * known columns (a title row may sit above it), checks that the required columns are there, and
 * hands over each non-blank data row with its Excel row number.
 */
import {
  COLUMN_BY_KEY,
  TASK_SHEET_COLUMNS,
  cellText,
  findHeaderRow,
  isBlankRow,
  type HeaderMatch,
  type SheetCells,
  type SheetColumnKey,
} from '@luoshi/domain';
import type { tasks } from '@luoshi/contracts';
import { openXlsx, type SheetGrid } from './xlsx-read.ts';

/** How far down a header row may be. */
const HEADER_SEARCH_ROWS = 30;

export interface SheetRow {
  /** the row number Excel shows */
  row: number;
  cells: SheetCells;
}

export interface ReadSheet {
  sheetName: string;
  headerRow: number;
  date1904: boolean;
  /** the header text as written, by column (for messages) */
  headers: Partial<Record<SheetColumnKey, string>>;
  rows: SheetRow[];
  /** problems of the sheet as a whole: missing or doubled columns */
  issues: tasks.TaskImportIssueT[];
  /** a required column is missing: the rows cannot be read */
  missingColumns: boolean;
}

function columnLetter(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function headerOf(grid: SheetGrid): { match: HeaderMatch; firstRow: number } | null {
  const numbers = [...grid.rows.keys()].sort((a, b) => a - b).slice(0, HEADER_SEARCH_ROWS);
  const texts = numbers.map((r) => Array.from(grid.rows.get(r)!, (c) => cellText(c ?? null)));
  const match = findHeaderRow(texts);
  return match ? { match, firstRow: numbers[match.rowIndex]! } : null;
}

/** Reads the task sheet of a workbook. Throws NotXlsxError when the file is not an .xlsx. */
export function readTaskSheet(buf: Buffer): ReadSheet {
  const wb = openXlsx(buf);
  let best: { grid: SheetGrid; match: HeaderMatch; headerRow: number } | null = null;
  for (let i = 0; i < wb.sheetNames.length; i++) {
    const grid = wb.sheet(i);
    const h = headerOf(grid);
    if (h && (!best || Object.keys(h.match.columns).length > Object.keys(best.match.columns).length)) {
      best = { grid, match: h.match, headerRow: h.firstRow };
    }
  }
  const issues: tasks.TaskImportIssueT[] = [];
  const required = TASK_SHEET_COLUMNS.filter((c) => c.required);
  const missing = required.filter((c) => best?.match.columns[c.key] === undefined);
  if (missing.length) {
    const names = missing.map((c) => c.zh);
    issues.push({
      row: best?.headerRow ?? 1,
      column: names.join('、'),
      zh: `缺少必填列:${names.join('、')}。表头须包含 ${required.map((c) => c.zh).join('、')}(可先下载模板)`,
      en: `missing required column(s): ${missing.map((c) => `${c.zh} (${c.en})`).join(', ')}; download the template for the layout`,
    });
  }
  if (!best) return { sheetName: wb.sheetNames[0] ?? '', headerRow: 1, date1904: wb.date1904, headers: {}, rows: [], issues, missingColumns: true };
  const { grid, match, headerRow } = best;
  for (const d of match.duplicates) {
    issues.push({
      row: headerRow,
      column: d.header,
      zh: `“${COLUMN_BY_KEY[d.key].zh}”列重复(第 ${columnLetter(d.col)} 列),请只保留一列`,
      en: `the column ${COLUMN_BY_KEY[d.key].en} appears twice (column ${columnLetter(d.col)}); keep one`,
    });
  }
  const keys = Object.entries(match.columns) as [SheetColumnKey, number][];
  const rows: SheetRow[] = [];
  for (const r of [...grid.rows.keys()].sort((a, b) => a - b)) {
    if (r <= headerRow) continue;
    const line = grid.rows.get(r)!;
    const cells: SheetCells = {};
    for (const [key, col] of keys) cells[key] = line[col] ?? null;
    if (!isBlankRow(cells)) rows.push({ row: r, cells });
  }
  return { sheetName: grid.name, headerRow, date1904: wb.date1904, headers: match.headers, rows, issues, missingColumns: missing.length > 0 };
}
