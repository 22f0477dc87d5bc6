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

  it('knows each zone its own offset and the start of its day', () => {
    expect(zoneOffsetMinutes(new Date('2013-07-01T00:00:00Z'), 'Asia/Shanghai')).toBe(480);
    expect(zoneOffsetMinutes(new Date('2013-07-01T00:00:00Z'), 'Europe/London')).toBe(60);
    expect(zoneOffsetMinutes(new Date('2013-01-01T00:00:00Z'), 'Europe/London')).toBe(0);
    expect(startOfLocalDay('2013-05-01').toISOString()).toBe('2013-04-30T16:00:00.000Z');
    expect(startOfLocalDay('2013-05-01', 'Europe/London').toISOString()).toBe('2013-04-30T23:00:00.000Z');
  });
});
