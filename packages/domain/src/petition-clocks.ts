/**
 * The legal clocks of a 信访 case (信访条例 2005, Art. 21–22, 33–36; SPEC §10) as pure functions:
 * - acceptance (受理): decided within 15 days of receipt;
 * - handling (办理): finished within 60 days of acceptance, extendable once by up to 30 days with
 *   the approval of the head of the organ (Art. 33);
 * - review (复查): asked for within 30 days of receiving the reply, decided within 30 days (Art. 34);
 * - re-review (复核): asked for within 30 days of the review decision, decided within 30 (Art. 35).
 * Time spent on hearings (听证) is not counted (Art. 34–35): every day inside a pause moves the
 * clock's due date one day later.
 *
 * Days are calendar days (YYYY-MM-DD, local to the county): the 条例 says 日, not 工作日 (contrast
 * 行政许可法 Art. 82, which says 工作日 and excludes holidays). As the general rules on periods put
 * it (民法典 Art. 201, 203; 民事诉讼法 Art. 85): the day of the event is not counted — a petition
 * received on 1 May must be decided by 16 May (day 15), on 17 May it is late — and a period whose
 * last day is a statutory rest day (a weekend that is not a make-up working day, or a public
 * holiday of the State Council's yearly schedule) ends on the next working day. Days inside the
 * period are never skipped. The numbers and the holiday schedule are policy data
 * (CasePolicy.petition), not constants; see docs/petition-clocks.md.
 */
import { addDays } from './ladder.ts';
import { daysBetween } from './lights.ts';

export interface PetitionClockPolicy {
  acceptDays: number;
  handleDays: number;
  extensionMaxDays: number;
  reviewRequestDays: number;
  reviewDecideDays: number;
  reReviewRequestDays: number;
  reReviewDecideDays: number;
  calendar: RestCalendar;
}

/**
 * Rest days for the last-day rule: Saturdays and Sundays, plus the public holidays (restDays) of the
 * State Council's yearly schedule, minus its make-up working days (workDays, 调休上班).
 */
export interface RestCalendar {
  /** move a due date that falls on a rest day to the next working day */
  shiftToWorkingDay: boolean;
  restDays: string[];
  workDays: string[];
}

export const NO_SHIFT: RestCalendar = { shiftToWorkingDay: false, restDays: [], workDays: [] };

export const DEFAULT_PETITION_CLOCKS: PetitionClockPolicy = {
  acceptDays: 15,
  handleDays: 60,
  extensionMaxDays: 30,
  reviewRequestDays: 30,
  reviewDecideDays: 30,
  reReviewRequestDays: 30,
  reReviewDecideDays: 30,
  calendar: { shiftToWorkingDay: true, restDays: [], workDays: [] },
};

