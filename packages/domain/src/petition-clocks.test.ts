import { describe, expect, it } from 'vitest';
import { checkExtension, checkPause, checkReReviewRequest, checkReviewRequest, clockState, emptyPetitionFacts, overdueClocks, petitionClocks, type PetitionFacts } from './petition-clocks.ts';
import { addDays } from './ladder.ts';

const R = '2013-05-01';
const day = (n: number) => addDays(R, n);
const facts = (over: Partial<PetitionFacts> = {}): PetitionFacts => ({ ...emptyPetitionFacts(R), ...over });
const clock = (f: PetitionFacts, today: string, name: string) => petitionClocks(f, today).find((c) => c.name === name)!;

describe('acceptance: decided within 15 days of receipt', () => {
  it('decided on day 15 is in time, on day 16 is late', () => {
    expect(clock(facts({ acceptanceOn: day(15), accepted: true }), day(20), 'acceptance').status).toBe('met');
    expect(clock(facts({ acceptanceOn: day(16), accepted: true }), day(20), 'acceptance').status).toBe('late');
  });
  it('undecided: running on day 15, overdue on day 16', () => {
    const f = facts();
    expect(clock(f, day(15), 'acceptance')).toMatchObject({ status: 'running', dueOn: '2013-05-16', daysLeft: 0 });
    expect(clock(f, day(16), 'acceptance')).toMatchObject({ status: 'overdue', daysLeft: -1 });
    expect(overdueClocks(f, day(15))).toEqual([]);
    expect(overdueClocks(f, day(16)).map((c) => c.name)).toEqual(['acceptance']);
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
