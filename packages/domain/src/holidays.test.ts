import { describe, expect, it } from 'vitest';
import { checkHolidayDay, holidaysOfYear, holidayYears, parseHolidayLines, withHoliday, withoutHoliday, withYear, type HolidayCalendar } from './holidays.ts';
import { isRestDay } from './petition-clocks.ts';

const empty: HolidayCalendar = { shiftToWorkingDay: true, restDays: [], workDays: [] };

describe('the holiday schedule', () => {
  it('reads pasted lines: single days, ranges, tabs and Chinese dates', () => {
    const { days, errors } = parseHolidayLines('# 2013 国庆\n2013-10-01~2013-10-03\t休\t国庆节\n2013/9/29 班 国庆节调休\n\n2013年10月12日,上班,调休', 2013);
    expect(errors).toEqual([]);
    expect(days.map((d) => `${d.date} ${d.kind} ${d.note}`)).toEqual([
      '2013-09-29 work 国庆节调休',
      '2013-10-01 rest 国庆节',
      '2013-10-02 rest 国庆节',
      '2013-10-03 rest 国庆节',
      '2013-10-12 work 调休',
    ]);
  });

  it('names the line of every mistake', () => {
    const { days, errors } = parseHolidayLines('2013-10-01 休\n2013-13-01 休\n2014-01-01 休\n2013-10-08 班\n2013-10-05 ?', 2013);
    expect(days.map((d) => d.date)).toEqual(['2013-10-01']);
    expect(errors.map((e) => e.line)).toEqual([2, 3, 4, 5]);
    expect(errors[2]!.zh).toContain('周六或周日');
  });

  it('a make-up working day must fall on a weekend', () => {
    expect(checkHolidayDay({ date: '2013-09-29', kind: 'work', note: '' })).toBeNull(); // Sunday
    expect(checkHolidayDay({ date: '2013-09-30', kind: 'work', note: '' })).not.toBeNull(); // Monday
    expect(checkHolidayDay({ date: '2013-02-30', kind: 'rest', note: '' })).not.toBeNull();
  });

  it('a day is either off or a working day; removing it drops its note', () => {
    let cal = withHoliday(empty, { date: '2013-10-07', kind: 'rest', note: '国庆节' });
    expect(isRestDay('2013-10-07', cal)).toBe(true);
    cal = withHoliday(cal, { date: '2013-10-12', kind: 'work', note: '调休' });
    expect(isRestDay('2013-10-12', cal)).toBe(false); // a Saturday
    cal = withoutHoliday(cal, '2013-10-07');
    expect(isRestDay('2013-10-07', cal)).toBe(false); // a Monday again
    expect(cal.notes).toEqual({ '2013-10-12': '调休' });
    cal = withHoliday(cal, { date: '2013-10-12', kind: 'rest', note: '' });
    expect(cal.workDays).toEqual([]);
    expect(cal.restDays).toEqual(['2013-10-12']);
  });

  it('replacing a year leaves the other years alone', () => {
    let cal = withHoliday(empty, { date: '2012-10-01', kind: 'rest', note: '国庆节' });
    cal = withHoliday(cal, { date: '2013-05-01', kind: 'rest', note: '劳动节' });
    cal = withYear(cal, 2013, [{ date: '2013-10-01', kind: 'rest', note: '国庆节' }]);
    expect(cal.restDays).toEqual(['2012-10-01', '2013-10-01']);
    expect(holidaysOfYear(cal, 2013)).toEqual([{ date: '2013-10-01', kind: 'rest', note: '国庆节' }]);
    expect(holidayYears(cal)).toEqual([2013, 2012]);
  });
});
