import { describe, expect, it } from 'vitest';
import { localDate, startOfLocalDay, zoneOffsetMinutes } from './clock.ts';

describe('local dates (formatters kept per time zone)', () => {
  it('gives the calendar day of an instant in each zone, however the calls interleave', () => {
    const late = new Date('2013-04-30T16:30:00Z'); // already 1 May in Beijing, still 30 April in London
    for (let i = 0; i < 3; i++) {
      expect(localDate(late)).toBe('2013-05-01');
      expect(localDate(late, 'Europe/London')).toBe('2013-04-30');
      expect(localDate(late, 'Asia/Shanghai')).toBe('2013-05-01');
    }
    expect(localDate(new Date('2013-12-31T15:59:59Z'))).toBe('2013-12-31');
    expect(localDate(new Date('2013-12-31T16:00:00Z'))).toBe('2014-01-01');
  });

  it('remembers the last day asked for without ever giving a wrong day, across daylight saving and skipped days', () => {
    // zones whose clocks jump at midnight (Santiago, Havana, Beirut), by half an hour (Lord Howe), or
    // that skipped a whole day (Apia, 30 December 2011), walked in order and at random
    const zones = ['Asia/Shanghai', 'Europe/London', 'America/Santiago', 'America/Havana', 'Asia/Beirut', 'Australia/Lord_Howe', 'Pacific/Apia'];
    const reference = (t: number, timeZone: string) =>
      new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(t));
    const windows = ['2011-12-28T00:00:00Z', '2013-03-08T00:00:00Z', '2013-03-29T00:00:00Z', '2013-09-06T00:00:00Z', '2013-10-25T00:00:00Z', '2013-04-04T00:00:00Z'];
    const instants: number[] = [];
    for (const w of windows) for (let t = Date.parse(w); t < Date.parse(w) + 4 * 86_400_000; t += 17 * 60_000) instants.push(t);
    let seed = 7;
    const shuffled = instants.map((t) => [t, (seed = (seed * 48_271) % 2_147_483_647)] as const).sort((a, b) => a[1] - b[1]).map(([t]) => t);
    let checked = 0;
    for (const order of [instants, shuffled]) {
      for (const timeZone of zones) {
        for (const t of order) {
          expect(localDate(new Date(t), timeZone), `${new Date(t).toISOString()} in ${timeZone}`).toBe(reference(t, timeZone));
          checked++;
        }
      }
    }
    expect(checked).toBe(2 * zones.length * instants.length);
  });

  it('knows each zone its own offset and the start of its day', () => {
    expect(zoneOffsetMinutes(new Date('2013-07-01T00:00:00Z'), 'Asia/Shanghai')).toBe(480);
    expect(zoneOffsetMinutes(new Date('2013-07-01T00:00:00Z'), 'Europe/London')).toBe(60);
    expect(zoneOffsetMinutes(new Date('2013-01-01T00:00:00Z'), 'Europe/London')).toBe(0);
    expect(startOfLocalDay('2013-05-01').toISOString()).toBe('2013-04-30T16:00:00.000Z');
    expect(startOfLocalDay('2013-05-01', 'Europe/London').toISOString()).toBe('2013-04-30T23:00:00.000Z');
  });
});
