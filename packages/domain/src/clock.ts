/** Time is injected: every rule takes `now` from a Clock, so a campaign year can be replayed. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that starts at `start` and runs forward with real time (LUOSHI_NOW). */
export function offsetClock(start: Date, base: Clock = systemClock): Clock {
  const offset = start.getTime() - base.now().getTime();
  return { now: () => new Date(base.now().getTime() + offset) };
}

/** A clock that only moves when told to; for tests and replays. */
export class ManualClock implements Clock {
  private t: number;
  constructor(start: Date | string) {
    this.t = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.t);
  }
  set(at: Date | string): void {
    this.t = new Date(at).getTime();
  }
  advance(ms: number): void {
    this.t += ms;
  }
  advanceDays(days: number): void {
    this.t += days * 86_400_000;
  }
}

export const DAY_MS = 86_400_000;

/** ISO-8601 UTC text: the one timestamp representation stored in both databases. */
export function iso(d: Date): string {
  return d.toISOString();
}

/**
 * Formatters by time zone: making an Intl.DateTimeFormat costs far more than using one, and
 * localDate runs for every task on every request and sweep.
 */
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const instantFormats = new Map<string, Intl.DateTimeFormat>();

function formatOf(cache: Map<string, Intl.DateTimeFormat>, timeZone: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = cache.get(timeZone);
  if (!f) {
    f = make();
    cache.set(timeZone, f);
  }
  return f;
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone; government deadlines are local dates. */
export function localDate(d: Date, timeZone = 'Asia/Shanghai'): string {
  const t = d.getTime();
  const day = lastDays.get(timeZone);
  if (day && t >= day.from && t < day.to) return day.date;
  const date = formatDate(t, timeZone);
  rememberDay(timeZone, date);
  return date;
}

function formatDate(t: number, timeZone: string): string {
  const parts = formatOf(dateFormats, timeZone, () => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })).formatToParts(t);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/**
 * The local day last asked for, per time zone, as the instants it spans: nearly every call of a
 * request or a sweep asks for the same day, and formatting costs microseconds each time. The span
 * is kept only when both of its ends format to that day (local dates never go backwards, so every
 * instant between does too); a zone whose day does not begin where startOfLocalDay finds it is
 * simply formatted every time.
 */
const lastDays = new Map<string, { from: number; to: number; date: string }>();

function rememberDay(timeZone: string, date: string): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return;
  const from = startOfLocalDay(date, timeZone).getTime();
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  const to = startOfLocalDay(next.toISOString().slice(0, 10), timeZone).getTime();
  if (to > from && formatDate(from, timeZone) === date && formatDate(to - 1, timeZone) === date) lastDays.set(timeZone, { from, to, date });
}

/** Minutes a time zone is ahead of UTC at an instant (480 for Asia/Shanghai). */
export function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  const parts = formatOf(
    instantFormats,
    timeZone,
    () =>
      new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      }),
  ).formatToParts(instant);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/** The instant a local calendar day begins, e.g. 2013-05-01 in Asia/Shanghai → 2013-04-30T16:00Z. */
export function startOfLocalDay(date: string, timeZone = 'Asia/Shanghai'): Date {
  const guess = new Date(`${date}T00:00:00Z`);
  return new Date(guess.getTime() - zoneOffsetMinutes(guess, timeZone) * 60_000);
}
