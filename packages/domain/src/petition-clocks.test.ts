import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PETITION_CLOCKS,
  NO_SHIFT,
  checkExtension,
  checkPause,
  checkReReviewRequest,
  checkReviewRequest,
  clockState,
  emptyPetitionFacts,
  isRestDay,
  lastDayOfPeriod,
  overdueClocks,
  petitionClocks,
  type PetitionClockPolicy,
  type PetitionFacts,
} from './petition-clocks.ts';
import { addDays } from './ladder.ts';

const R = '2013-05-01';
const day = (n: number) => addDays(R, n);
const facts = (over: Partial<PetitionFacts> = {}): PetitionFacts => ({ ...emptyPetitionFacts(R), ...over });
/** plain day counting, without the last-day rule (tested on its own below) */
const PLAIN: PetitionClockPolicy = { ...DEFAULT_PETITION_CLOCKS, calendar: NO_SHIFT };
const clock = (f: PetitionFacts, today: string, name: string, policy = PLAIN) => petitionClocks(f, today, policy).find((c) => c.name === name)!;

describe('acceptance: decided within 15 days of receipt', () => {
  it('decided on day 15 is in time, on day 16 is late', () => {
    expect(clock(facts({ acceptanceOn: day(15), accepted: true }), day(20), 'acceptance').status).toBe('met');
    expect(clock(facts({ acceptanceOn: day(16), accepted: true }), day(20), 'acceptance').status).toBe('late');
  });
  it('undecided: running on day 15, overdue on day 16', () => {
    const f = facts();
    expect(clock(f, day(15), 'acceptance')).toMatchObject({ status: 'running', dueOn: '2013-05-16', daysLeft: 0 });
    expect(clock(f, day(16), 'acceptance')).toMatchObject({ status: 'overdue', daysLeft: -1 });
    expect(overdueClocks(f, day(15), PLAIN)).toEqual([]);
    expect(overdueClocks(f, day(16), PLAIN).map((c) => c.name)).toEqual(['acceptance']);
  });
  it('a rejection (不予受理) stops the acceptance clock and starts no handling clock', () => {
    const cs = petitionClocks(facts({ acceptanceOn: day(3), accepted: false }), day(100));
    expect(cs.map((c) => c.name)).toEqual(['acceptance']);
  });
});

describe('handling: 60 days from acceptance, extendable once by up to 30', () => {
  const accepted = facts({ acceptanceOn: day(5), accepted: true });
  it('replied on day 60 after acceptance is in time, day 61 late; open on day 61 is overdue', () => {
    expect(clock({ ...accepted, repliedOn: day(65) }, day(70), 'handling').status).toBe('met');
    expect(clock({ ...accepted, repliedOn: day(66) }, day(70), 'handling').status).toBe('late');
    expect(clock(accepted, day(65), 'handling').status).toBe('running');
    expect(clock(accepted, day(66), 'handling').status).toBe('overdue');
  });
  it('an extension of 30 days moves the due date by 30', () => {
    const ext = { ...accepted, extension: { days: 30, approvedBy: '局长', on: day(50) } };
    expect(clock(ext, day(95), 'handling')).toMatchObject({ status: 'running', dueOn: day(95), limitDays: 90 });
    expect(clock(ext, day(96), 'handling').status).toBe('overdue');
  });
  it('extension: once only, 1 to 30 days, approved by the head, before the period runs out', () => {
    expect(checkExtension(accepted, 30, '局长', day(50))).toEqual({ ok: true });
    expect(checkExtension(accepted, 31, '局长', day(50)).ok).toBe(false);
    expect(checkExtension(accepted, 0, '局长', day(50)).ok).toBe(false);
    expect(checkExtension(accepted, 10, '  ', day(50)).ok).toBe(false);
    expect(checkExtension(accepted, 10, '局长', day(65))).toEqual({ ok: true });
    expect(checkExtension(accepted, 10, '局长', day(66)).ok).toBe(false);
    const once = { ...accepted, extension: { days: 10, approvedBy: '局长', on: day(40) } };
    const again = checkExtension(once, 10, '局长', day(50));
    expect(again).toMatchObject({ ok: false, en: 'the handling period can be extended only once' });
    expect(checkExtension(facts(), 10, '局长', day(5)).ok).toBe(false);
    expect(checkExtension({ ...accepted, repliedOn: day(20) }, 10, '局长', day(30)).ok).toBe(false);
  });
});

