/**
 * 节假日安排: the office keeps the State Council's yearly schedule (days off and make-up working
 * days) that the petition clocks count against. It lives in the case policy's calendar; every
 * change re-dates the open cases' stored due dates like a policy change, and the clocks computed
 * afterwards use it. Decisions already made and clocks already stopped keep their dates.
 */
import { LuoshiError, checkHolidayDay, holidayYears, holidaysOfYear, parseHolidayLines, weekdayOf, withHoliday, withYear, withoutHoliday, type CasePolicy, type HolidayDay, type HolidayKind } from '@luoshi/domain';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { requireCan, type Tx } from '../../platform/context.ts';
import { loadExcel } from '../../platform/excel.ts';
import { CASE_POLICY_KEY, readCasePolicy } from './repo.ts';
import { saveCasePolicy } from './configure.ts';

type Calendar = CasePolicy['petition']['calendar'];

function present(cal: Calendar, year: number) {
  return {
    year,
    shiftToWorkingDay: cal.shiftToWorkingDay,
    years: holidayYears(cal),
    days: holidaysOfYear(cal, year).map((d) => ({ ...d, weekday: weekdayOf(d.date) })),
  };
}

export async function listHolidays(db: Kysely<DB>, year: number) {
  return present((await readCasePolicy(db)).petition.calendar, year);
}

/** Saves a changed calendar, re-dates open cases and audits what changed. */
async function saveCalendar(tx: Tx, policy: CasePolicy, after: Calendar, year: number, action: string, what: Record<string, unknown>) {
  const beforeDays = holidaysOfYear(policy.petition.calendar, year);
  const next: CasePolicy = { ...policy, petition: { ...policy.petition, calendar: after } };
  const redated = await saveCasePolicy(tx, next);
  await tx.audit({ action, entityType: 'setting', entityId: CASE_POLICY_KEY, before: { year, days: beforeDays }, after: { year, days: holidaysOfYear(after, year), ...what, openCasesRedated: redated } });
  return { ...present(after, year), redated };
}

function refuse(path: string, zh: string, en: string): never {
  throw new LuoshiError('VALIDATION_FAILED', { issues: [{ path, zh, en }] });
}

export async function setHoliday(tx: Tx, date: string, body: { kind: HolidayKind; note: string }) {
  requireCan(tx.actor, 'case.configure');
  const day: HolidayDay = { date, kind: body.kind, note: body.note };
  const problem = checkHolidayDay(day);
  if (problem) refuse(problem.zh.includes('日期') ? 'date' : 'kind', problem.zh, problem.en);
  const policy = await readCasePolicy(tx.db);
  const cal = policy.petition.calendar;
  if (!cal.restDays.includes(date) && !cal.workDays.includes(date) && cal.restDays.length + cal.workDays.length >= 400) {
    refuse('date', '节假日安排最多 400 天,请先删除过去年份的安排', 'the schedule holds at most 400 days; remove past years first');
  }
  return saveCalendar(tx, policy, withHoliday(cal, day), Number(date.slice(0, 4)), 'caseHoliday.set', { day });
}

export async function deleteHoliday(tx: Tx, date: string) {
  requireCan(tx.actor, 'case.configure');
  const policy = await readCasePolicy(tx.db);
  const cal = policy.petition.calendar;
  if (!cal.restDays.includes(date) && !cal.workDays.includes(date)) throw new LuoshiError('NOT_FOUND', { issues: [{ path: 'date', zh: '该日不在节假日安排中', en: 'the day is not in the schedule' }] });
  return saveCalendar(tx, policy, withoutHoliday(cal, date), Number(date.slice(0, 4)), 'caseHoliday.delete', { removed: date });
}

/** Replaces one year's schedule with the lines given (all or nothing: any bad line refuses the import). */
export async function importHolidays(tx: Tx, year: number, text: string, source: 'text' | 'xlsx' = 'text') {
  requireCan(tx.actor, 'case.configure');
  const { days, errors } = parseHolidayLines(text, year);
  if (errors.length) throw new LuoshiError('VALIDATION_FAILED', { issues: errors.slice(0, 50).map((e) => ({ path: `line ${e.line}`, zh: e.zh, en: e.en })) });
  if (!days.length) refuse('text', '没有读到任何日期', 'no day was found');
  const policy = await readCasePolicy(tx.db);
  const after = withYear(policy.petition.calendar, year, days);
  if (after.restDays.length + after.workDays.length > 400) refuse('text', '节假日安排最多 400 天,请先删除过去年份的安排', 'the schedule holds at most 400 days; remove past years first');
  return saveCalendar(tx, policy, after, year, 'caseHoliday.import', { source, imported: days.length });
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  // a date cell holds the calendar day at midnight UTC
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray((v as { richText: unknown[] }).richText)) return (v as { richText: { text: string }[] }).richText.map((r) => r.text).join('');
    if ('text' in v) return String((v as { text: unknown }).text);
    if ('result' in v) return cellText((v as { result: unknown }).result);
    return '';
  }
  return String(v).trim();
}

/** The first sheet of an .xlsx, one row a line: date (or from~to), 休/班, note; a heading row is skipped. */
export async function importHolidaysXlsx(tx: Tx, year: number, data: Buffer) {
  requireCan(tx.actor, 'case.configure');
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw new LuoshiError('UNSUPPORTED_MEDIA_TYPE', { issues: [{ path: 'file', zh: '不是有效的 .xlsx 文件', en: 'not a valid .xlsx file' }] });
  }
  const ws = wb.worksheets[0];
  if (!ws) refuse('file', '文件中没有工作表', 'the file has no sheet');
  const lines: string[] = [];
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    const cells = [1, 2, 3].map((i) => cellText(row.getCell(i).value).replace(/\s+/g, ' '));
    // a heading (日期 类型 说明) is not a day; blank rows keep the numbering of the sheet
    lines[n - 1] = n === 1 && !/^\d{4}/.test(cells[0]!) ? '' : cells[0] ? `${cells[0]}\t${cells[1]}\t${cells[2]}` : '';
  });
  return importHolidays(tx, year, Array.from(lines, (l) => l ?? '').join('\n'), 'xlsx');
}
