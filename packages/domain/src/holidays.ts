/**
 * The State Council's holiday schedule (节假日安排) as the office enters it: days off (放假) and
 * make-up working days (调休上班), each with a note. The petition clocks read it through the case
 * policy's calendar (petition-clocks.ts); this file holds the rules for editing it.
 */
import { addDays } from './ladder.ts';

export type HolidayKind = 'rest' | 'work';
export interface HolidayDay {
  date: string;
  kind: HolidayKind;
  note: string;
}
export interface HolidayCalendar {
  shiftToWorkingDay: boolean;
  restDays: string[];
  workDays: string[];
  notes?: Record<string, string>;
}

/** 0 Sunday … 6 Saturday, for a calendar date. */
export function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export function isValidDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const d = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === date;
}

/** The listed days of one year, in date order. */
export function holidaysOfYear(cal: HolidayCalendar, year: number): HolidayDay[] {
  const prefix = `${year}-`;
  const notes = cal.notes ?? {};
  const days: HolidayDay[] = [
    ...cal.restDays.filter((d) => d.startsWith(prefix)).map((date) => ({ date, kind: 'rest' as const, note: notes[date] ?? '' })),
    ...cal.workDays.filter((d) => d.startsWith(prefix)).map((date) => ({ date, kind: 'work' as const, note: notes[date] ?? '' })),
  ];
  return days.sort((a, b) => a.date.localeCompare(b.date));
}

/** The years that have any listed day, newest first. */
export function holidayYears(cal: HolidayCalendar): number[] {
  return [...new Set([...cal.restDays, ...cal.workDays].map((d) => Number(d.slice(0, 4))))].sort((a, b) => b - a);
}

/** A make-up working day is a Saturday or Sunday; on a weekday it would change nothing. */
export function checkHolidayDay(day: HolidayDay): { zh: string; en: string } | null {
  if (!isValidDate(day.date)) return { zh: '日期无效', en: 'not a valid date' };
  const w = weekdayOf(day.date);
  if (day.kind === 'work' && w !== 0 && w !== 6) return { zh: '调休上班日应为周六或周日', en: 'a make-up working day falls on a Saturday or Sunday' };
  return null;
}

/** The calendar with one day set (added or changed); a day is either off or a working day, never both. */
export function withHoliday<C extends HolidayCalendar>(cal: C, day: HolidayDay): C {
  const notes = { ...(cal.notes ?? {}) };
  if (day.note) notes[day.date] = day.note;
  else delete notes[day.date];
  const restDays = cal.restDays.filter((d) => d !== day.date);
  const workDays = cal.workDays.filter((d) => d !== day.date);
  (day.kind === 'rest' ? restDays : workDays).push(day.date);
  return { ...cal, restDays: restDays.sort(), workDays: workDays.sort(), notes };
}

export function withoutHoliday<C extends HolidayCalendar>(cal: C, date: string): C {
  const notes = { ...(cal.notes ?? {}) };
  delete notes[date];
  return { ...cal, restDays: cal.restDays.filter((d) => d !== date), workDays: cal.workDays.filter((d) => d !== date), notes };
}

/** The calendar with one year's days replaced by the given ones; other years stay. */
export function withYear<C extends HolidayCalendar>(cal: C, year: number, days: HolidayDay[]): C {
  const prefix = `${year}-`;
  const notes = Object.fromEntries(Object.entries(cal.notes ?? {}).filter(([d]) => !d.startsWith(prefix)));
  let out: C = { ...cal, restDays: cal.restDays.filter((d) => !d.startsWith(prefix)), workDays: cal.workDays.filter((d) => !d.startsWith(prefix)), notes };
  for (const d of days) out = withHoliday(out, d);
  return out;
}

const REST_WORDS = ['休', '放假', '休息', '假', 'rest', 'off', 'holiday'];
const WORK_WORDS = ['班', '上班', '调休上班', '补班', 'work', 'workday'];

export interface HolidayLineError {
  line: number;
  zh: string;
  en: string;
}

/**
 * Reads pasted lines, one day or a range a line, cells separated by spaces, tabs or commas (as a
 * spreadsheet copies them): `2013-10-01 休 国庆节`, `2013-10-01~2013-10-07 放假 国庆节`,
 * `2013-09-29 班 国庆节调休`. Dates may be written 2013/10/1 or 2013.10.1. Every date must lie in
 * the given year. Blank lines and lines starting with # are skipped.
 */
export function parseHolidayLines(text: string, year: number): { days: HolidayDay[]; errors: HolidayLineError[] } {
  const days = new Map<string, HolidayDay>();
  const errors: HolidayLineError[] = [];
  const lines = text.split(/\r?\n/);
  const dateOf = (s: string): string | null => {
    const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s.trim());
    if (!m) return null;
    const d = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
    return isValidDate(d) ? d : null;
  };
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const n = i + 1;
    const cells = line.split(/[\t,,]+|\s+/).filter(Boolean);
    const [first, kindWord, ...rest] = cells;
    const range = (first ?? '').split(/~|～|至|—|–/);
    const from = dateOf(range[0] ?? '');
    const to = range.length > 1 ? dateOf(range[1] ?? '') : from;
    if (!from || !to || to < from) return errors.push({ line: n, zh: `第 ${n} 行:日期无法识别`, en: `line ${n}: the date cannot be read` });
    const w = (kindWord ?? '').toLowerCase();
    const kind: HolidayKind | null = REST_WORDS.includes(w) ? 'rest' : WORK_WORDS.includes(w) ? 'work' : null;
    if (!kind) return errors.push({ line: n, zh: `第 ${n} 行:请写明“休”或“班”`, en: `line ${n}: say "rest" or "work"` });
    const note = rest.join(' ').slice(0, 60);
    for (let d = from; d <= to; d = addDays(d, 1)) {
      if (!d.startsWith(`${year}-`)) return errors.push({ line: n, zh: `第 ${n} 行:${d} 不在 ${year} 年`, en: `line ${n}: ${d} is not in ${year}` });
      const problem = checkHolidayDay({ date: d, kind, note });
      if (problem) return errors.push({ line: n, zh: `第 ${n} 行:${d} ${problem.zh}`, en: `line ${n}: ${d}: ${problem.en}` });
      days.set(d, { date: d, kind, note });
    }
    return undefined;
  });
  return { days: [...days.values()].sort((a, b) => a.date.localeCompare(b.date)), errors };
}