describe('hearings are not counted', () => {
  it('a closed 10-day hearing moves the handling due date by 10', () => {
    const f = facts({ acceptanceOn: day(5), accepted: true, pauses: [{ from: day(20), to: day(30) }] });
    expect(clock(f, day(75), 'handling')).toMatchObject({ status: 'running', dueOn: day(75), pausedDays: 10 });
    expect(clock(f, day(76), 'handling').status).toBe('overdue');
    expect(clock({ ...f, repliedOn: day(75) }, day(80), 'handling').status).toBe('met');
  });
  it('an open hearing pauses the clock: never overdue while paused, counting resumes when it ends', () => {
    const open = facts({ acceptanceOn: day(5), accepted: true, pauses: [{ from: day(60), to: null }] });
    const during = clock(open, day(90), 'handling');
    expect(during.status).toBe('paused');
    expect(during.pausedDays).toBe(30);
    const resumed = { ...open, pauses: [{ from: day(60), to: day(90) }] };
    expect(clock(resumed, day(95), 'handling')).toMatchObject({ status: 'running', dueOn: day(95) });
    expect(clock(resumed, day(96), 'handling').status).toBe('overdue');
  });
  it('a hearing before acceptance pauses the acceptance clock only', () => {
    const f = facts({ pauses: [{ from: day(2), to: day(7) }] });
    expect(clock(f, day(20), 'acceptance')).toMatchObject({ status: 'running', dueOn: day(20) });
    const accepted = { ...f, acceptanceOn: day(20), accepted: true };
    expect(clock(accepted, day(80), 'handling')).toMatchObject({ dueOn: day(80), pausedDays: 0 });
  });
  it('a pause that starts before a clock counts only from the clock start', () => {
    expect(clockState('handling', day(10), 60, null, [{ from: day(5), to: day(15) }], day(70)).pausedDays).toBe(5);
  });
  it('pauses cannot overlap or nest', () => {
    expect(checkPause(facts({ pauses: [{ from: day(2), to: null }] }), day(3)).ok).toBe(false);
    expect(checkPause(facts({ pauses: [{ from: day(2), to: day(8) }] }), day(5)).ok).toBe(false);
    expect(checkPause(facts({ pauses: [{ from: day(2), to: day(8) }] }), day(8))).toEqual({ ok: true });
    expect(checkPause(facts(), '2013-04-01').ok).toBe(false);
  });
});

describe('review (复查) and re-review (复核)', () => {
  const replied = facts({ acceptanceOn: day(5), accepted: true, repliedOn: day(40) });
  it('review may be asked for on day 30 after the reply, not on day 31', () => {
    expect(checkReviewRequest(replied, day(70))).toEqual({ ok: true });
    expect(checkReviewRequest(replied, day(71)).ok).toBe(false);
    expect(checkReviewRequest(facts(), day(10)).ok).toBe(false);
    expect(checkReviewRequest({ ...replied, reviewRequestedOn: day(45) }, day(50)).ok).toBe(false);
  });
  it('a review is decided within 30 days of the request', () => {
    const r = { ...replied, reviewRequestedOn: day(50) };
    expect(clock(r, day(80), 'review').status).toBe('running');
    expect(clock(r, day(81), 'review').status).toBe('overdue');
    expect(clock({ ...r, reviewDecidedOn: day(80) }, day(90), 'review').status).toBe('met');
    expect(clock({ ...r, reviewDecidedOn: day(81) }, day(90), 'review').status).toBe('late');
  });
  it('re-review likewise: asked within 30 days of the review decision, decided within 30', () => {
    const r = { ...replied, reviewRequestedOn: day(50), reviewDecidedOn: day(60) };
    expect(checkReReviewRequest(r, day(90))).toEqual({ ok: true });
    expect(checkReReviewRequest(r, day(91)).ok).toBe(false);
    expect(checkReReviewRequest(replied, day(50)).ok).toBe(false);
    const rr = { ...r, reReviewRequestedOn: day(70) };
    expect(clock(rr, day(100), 'reReview').status).toBe('running');
    expect(clock(rr, day(101), 'reReview').status).toBe('overdue');
    expect(overdueClocks(rr, day(101)).map((c) => c.name)).toEqual(['reReview']);
  });
  it('a hearing during review is not counted', () => {
    const r = { ...replied, reviewRequestedOn: day(50), pauses: [{ from: day(55), to: day(60) }] };
    expect(clock(r, day(85), 'review')).toMatchObject({ status: 'running', dueOn: day(85) });
  });
});

