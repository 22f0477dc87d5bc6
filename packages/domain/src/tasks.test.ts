import { describe, expect, it } from 'vitest';
import { compareCodes, parentCode, responsibleOn, rollUp, sortByCode, type RollupNode } from './tasks.ts';

const node = (id: string, parentId: string | null, progress = 0, weight = 1, status: RollupNode['status'] = 'in_progress'): RollupNode => ({
  id,
  parentId,
  progress,
  weight,
  status,
});

describe('progress roll-up with visible weights', () => {
  it('a parent is the weighted average of its children, and shows its working', () => {
    const r = rollUp([node('g', null), node('a', 'g', 100, 3), node('b', 'g', 20, 1)]);
    expect(r.get('g')!.progress).toBe(80);
    expect(r.get('g')!.working).toEqual([
      { id: 'a', weight: 3, progress: 100 },
      { id: 'b', weight: 1, progress: 20 },
    ]);
  });
  it('rolls up through several levels', () => {
    const r = rollUp([node('g', null), node('p', 'g'), node('t1', 'p', 50), node('t2', 'p', 100), node('q', 'g', 0)]);
    expect(r.get('p')!.progress).toBe(75);
    expect(r.get('g')!.progress).toBe(37.5);
  });
  it('a completed leaf counts 100 whatever it reported; cancelled children are left out', () => {
    const r = rollUp([node('g', null), node('a', 'g', 40, 1, 'completed'), node('b', 'g', 0, 1, 'cancelled')]);
    expect(r.get('g')!.progress).toBe(100);
  });
  it('children all weighted zero count equally', () => {
    const r = rollUp([node('g', null), node('a', 'g', 100, 0), node('b', 'g', 0, 0)]);
    expect(r.get('g')!.progress).toBe(50);
  });
  it('a leaf with no report is at 0; values are clamped to 0–100', () => {
    const r = rollUp([node('x', null, 150), node('y', null, -5), node('z', null, Number.NaN)]);
    expect([r.get('x')!.progress, r.get('y')!.progress, r.get('z')!.progress]).toEqual([100, 0, 0]);
  });
  it('refuses a cycle', () => {
    expect(() => rollUp([node('a', 'b'), node('b', 'a')])).toThrow(/cycle/);
  });
});

describe('codes and responsibility history', () => {
  it('orders dotted codes naturally and finds the parent', () => {
    expect(['1.10', '2', '1.2', '1'].sort(compareCodes)).toEqual(['1', '1.2', '1.10', '2']);
    expect(parentCode('1.2.3')).toBe('1.2');
    expect(parentCode('4')).toBeNull();
  });
  it('sorts rows by code in the same order as comparing codes one pair at a time', () => {
    const codes = ['1.10', '2', '1.2', '1', '1.2.a', '1.2.B', '10', '1.02', '1.2.3', '一.1', '3.x.1', '3.1', '', '2.0'];
    const rows = codes.map((code, i) => ({ code, i }));
    expect(sortByCode(rows).map((r) => r.code)).toEqual([...codes].sort(compareCodes));
    expect(sortByCode(rows).slice(0, 5).map((r) => r.code)).toEqual(['', '1', '1.02', '1.2', '1.2.3']);
    expect(rows.map((r) => r.code)).toEqual(codes);
  });
  it('tells who was responsible on a given day', () => {
    const terms = [
      { role: 'handler' as const, personId: 'p1', from: '2013-01-01', to: '2013-06-01' },
      { role: 'handler' as const, personId: 'p2', from: '2013-06-01', to: null },
      { role: 'principal' as const, personId: 'boss', from: '2013-01-01', to: null },
    ];
    expect(responsibleOn(terms, '2013-05-31')).toEqual({ handler: 'p1', principal: 'boss' });
    expect(responsibleOn(terms, '2013-06-01')).toEqual({ handler: 'p2', principal: 'boss' });
    expect(responsibleOn(terms, '2012-12-31')).toEqual({});
  });
});
