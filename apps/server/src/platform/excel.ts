/**
 * exceljs, loaded on the first workbook rather than at start-up: loading it (and the zip and
 * polyfill packages it pulls in) is more than half of what `luoshi serve` spends before it answers.
 */
import type ExcelJS from 'exceljs';

let loading: Promise<typeof ExcelJS> | null = null;

export function loadExcel(): Promise<typeof ExcelJS> {
  loading ??= import('exceljs').then((m) => m.default);
  return loading;
}
