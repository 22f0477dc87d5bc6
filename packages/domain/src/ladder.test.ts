import { describe, expect, it } from 'vitest';
import { NOTICE_STATUSES, addDays, appealOpen, approverRule, approversFor, consequences, formatDocNumber, nextLevel, nextStatus, previousLevel } from './ladder.ts';
import { defaultPolicy } from './policy.ts';

const policy = defaultPolicy(2013);

describe('the ladder as a state machine', () => {
  it('a 督办 is issued by the office without approval; 催办 and 查办 go through approval', () => {
    expect(nextStatus('draft', 'issue')).toBe('issued');
    expect(nextStatus('draft', 'submit')).toBe('pending_approval');
    expect(nextStatus('pending_approval', 'approve')).toBe('issued');
    expect(nextStatus('pending_approval', 'reject')).toBe('rejected');
  });
  it('a rejection ends that step; nothing follows a rejected or withdrawn draft', () => {
    for (const a of ['submit', 'approve', 'reject', 'issue', 'fulfil', 'lapse', 'reverse', 'withdraw'] as const) {
      expect(nextStatus('rejected', a)).toBeNull();
      expect(nextStatus('withdrawn', a)).toBeNull();
    }
  });
  it('an issued notice is fulfilled in time, or lapses; only issued, fulfilled or lapsed notices can be reversed on appeal', () => {
    expect(nextStatus('issued', 'fulfil')).toBe('fulfilled');
    expect(nextStatus('issued', 'lapse')).toBe('lapsed');
    expect(nextStatus('lapsed', 'fulfil')).toBeNull();
    const reversible = NOTICE_STATUSES.filter((s) => nextStatus(s, 'reverse') !== null);
    expect(reversible.sort()).toEqual(['fulfilled', 'issued', 'lapsed']);
    expect(nextStatus('reversed', 'reverse')).toBeNull();
    expect(nextStatus('draft', 'approve')).toBeNull();
    expect(nextStatus('issued', 'approve')).toBeNull();
  });
  it('督办 → 催办 → 查办, and back', () => {
    expect(nextLevel('supervise')).toBe('urge');
    expect(nextLevel('urge')).toBe('investigate');
    expect(nextLevel('investigate')).toBeNull();
    expect(nextLevel('commend')).toBeNull();
    expect(previousLevel('investigate')).toBe('urge');
    expect(previousLevel('supervise')).toBeNull();
  });
});

describe('who approves', () => {
  const leaders = { principal: 'county-head', inCharge: ['deputy-a'] };
  it('催办: the deputy county head in charge of the unit; 查办: only the principal', () => {
    expect(approversFor(approverRule('urge', policy), leaders)).toEqual(['deputy-a']);
    expect(approversFor(approverRule('investigate', policy), leaders)).toEqual(['county-head']);
    expect(approversFor(approverRule('supervise', policy), leaders)).toEqual([]);
  });
  it('a unit nobody is in charge of goes to the principal county leader', () => {
    expect(approversFor(approverRule('urge', policy), { principal: 'county-head', inCharge: [] })).toEqual(['county-head']);
  });
  it('policy can send 催办 to the principal instead', () => {
    const p = { ...policy, approval: { ...policy.approval, urge: 'principal' as const } };
    expect(approversFor(approverRule('urge', p), leaders)).toEqual(['county-head']);
  });
});

describe('what each notice costs (seed defaults)', () => {
  it('督办 −0.5 with criticism; 催办 −1, eligibility lost, 效能问责; 查办 −1.5, 问责', () => {
    expect(consequences('supervise', policy)).toMatchObject({ deduction: 0.5, criticism: true, eligibilityLoss: false, accountability: null, deadlineDays: 15 });
    expect(consequences('urge', policy)).toMatchObject({ deduction: 1, eligibilityLoss: true, accountability: 'efficiency' });
    expect(consequences('investigate', policy)).toMatchObject({ deduction: 1.5, eligibilityLoss: true, accountability: 'accountability' });
    expect(consequences('commend', policy).deduction).toBe(0);
  });
  it('points are policy data', () => {
    const p = { ...policy, deductions: { supervise: 2, urge: 3, investigate: 5 } };
    expect(consequences('urge', p).deduction).toBe(3);
  });
});

describe('documents and dates', () => {
  it('numbers look like 柞政督〔2013〕12号', () => {
    expect(formatDocNumber('柞政督', 2013, 12)).toBe('柞政督〔2013〕12号');
  });
  it('the appeal window counts days from issue, inclusive', () => {
    expect(appealOpen('2013-05-10', '2013-05-17', 7)).toBe(true);
    expect(appealOpen('2013-05-10', '2013-05-18', 7)).toBe(false);
    expect(appealOpen('2013-05-10', '2013-05-09', 7)).toBe(false);
  });
  it('adds days across months and years', () => {
    expect(addDays('2013-12-25', 15)).toBe('2014-01-09');
  });
});
