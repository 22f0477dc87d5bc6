/**
 * When `serve` sweeps. By default once a day, at 01:00 China Standard Time (LUOSHI_SWEEP_AT), so
 * that work due yesterday is found first thing, and once soon after start (a server started in the
 * afternoon does not wait until the night). LUOSHI_SWEEP_MINUTES > 0 sweeps every so many minutes
 * instead; 0 never (`luoshi sweep` from cron). Of several instances on one database, the first to
 * claim a run does it (runScheduledSweep): `claimMinutes` is how long a claim keeps the others off.
 */
import { addDays, localDate, startOfLocalDay } from '@luoshi/domain';

export type SweepSchedule =
  | { kind: 'daily'; hour: number; minute: number; claimMinutes: number }
  | { kind: 'every'; minutes: number; claimMinutes: number }
  | { kind: 'off' };

const TIME_ZONE = 'Asia/Shanghai';

export function sweepSchedule(env: NodeJS.ProcessEnv): SweepSchedule {
  const minutes = env.LUOSHI_SWEEP_MINUTES;
  if (minutes !== undefined && minutes.trim() !== '') {
    const n = Number(minutes);
    if (!Number.isFinite(n) || n < 0) throw new Error(`LUOSHI_SWEEP_MINUTES 须为非负数 must be a number ≥ 0: ${minutes}`);
    // a claim lasts half a period, so timers that drift never run it twice in one period
    return n === 0 ? { kind: 'off' } : { kind: 'every', minutes: n, claimMinutes: n / 2 };
  }
  const at = (env.LUOSHI_SWEEP_AT ?? '01:00').trim();
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(at);
  if (!m) throw new Error(`LUOSHI_SWEEP_AT 须为 HH:MM must be HH:MM: ${at}`);
  // instances sweeping at the same hour of the day fire within seconds of each other
  return { kind: 'daily', hour: Number(m[1]), minute: Number(m[2]), claimMinutes: 60 };
}

/** Milliseconds from `now` to the next hour:minute of the day in China Standard Time (never 0). */
export function msUntilDaily(now: Date, hour: number, minute: number): number {
  const today = localDate(now, TIME_ZONE);
  for (const day of [today, addDays(today, 1)]) {
    const at = startOfLocalDay(day, TIME_ZONE).getTime() + (hour * 60 + minute) * 60_000;
    if (at > now.getTime()) return at - now.getTime();
  }
  return 86_400_000;
}
