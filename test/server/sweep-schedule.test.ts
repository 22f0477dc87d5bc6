/**
 * When `serve` sweeps: daily at 01:00 China Standard Time by default (the "daily by
 * default"), every N minutes when LUOSHI_SWEEP_MINUTES is set, never with 0; bad values refused.
 */
import { describe, expect, it } from 'vitest';
import { msUntilDaily, sweepSchedule } from '../../apps/server/src/modules/sweep/schedule.ts';

describe('the sweep schedule of serve', () => {
  it('is daily at 01:00 by default, claimed for an hour; LUOSHI_SWEEP_AT moves it', () => {
    expect(sweepSchedule({})).toEqual({ kind: 'daily', hour: 1, minute: 0, claimMinutes: 60 });
    expect(sweepSchedule({ LUOSHI_SWEEP_AT: ' 6:30 ' })).toEqual({ kind: 'daily', hour: 6, minute: 30, claimMinutes: 60 });
    expect(sweepSchedule({ LUOSHI_SWEEP_AT: '23:59' })).toMatchObject({ hour: 23, minute: 59 });
  });
  it('LUOSHI_SWEEP_MINUTES sweeps every so many minutes (claimed for half of that), 0 never', () => {
    expect(sweepSchedule({ LUOSHI_SWEEP_MINUTES: '60' })).toEqual({ kind: 'every', minutes: 60, claimMinutes: 30 });
    expect(sweepSchedule({ LUOSHI_SWEEP_MINUTES: '0', LUOSHI_SWEEP_AT: '02:00' })).toEqual({ kind: 'off' });
    expect(sweepSchedule({ LUOSHI_SWEEP_MINUTES: '' })).toMatchObject({ kind: 'daily' });
  });
  it('refuses what it cannot read, naming the variable', () => {
    for (const v of ['24:00', '1', '01:60', 'noon', '-1:00']) expect(() => sweepSchedule({ LUOSHI_SWEEP_AT: v })).toThrow(/LUOSHI_SWEEP_AT/);
    for (const v of ['-5', 'hourly']) expect(() => sweepSchedule({ LUOSHI_SWEEP_MINUTES: v })).toThrow(/LUOSHI_SWEEP_MINUTES/);
  });
  it('waits until the next 01:00 in Beijing time, whatever the server’s own zone', () => {
    // 2013-07-01 00:30 in Beijing is 2013-06-30 16:30 UTC: half an hour to go
    expect(msUntilDaily(new Date('2013-06-30T16:30:00Z'), 1, 0)).toBe(30 * 60_000);
    // 01:00 exactly has just been: the next is tomorrow
    expect(msUntilDaily(new Date('2013-06-30T17:00:00Z'), 1, 0)).toBe(86_400_000);
    // 15:00 in Beijing: ten hours to 01:00
    expect(msUntilDaily(new Date('2013-07-01T07:00:00Z'), 1, 0)).toBe(10 * 3_600_000);
    // 23:59 on 31 December: the next is 2 minutes later, on 1 January
    expect(msUntilDaily(new Date('2013-12-31T15:59:00Z'), 0, 1)).toBe(2 * 60_000);
  });
});