describe('the last day of a period: a rest day moves it to the next working day (民法典 Art. 203)', () => {
  // the State Council's 2013 schedule around National Day: 1–7 October off, Sunday 29 September and
  // Saturday 12 October worked
  const Y2013: PetitionClockPolicy = { ...DEFAULT_PETITION_CLOCKS, calendar: { shiftToWorkingDay: true, restDays: ['2013-10-01', '2013-10-02', '2013-10-03', '2013-10-04', '2013-10-05', '2013-10-06', '2013-10-07'], workDays: ['2013-09-29', '2013-10-12'] } };
  const cal = Y2013.calendar;

  it('weekends and holidays are rest days, make-up working days are not', () => {
    expect(isRestDay('2013-05-18', cal)).toBe(true); // Saturday
    expect(isRestDay('2013-05-17', cal)).toBe(false); // Friday
    expect(isRestDay('2013-10-03', cal)).toBe(true); // Thursday, National Day holiday
    expect(isRestDay('2013-09-29', cal)).toBe(false); // Sunday worked
    expect(lastDayOfPeriod('2013-10-01', cal)).toBe('2013-10-08');
    expect(lastDayOfPeriod('2013-10-12', cal)).toBe('2013-10-12');
    expect(lastDayOfPeriod('2013-05-18', cal)).toBe('2013-05-20');
    expect(lastDayOfPeriod('2013-05-18', NO_SHIFT)).toBe('2013-05-18');
  });

  it('acceptance due on National Day: in time on 8 October, overdue on the 9th; days inside are counted', () => {
    const f = emptyPetitionFacts('2013-09-16'); // day 15 is 1 October
    const c = petitionClocks(f, '2013-10-08', Y2013)[0]!;
    expect(c).toMatchObject({ dueOn: '2013-10-08', status: 'running', daysLeft: 0 });
    expect(petitionClocks(f, '2013-10-09', Y2013)[0]!.status).toBe('overdue');
    expect(petitionClocks({ ...f, acceptanceOn: '2013-10-08', accepted: true }, '2013-10-20', Y2013)[0]!.status).toBe('met');
    expect(petitionClocks({ ...f, acceptanceOn: '2013-10-09', accepted: true }, '2013-10-20', Y2013)[0]!.status).toBe('late');
    // the holidays in the middle of a period do not lengthen it
    expect(petitionClocks(emptyPetitionFacts('2013-09-25'), '2013-09-25', Y2013)[0]!.dueOn).toBe('2013-10-10');
  });

  it('a due date on a make-up working Sunday stays', () => {
    expect(petitionClocks(emptyPetitionFacts('2013-09-14'), '2013-09-14', Y2013)[0]!.dueOn).toBe('2013-09-29');
  });

  it('a hearing pushes the due date first, then the rest-day rule applies to where it lands', () => {
    // accepted 2 August: 60 days end 1 October; a 3-day hearing moves it to 4 October, a holiday → 8 October
    const f: PetitionFacts = { ...emptyPetitionFacts('2013-08-01'), acceptanceOn: '2013-08-02', accepted: true };
    expect(clock(f, '2013-08-10', 'handling', Y2013).dueOn).toBe('2013-10-08');
    const paused = { ...f, pauses: [{ from: '2013-08-10', to: '2013-08-13' }] };
    expect(clock(paused, '2013-08-20', 'handling', Y2013)).toMatchObject({ dueOn: '2013-10-08', pausedDays: 3 });
    // a 10-day hearing: 11 October, a Friday, working
    const long = { ...f, pauses: [{ from: '2013-08-10', to: '2013-08-20' }] };
    expect(clock(long, '2013-08-25', 'handling', Y2013)).toMatchObject({ dueOn: '2013-10-11', pausedDays: 10 });
  });

  it('an extension counts from the original start; the extended end on a rest day moves too', () => {
    // accepted 1 June: 60 + 30 days end Friday 30 August (working); + 31 would be Saturday
    const f: PetitionFacts = { ...emptyPetitionFacts('2013-06-01'), acceptanceOn: '2013-06-01', accepted: true, extension: { days: 30, approvedBy: '局长', on: '2013-07-20' } };
    expect(clock(f, '2013-08-30', 'handling', Y2013)).toMatchObject({ dueOn: '2013-08-30', status: 'running', limitDays: 90 });
    expect(clock(f, '2013-08-31', 'handling', Y2013).status).toBe('overdue');
    const pausedOneDay = { ...f, pauses: [{ from: '2013-07-01', to: '2013-07-02' }] };
    expect(clock(pausedOneDay, '2013-08-31', 'handling', Y2013)).toMatchObject({ dueOn: '2013-09-02', status: 'running' });
    // an extension is allowed on the shifted last day of the unextended period, not after it
    const a: PetitionFacts = { ...emptyPetitionFacts('2013-08-01'), acceptanceOn: '2013-08-02', accepted: true };
    expect(checkExtension(a, 10, '局长', '2013-10-08', Y2013).ok).toBe(true);
    expect(checkExtension(a, 10, '局长', '2013-10-09', Y2013).ok).toBe(false);
  });

  it('the petitioner may still ask for review on the next working day when day 30 is a rest day', () => {
    // replied 1 September: day 30 is 1 October
    const f: PetitionFacts = { ...emptyPetitionFacts('2013-06-01'), acceptanceOn: '2013-06-01', accepted: true, repliedOn: '2013-09-01' };
    expect(checkReviewRequest(f, '2013-10-08', Y2013).ok).toBe(true);
    expect(checkReviewRequest(f, '2013-10-09', Y2013).ok).toBe(false);
    expect(checkReviewRequest(f, '2013-10-02', PLAIN).ok).toBe(false);
    const decided = { ...f, reviewRequestedOn: '2013-09-05', reviewDecidedOn: '2013-09-01' };
    expect(checkReReviewRequest(decided, '2013-10-08', Y2013).ok).toBe(true);
    expect(checkReReviewRequest(decided, '2013-10-09', Y2013).ok).toBe(false);
  });
});
