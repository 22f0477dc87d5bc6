import { describe, expect, it } from 'vitest';
import { CASE_NUMBER, CHECK_CODE, caseNumberDigits, criticismMark, escalatesOnTransfer, formatCaseNumber, looksLikeMarkup, nextCaseStatus, routeCase, satisfactionRate, type RoutingRule } from './cases.ts';

describe('case rules', () => {
  it('the third transfer sends a case up to the county government', () => {
    expect(escalatesOnTransfer(0)).toBe(false);
    expect(escalatesOnTransfer(1)).toBe(false);
    expect(escalatesOnTransfer(2)).toBe(true);
  });
  it('satisfaction below 85% is a criticism mark; exactly 85% is not', () => {
    expect(satisfactionRate({ satisfied: 0, basic: 0, unsatisfied: 0 })).toBeNull();
    expect(satisfactionRate({ satisfied: 15, basic: 2, unsatisfied: 3 })).toBe(85);
    expect(criticismMark({ satisfied: 15, basic: 2, unsatisfied: 3 })).toBe(false);
    expect(criticismMark({ satisfied: 16, basic: 0, unsatisfied: 4 })).toBe(true);
    expect(criticismMark({ satisfied: 0, basic: 0, unsatisfied: 0 })).toBe(false);
  });
  it('states move only along the allowed paths', () => {
    expect(nextCaseStatus('received', 'accept')).toBe('handling');
    expect(nextCaseStatus('received', 'reply')).toBeNull();
    expect(nextCaseStatus('handling', 'reply')).toBe('replied');
    expect(nextCaseStatus('replied', 'rate')).toBe('closed');
    expect(nextCaseStatus('replied', 'requestReview')).toBe('review');
    expect(nextCaseStatus('replied', 'requestReview', { reviewed: true })).toBeNull();
    expect(nextCaseStatus('replied', 'requestReReview', { reviewed: true })).toBe('re_review');
    expect(nextCaseStatus('not_accepted', 'accept')).toBeNull();
  });
  it('numbers and check codes', () => {
    expect(formatCaseNumber('ZS', 2013, 123)).toBe('ZS2013-000123');
    expect(CASE_NUMBER.test('ZS2013-000123')).toBe(true);
    expect(CASE_NUMBER.test('ZS2013-12')).toBe(false);
    // a year whose six-digit numbers run out moves on to seven and eight digits, still valid numbers
    expect([0, 3, 4, 9, 10, 19].map(caseNumberDigits)).toEqual([6, 6, 7, 7, 8, 8]);
    for (const d of [6, 7, 8]) expect(CASE_NUMBER.test(formatCaseNumber('ZS', 2013, 10 ** (d - 1)))).toBe(true);
    expect(formatCaseNumber('ZS', 2013, 1_234_567)).toBe('ZS2013-1234567');
    expect(CHECK_CODE.test('K7M2QX')).toBe(true);
    expect(CHECK_CODE.test('K7M2Q0')).toBe(false);
  });
  it('routing: category and area beat category, which beats area; the town beats the county', () => {
    const rules: RoutingRule[] = [
      { id: 'any-county', categoryId: null, regionId: 'county', unitId: 'govoffice', priority: 0 },
      { id: 'road', categoryId: 'road', regionId: null, unitId: 'jiaotong', priority: 0 },
      { id: 'road-town', categoryId: 'road', regionId: 'qianyou', unitId: 'qianyou', priority: 0 },
      { id: 'any-town', categoryId: null, regionId: 'qianyou', unitId: 'qianyou', priority: 0 },
    ];
    expect(routeCase(rules, 'road', ['qianyou', 'county'])?.id).toBe('road-town');
    expect(routeCase(rules, 'road', ['yingpan', 'county'])?.id).toBe('road');
    expect(routeCase(rules, 'water', ['qianyou', 'county'])?.id).toBe('any-town');
    expect(routeCase(rules, 'water', ['yingpan', 'county'])?.id).toBe('any-county');
    expect(routeCase(rules, 'water', [])).toBeNull();
  });
  it('markup and scripts are recognised; ordinary text with < and > is not', () => {
    expect(looksLikeMarkup('<script>alert(1)</script>')).toBe(true);
    expect(looksLikeMarkup('<img src=x onerror=alert(1)>')).toBe(true);
    expect(looksLikeMarkup('点这里 javascript:alert(1)')).toBe(true);
    expect(looksLikeMarkup('水价从 3 元 < 5 元,涨幅 > 20%')).toBe(false);
    expect(looksLikeMarkup('路灯坏了')).toBe(false);
  });
});