/** Is this day a rest day: a public holiday, or a weekend day that is not a make-up working day? */
export function isRestDay(day: string, cal: RestCalendar): boolean {
  if (cal.workDays.includes(day)) return false;
  if (cal.restDays.includes(day)) return true;
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** The last day of a period: `day` itself, or the next working day when it is a rest day. */
export function lastDayOfPeriod(day: string, cal: RestCalendar): string {
  if (!cal.shiftToWorkingDay) return day;
  let d = day;
  for (let i = 0; i < 60 && isRestDay(d, cal); i++) d = addDays(d, 1);
  return d;
}

/** A hearing or other period not counted; `to` is the day counting resumes (null: still paused). */
export interface ClockPause {
  from: string;
  to: string | null;
}

export interface PetitionFacts {
  receivedOn: string;
  /** the day acceptance was decided, and whether it was accepted */
  acceptanceOn: string | null;
  accepted: boolean | null;
  extension: { days: number; approvedBy: string; on: string } | null;
  /** the day the written reply (处理意见书) was given */
  repliedOn: string | null;
  reviewRequestedOn: string | null;
  reviewDecidedOn: string | null;
  reReviewRequestedOn: string | null;
  reReviewDecidedOn: string | null;
  pauses: ClockPause[];
}

export const CLOCK_NAMES = ['acceptance', 'handling', 'review', 'reReview'] as const;
export type ClockName = (typeof CLOCK_NAMES)[number];
export const CLOCK_LABELS: Record<ClockName, { zh: string; en: string }> = {
  acceptance: { zh: '受理告知', en: 'Acceptance decision' },
  handling: { zh: '办理答复', en: 'Handling and reply' },
  review: { zh: '复查', en: 'Review' },
  reReview: { zh: '复核', en: 'Re-review' },
};

/**
 * running: counting; paused: inside a hearing; met: stopped on or before the due date;
 * late: stopped after it; overdue: not stopped and past due (this is what starts a 督办).
 */
export type ClockStatus = 'running' | 'paused' | 'met' | 'late' | 'overdue';

export interface ClockState {
  name: ClockName;
  startedOn: string;
  /** the due date, moved later by every paused day so far (for an open pause, as of today) */
  dueOn: string;
  stoppedOn: string | null;
  status: ClockStatus;
  pausedDays: number;
  /** days until due (negative when past), while running or paused */
  daysLeft: number | null;
  limitDays: number;
}

/** Days of the pauses inside [start, end): a paused day is not counted. */
export function pausedDaysBetween(pauses: ClockPause[], start: string, end: string): number {
  let total = 0;
  for (const p of pauses) {
    const from = p.from > start ? p.from : start;
    const to = p.to === null || p.to > end ? end : p.to;
    if (to > from) total += daysBetween(from, to);
  }
  return total;
}

function openPause(pauses: ClockPause[], start: string, today: string): boolean {
  return pauses.some((p) => p.to === null && p.from >= start && p.from <= today);
}

/**
 * One clock: `limit` days from `start`, not counting paused days, stopped on `stop`; with a
 * calendar, a due date on a rest day moves to the next working day.
 */
export function clockState(name: ClockName, start: string, limit: number, stop: string | null, pauses: ClockPause[], today: string, cal: RestCalendar = NO_SHIFT): ClockState {
  const end = stop ?? today;
  // pauses count up to the stop (or today), and at most until the due date they themselves extend
  const pausedDays = pausedDaysBetween(pauses, start, end > start ? end : start);
  const dueOn = lastDayOfPeriod(addDays(start, limit + pausedDays), cal);
  let status: ClockStatus;
  if (stop) status = stop <= dueOn ? 'met' : 'late';
  else if (openPause(pauses, start, today)) status = 'paused';
  else status = today > dueOn ? 'overdue' : 'running';
  return { name, startedOn: start, dueOn, stoppedOn: stop, status, pausedDays, daysLeft: stop ? null : daysBetween(today, dueOn), limitDays: limit };
}

/** Every clock that has started for a petition, as of `today`. */
export function petitionClocks(f: PetitionFacts, today: string, policy: PetitionClockPolicy = DEFAULT_PETITION_CLOCKS): ClockState[] {
  const cal = policy.calendar ?? NO_SHIFT;
  const out: ClockState[] = [clockState('acceptance', f.receivedOn, policy.acceptDays, f.acceptanceOn, f.pauses, today, cal)];
  if (f.accepted && f.acceptanceOn) {
    const limit = policy.handleDays + (f.extension?.days ?? 0);
    out.push(clockState('handling', f.acceptanceOn, limit, f.repliedOn, f.pauses, today, cal));
  }
  if (f.reviewRequestedOn) out.push(clockState('review', f.reviewRequestedOn, policy.reviewDecideDays, f.reviewDecidedOn, f.pauses, today, cal));
  if (f.reReviewRequestedOn) out.push(clockState('reReview', f.reReviewRequestedOn, policy.reReviewDecideDays, f.reReviewDecidedOn, f.pauses, today, cal));
  return out;
}

/** Clocks past due and still open: each is a case for 督办 like a late task. */
export function overdueClocks(f: PetitionFacts, today: string, policy: PetitionClockPolicy = DEFAULT_PETITION_CLOCKS): ClockState[] {
  return petitionClocks(f, today, policy).filter((c) => c.status === 'overdue');
}

export type ClockRefusal = { ok: false; zh: string; en: string };
export type ClockCheck = { ok: true } | ClockRefusal;
const refuse = (zh: string, en: string): ClockRefusal => ({ ok: false, zh, en });

/**
 * May the handling period be extended by `days` on `on`? Once only, by at most the policy's
 * maximum, approved by the head of the organ, and only while the period is still running.
 */
export function checkExtension(f: PetitionFacts, days: number, approvedBy: string, on: string, policy: PetitionClockPolicy = DEFAULT_PETITION_CLOCKS): ClockCheck {
  if (!f.accepted || !f.acceptanceOn) return refuse('尚未受理,不能延长办理期限', 'the petition has not been accepted');
  if (f.extension) return refuse('办理期限只能延长一次', 'the handling period can be extended only once');
  if (f.repliedOn) return refuse('已经答复,无需延长', 'the petition has been replied to');
  if (!Number.isInteger(days) || days < 1 || days > policy.extensionMaxDays) {
    return refuse(`延长天数须为 1 至 ${policy.extensionMaxDays} 天`, `an extension is 1 to ${policy.extensionMaxDays} days`);
  }
  if (!approvedBy.trim()) return refuse('延长须经本机关负责人批准', 'an extension needs the approval of the head of the organ');
  const handling = clockState('handling', f.acceptanceOn, policy.handleDays, null, f.pauses, on, policy.calendar ?? NO_SHIFT);
  if (on > handling.dueOn) return refuse('办理期限已过,不能再延长', 'the handling period has already run out');
  return { ok: true };
}

/** May the petitioner ask for review (复查) on `on`? Within the policy's days of the reply. */
export function checkReviewRequest(f: PetitionFacts, on: string, policy: PetitionClockPolicy = DEFAULT_PETITION_CLOCKS): ClockCheck {
  if (!f.repliedOn) return refuse('尚未出具处理意见,不能申请复查', 'there is no reply to review yet');
  if (f.reviewRequestedOn) return refuse('已经申请过复查', 'a review was already requested');
  if (on < f.repliedOn) return refuse('申请日期早于答复日期', 'the request predates the reply');
  if (on > lastDayOfPeriod(addDays(f.repliedOn, policy.reviewRequestDays), policy.calendar ?? NO_SHIFT)) {
    return refuse(`复查须在收到处理意见之日起 ${policy.reviewRequestDays} 日内提出`, `a review must be asked for within ${policy.reviewRequestDays} days of the reply`);
  }
  return { ok: true };
}

/** May the petitioner ask for re-review (复核) on `on`? Within the policy's days of the review decision. */
export function checkReReviewRequest(f: PetitionFacts, on: string, policy: PetitionClockPolicy = DEFAULT_PETITION_CLOCKS): ClockCheck {
  if (!f.reviewDecidedOn) return refuse('尚无复查意见,不能申请复核', 'there is no review decision to re-review');
  if (f.reReviewRequestedOn) return refuse('已经申请过复核', 'a re-review was already requested');
  if (on < f.reviewDecidedOn) return refuse('申请日期早于复查意见日期', 'the request predates the review decision');
  if (on > lastDayOfPeriod(addDays(f.reviewDecidedOn, policy.reReviewRequestDays), policy.calendar ?? NO_SHIFT)) {
    return refuse(`复核须在收到复查意见之日起 ${policy.reReviewRequestDays} 日内提出`, `a re-review must be asked for within ${policy.reReviewRequestDays} days of the review decision`);
  }
  return { ok: true };
}

/** May a hearing pause start on `on`? Not while another is open, and only while a clock runs. */
export function checkPause(f: PetitionFacts, on: string): ClockCheck {
  if (f.pauses.some((p) => p.to === null)) return refuse('已有未结束的听证', 'a hearing is already open');
  if (f.pauses.some((p) => p.to !== null && on < p.to)) return refuse('与已有听证期间重叠', 'overlaps an earlier hearing');
  if (on < f.receivedOn) return refuse('日期早于收到信访事项之日', 'the date predates the petition');
  return { ok: true };
}

export function emptyPetitionFacts(receivedOn: string): PetitionFacts {
  return {
    receivedOn,
    acceptanceOn: null,
    accepted: null,
    extension: null,
    repliedOn: null,
    reviewRequestedOn: null,
    reviewDecidedOn: null,
    reReviewRequestedOn: null,
    reReviewDecidedOn: null,
    pauses: [],
  };
}
