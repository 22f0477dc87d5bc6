/**
 * Writes the 任务分解表 with exceljs, streamed: a title row, the header row (the one column set of
 * the template, the export and the import), then one row per task. Text that starts like a formula
 * (= + - @) is written as a text cell with the Text format, so it never becomes a live formula,
 * not even when someone edits the cell. Dates are real date cells of the calendar day.
 */
import type { Writable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { loadExcel } from '../../../platform/excel.ts';
import {
  NODE_TYPE_LABELS,
  OBSTACLE_KIND_LABELS,
  PRIORITY_LABELS,
  SOURCE_KIND_LABELS,
  TASK_SHEET_COLUMNS,
  formatTaskRow,
  type SheetCell,
  type TaskSheetValues,
} from '@luoshi/domain';

export const SHEET_NAME = '任务分解表';
export const TITLE = '任务分解表';
const WIDTHS: Record<string, number> = { code: 10, nodeType: 9, title: 36, description: 30, acceptanceStandard: 30, leadUnit: 22, cooperatingUnits: 26 };
const DATE_FORMAT = 'yyyy-mm-dd';

/** Cells that a spreadsheet could take for a formula or a command (CSV/formula injection). */
export function looksLikeFormula(s: string): boolean {
  return /^[=+\-@\t\r]/.test(s);
}

// Shared style objects: exceljs recognises a style object it has seen and skips working out its
// id again, which is most of the cost of writing ten thousand rows.
const PLAIN: Partial<ExcelJS.Style> = Object.freeze({});
const DATE: Partial<ExcelJS.Style> = Object.freeze({ numFmt: DATE_FORMAT });
const TEXT: Partial<ExcelJS.Style> = Object.freeze({ numFmt: '@' });
const WRAP: Partial<ExcelJS.Style> = Object.freeze({ alignment: { wrapText: true, vertical: 'top' as const } });
const TEXT_WRAP: Partial<ExcelJS.Style> = Object.freeze({ numFmt: '@', alignment: { wrapText: true, vertical: 'top' as const } });

function put(row: ExcelJS.Row, col: number, v: SheetCell): void {
  if (v === null || v === '') return;
  const cell = row.getCell(col);
  if (typeof v === 'object') {
    const [y, m, d] = v.date.split('-').map(Number);
    cell.value = new Date(Date.UTC(y!, m! - 1, d!));
    cell.style = DATE;
    return;
  }
  cell.value = v;
  if (typeof v !== 'string') cell.style = PLAIN;
  else {
    const formulaLike = looksLikeFormula(v);
    const wrap = v.includes('\n');
    cell.style = formulaLike ? (wrap ? TEXT_WRAP : TEXT) : wrap ? WRAP : PLAIN;
  }
}

export interface SheetInfo {
  /** allowed values of this campaign for the explanation sheet */
  streams: { key: string; title: string }[];
  lists: { name: string; size: number }[];
  year: number;
}

/**
 * Streams a workbook with the task sheet (and, for the template, the explanation sheet) into
 * `out`. `onRow` is told every row written, for progress.
 */
export async function writeTaskWorkbook(
  out: Writable,
  rows: Iterable<TaskSheetValues>,
  opts: { explain?: SheetInfo; onRow?: (n: number) => void } = {},
): Promise<number> {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'Luoshi';
  const ws = wb.addWorksheet(SHEET_NAME, { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.columns = TASK_SHEET_COLUMNS.map((c) => ({ key: c.key, width: WIDTHS[c.key] ?? 14 }));
  const title = ws.addRow([TITLE]);
  title.font = { bold: true, size: 14 };
  ws.mergeCells(1, 1, 1, TASK_SHEET_COLUMNS.length);
  title.commit();
  const header = ws.addRow(TASK_SHEET_COLUMNS.map((c) => c.zh));
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  header.commit();
  let n = 0;
  for (const v of rows) {
    const cells = formatTaskRow(v);
    const row = ws.addRow([]);
    TASK_SHEET_COLUMNS.forEach((c, i) => put(row, i + 1, cells[c.key]));
    row.commit();
    opts.onRow?.(++n);
  }
  ws.commit();
  if (opts.explain) writeExplanation(wb, opts.explain);
  await wb.commit();
  return n;
}

function writeExplanation(wb: ExcelJS.stream.xlsx.WorkbookWriter, info: SheetInfo): void {
  const ws = wb.addWorksheet('填写说明 Instructions');
  ws.columns = [{ width: 16 }, { width: 22 }, { width: 10 }, { width: 60 }, { width: 60 }];
  const line = (values: (string | number)[], bold = false) => {
    const r = ws.addRow(values);
    if (bold) r.font = { bold: true };
    r.alignment = { wrapText: true, vertical: 'top' };
    r.commit();
  };
  line(['任务分解表填写说明 How to fill in the task breakdown sheet'], true);
  line(['每行一个任务节点;表头可在标题行之下,列的顺序不限,多余的列会被忽略。导入时全部行通过检查才保存,否则一行也不保存,并逐行逐列列出问题。']);
  line(['One task node per row. The header row may sit below a title; columns may come in any order; other columns are ignored. An import saves every row or none, and lists each problem by row and column.']);
  line([]);
  line(['列名', 'Column', '必填 Required', '说明', 'Notes'], true);
  for (const c of TASK_SHEET_COLUMNS) {
    const also = c.synonyms.length ? `(也可写作:${c.synonyms.join('、')})` : '';
    line([c.zh, c.en, c.required ? '是 yes' : '', `${c.help.zh}${also}`, c.help.en]);
  }
  line([]);
  line(['可填的值', 'Allowed values'], true);
  const labels = (l: Record<string, { zh: string; en: string }>) => Object.values(l).map((x) => `${x.zh}(${x.en})`).join('、');
  line(['层级', 'Level', '', labels(NODE_TYPE_LABELS)]);
  line(['来源类型', 'Source kind', '', labels(SOURCE_KIND_LABELS)]);
  line(['优先级', 'Priority', '', labels(PRIORITY_LABELS)]);
  line(['难题类型', 'Obstacle kind', '', labels(OBSTACLE_KIND_LABELS)]);
  line(['内容流', 'Stream', '', info.streams.map((s) => `${s.title}(${s.key})`).join('、') || '(本活动未设内容流 none)']);
  line(['所属清单', 'Project list', '', info.lists.map((l) => `${l.name}(${l.size} 项)`).join('、') || '(本活动未设清单 none)']);
  line(['日期', 'Dates', '', `${info.year}-06-30、${info.year}年6月30日、6月30日、6月底、6月中旬、三季度末、上半年、年底;未写年份时按 ${info.year} 年`, `Also Excel dates. A date without a year is in ${info.year}.`]);
  ws.commit();
}
