import { describe, expect, it } from 'vitest';
import { PolicySchema, defaultPolicy, policyOn, shiftPolicyYears } from './policy.ts';

describe('campaign policy', () => {
  it('defaults follow the seed: 督办 −0.5, 催办 −1, 查办 −1.5; plans due end of April', () => {
    const p = defaultPolicy(2013);
    expect(p.deductions).toEqual({ supervise: 0.5, urge: 1, investigate: 1.5 });
    expect(p.deadlines.planSubmission).toBe('2013-04-30');
    expect(p.lights).toEqual({ yellowBehindPoints: 10, redBehindPoints: 30, dueSoonDays: 3, notStartedRedDays: 90 });
    expect(p.approval.urge).toBe('deputy_in_charge');
    expect(p.approval.investigate).toBe('principal');
  });
  it('refuses nonsense: negative points, red below yellow, bad dates', () => {
    expect(PolicySchema.safeParse({ deductions: { supervise: -1 } }).success).toBe(false);
    expect(PolicySchema.safeParse({ lights: { yellowBehindPoints: 40, redBehindPoints: 30 } }).success).toBe(false);
    expect(PolicySchema.safeParse({ deadlines: { planSubmission: '30/04/2013' } }).success).toBe(false);
  });
  it('the version in force on a date is the newest effective one; earlier dates keep the old one', () => {
    const v1 = { version: 1, effectiveFrom: '2013-01-01', policy: defaultPolicy(2013) };
    const v2 = { version: 2, effectiveFrom: '2013-07-01', policy: { ...defaultPolicy(2013), deductions: { supervise: 1, urge: 2, investigate: 3 } } };
    expect(policyOn([v1, v2], '2013-06-30')!.version).toBe(1);
    expect(policyOn([v1, v2], '2013-07-01')!.version).toBe(2);
    expect(policyOn([v2, v1], '2012-05-01')!.version).toBe(1);
  });
  it('copies into the next year with dates shifted', () => {
    expect(shiftPolicyYears(defaultPolicy(2013), 1).deadlines.planSubmission).toBe('2014-04-30');
  });
});
