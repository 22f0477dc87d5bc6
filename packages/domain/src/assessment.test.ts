import { describe, expect, it } from 'vitest';
import { PolicySchema, defaultPolicy, type CampaignPolicy } from './policy.ts';
import { officialResults, rankUnits, roundTo, scoreDiffers, scoreUnit, evaluationRate, type CountedTask, type UnitFacts } from './assessment.ts';

const policy = (over: (p: CampaignPolicy) => void = () => {}): CampaignPolicy => {
  const p = defaultPolicy(2013);
  over(p);
  return PolicySchema.parse(p);
};

let n = 0;
function task(plannedEnd: string, outcome: 'on_time' | 'late' | 'unfinished' | 'cancelled', extra: Partial<CountedTask> = {}): CountedTask {
  n++;
  const done = outcome === 'on_time' || outcome === 'late';
  return {
    id: `t${n}`,
    code: `1.${n}`,
    title: `任务${n}`,
    plannedEnd,
    status: outcome === 'cancelled' ? 'cancelled' : done ? 'completed' : 'in_progress',
    progress: done ? 100 : 40,
    actualEnd: outcome === 'on_time' ? plannedEnd : outcome === 'late' ? '2013-12-20' : null,
    commitment: false,
    ...extra,
  };
}

function facts(extra: Partial<UnitFacts> = {}): UnitFacts {
  return { unitId: 'u1', unitName: '乾佑镇人民政府', kind: 'town', tasks: [], ledger: [], commendations: [], bonuses: [], findings: [], evaluation: [], ...extra };
}

const deduction = (id: string, doc: string, points: number, at: string, kind: 'deduction' | 'reversal' = 'deduction') => ({
  id,
  noticeId: `n-${doc}`,
  docNumber: doc,
  kind,
  points,
  reason: `${kind === 'deduction' ? '督办' : '申诉成立,撤销'} ${doc}`,
  createdAt: at,
});

describe('rounding', () => {
  it('rounds half away from zero without binary noise', () => {
    expect(roundTo(1.005, 2)).toBe(1.01);
    expect(roundTo(2.675, 2)).toBe(2.68);
    expect(roundTo(-1.005, 2)).toBe(-1.01);
    expect(roundTo(0.1 + 0.2, 2)).toBe(0.3);
    expect(roundTo(99.99999, 2)).toBe(100);
    expect(roundTo(-0.001, 2)).toBe(0);
    expect(Object.is(roundTo(-0.001, 2), -0)).toBe(false);
    expect(roundTo(Number.NaN, 2)).toBe(0);
    expect(roundTo(12.3456, 0)).toBe(12);
  });
});

describe('the annual score', () => {
  it('a unit with nothing to measure gets the full base under the default policy', () => {
    const s = scoreUnit(facts(), policy());
    expect(s.score).toBe(100);
    expect(s.given).toBe(20);
    expect(s.components.map((c) => [c.key, c.points, c.noData])).toEqual([
      ['completion', 40, true],
      ['efficiency', 20, true],
      ['inspection', 10, false],
      ['commitment', 10, true],
    ]);
    expect(s.working.reduce((a, w) => a + w.points, 0)).toBe(100);
  });

  it('no tasks with noData "zero": the completion part scores nothing', () => {
    const p = policy((p) => {
      p.scoring.components[0]!.noData = 'zero';
    });
    const s = scoreUnit(facts(), p);
    expect(s.components[0]).toMatchObject({ key: 'completion', points: 0, rate: null, noData: true });
    expect(s.score).toBe(60);
  });

  it('all late: every task earns the late credit; 40 × 0.5 = 20', () => {
    const tasks = [task('2013-06-30', 'late'), task('2013-09-30', 'late'), task('2013-10-31', 'late')];
    const s = scoreUnit(facts({ tasks }), policy());
    expect(s.components[0]).toMatchObject({ rate: 0.5, points: 20 });
    expect(s.components[0]!.tasks!.every((t) => t.outcome === 'late' && t.credit === 0.5)).toBe(true);
    expect(s.score).toBe(80);
  });

  it('mixed: 2 on time, 1 late, 1 unfinished, 1 cancelled (left out) → (1+1+0.5+0)/4 = 0.625 → 25 points', () => {
    const tasks = [task('2013-06-30', 'on_time'), task('2013-07-31', 'on_time'), task('2013-08-31', 'late'), task('2013-11-30', 'unfinished'), task('2013-11-30', 'cancelled')];
    const s = scoreUnit(facts({ tasks }), policy());
    expect(s.components[0]).toMatchObject({ rate: 0.625, points: 25 });
    expect(s.components[0]!.tasks).toHaveLength(4);
  });

  it('finished on its due date is on time; a day later is late', () => {
    const t1 = { ...task('2013-06-30', 'on_time'), actualEnd: '2013-06-30' };
    const t2 = { ...task('2013-06-30', 'on_time'), actualEnd: '2013-07-01' };
    const s = scoreUnit(facts({ tasks: [t1, t2] }), policy());
    expect(s.components[0]!.tasks!.map((t) => t.outcome)).toEqual(['on_time', 'late']);
  });

  it('commitments are scored in their own part, not in task completion', () => {
    const tasks = [task('2013-06-30', 'on_time'), task('2013-07-31', 'unfinished', { commitment: true }), task('2013-07-31', 'on_time', { commitment: true })];
    const s = scoreUnit(facts({ tasks }), policy());
    expect(s.components.find((c) => c.key === 'completion')).toMatchObject({ rate: 1, points: 40 });
    expect(s.components.find((c) => c.key === 'commitment')).toMatchObject({ rate: 0.5, points: 5 });
  });

  it('deductions come from the ledger with their document numbers; a reversal adds the points back', () => {
    const ledger = [
      deduction('d1', '柞政督〔2013〕1号', 0.5, '2013-05-02T01:00:00Z'),
      deduction('d2', '柞政催〔2013〕1号', 1, '2013-05-20T01:00:00Z'),
      deduction('d3', '柞政督〔2013〕2号', 0.5, '2013-05-03T01:00:00Z'),
      deduction('d4', '柞政督〔2013〕2号', -0.5, '2013-05-06T01:00:00Z', 'reversal'),
    ];
    const s = scoreUnit(facts({ ledger }), policy());
    expect(s.deductions.total).toBe(1.5);
    expect(s.deductions.entries.map((e) => e.id)).toEqual(['d1', 'd3', 'd4', 'd2']);
    expect(s.score).toBe(98.5);
    const lines = s.working.filter((w) => w.zh.includes('柞政'));
    expect(lines.map((l) => l.points)).toEqual([-0.5, -0.5, 0.5, -1]);
  });

  it('an appeal upheld (a reversal entry) changes the score with no other step', () => {
    const before = scoreUnit(facts({ ledger: [deduction('d1', '柞政督〔2013〕3号', 0.5, '2013-05-02T01:00:00Z')] }), policy());
    const after = scoreUnit(
      facts({ ledger: [deduction('d1', '柞政督〔2013〕3号', 0.5, '2013-05-02T01:00:00Z'), deduction('d2', '柞政督〔2013〕3号', -0.5, '2014-01-10T01:00:00Z', 'reversal')] }),
      policy(),
    );
    expect(before.score).toBe(99.5);
    expect(after.score).toBe(100);
    expect(scoreDiffers(before, after)).toBe(true);
    expect(scoreDiffers(before, before)).toBe(false);
  });

  it('bonuses: each commendation and each record, each record capped, the total capped', () => {
    const commendations = [
      { noticeId: 'c1', docNumber: '柞政通〔2013〕1号', title: '表扬', issuedOn: '2013-06-01' },
      { noticeId: 'c2', docNumber: '柞政通〔2013〕2号', title: '表扬', issuedOn: '2013-07-01' },
    ];
    const bonuses = [
      { id: 'b1', category: 'innovation' as const, points: 2, reason: '“一站式”审批改革', createdAt: '2013-09-01T00:00:00Z' },
      { id: 'b2', category: 'heavy' as const, points: 0.8, reason: '承担全县征地任务', createdAt: '2013-09-02T00:00:00Z' },
    ];
    const s = scoreUnit(facts({ commendations, bonuses }), policy());
    // 0.5 + 0.5 + min(2, 1) + 0.8 = 2.8, under the cap of 3
    expect(s.bonuses).toMatchObject({ raw: 2.8, total: 2.8, capped: false });
    expect(s.bonuses.records[0]!.points).toBe(1);
    expect(s.score).toBe(102.8);
    const capped = scoreUnit(facts({ commendations, bonuses }), policy((p) => (p.bonuses.maxTotal = 2)));
    expect(capped.bonuses).toMatchObject({ raw: 2.8, total: 2, capped: true });
    expect(capped.score).toBe(102);
    expect(capped.working.at(-1)).toMatchObject({ points: -0.8 });
    expect(capped.working.reduce((a, w) => a + w.points, 0)).toBeCloseTo(102, 9);
  });

  it('inspection findings cost perFinding each and never push the part below zero', () => {
    const findings = Array.from({ length: 3 }, (_, i) => ({ source: 'inspection' as const, id: `i${i}`, date: `2013-0${i + 5}-01`, title: '暗访发现' }));
    expect(scoreUnit(facts({ findings }), policy()).components[2]).toMatchObject({ points: 7, rate: 0.7 });
    const harsh = policy((p) => (p.scoring.components[2]!.perFinding = 4));
    expect(scoreUnit(facts({ findings }), harsh).components[2]).toMatchObject({ points: 0, rate: 0 });
  });

  it('weights come from the policy: components of 50 and 30 of 100, 20 given', () => {
    const p = policy((p) => {
      p.scoring.components = [
        { key: 'completion', weight: 50, lateCredit: 0, perFinding: 1, noData: 'full' },
        { key: 'efficiency', weight: 30, lateCredit: 0.5, perFinding: 1, noData: 'full' },
      ];
    });
    const tasks = [task('2013-06-30', 'on_time'), task('2013-06-30', 'late'), task('2013-06-30', 'on_time')];
    const evaluation = [{ group: 'public' as const, count: 4, sum: 320, sources: [] }];
    const s = scoreUnit(facts({ tasks, evaluation }), p);
    // completion 50 × 2/3 = 33.333… → 33.33; efficiency 30 × 0.8 = 24
    expect(s.components.map((c) => c.points)).toEqual([33.33, 24]);
    expect(s.given).toBe(20);
    expect(s.score).toBe(77.33);
  });

  it('refuses weights that exceed the base and duplicated components', () => {
    const p = defaultPolicy(2013);
    expect(PolicySchema.safeParse({ ...p, scoring: { ...p.scoring, components: [{ key: 'completion', weight: 80 }, { key: 'efficiency', weight: 30 }] } }).success).toBe(false);
    expect(PolicySchema.safeParse({ ...p, scoring: { ...p.scoring, components: [{ key: 'completion', weight: 10 }, { key: 'completion', weight: 10 }] } }).success).toBe(false);
  });

  it('rounding of the score follows the policy decimals', () => {
    const p = policy((p) => {
      p.scoring.decimals = 1;
      p.scoring.components = [{ key: 'completion', weight: 10, lateCredit: 0.5, perFinding: 1, noData: 'full' }];
    });
    const tasks = [task('2013-06-30', 'on_time'), task('2013-06-30', 'on_time'), task('2013-06-30', 'unfinished')];
    const s = scoreUnit(facts({ tasks }), p);
    expect(s.components[0]!.points).toBe(6.7);
    expect(s.score).toBe(96.7);
  });
});

describe('efficiency evaluation', () => {
  it('weights the group means; groups under the minimum are left out and the weights re-normalised', () => {
    const p = defaultPolicy(2013).evaluation;
    const r = evaluationRate(
      [
        { group: 'public', count: 10, sum: 800, sources: [] },
        { group: 'enterprise', count: 5, sum: 300, sources: [] },
        { group: 'deputy', count: 2, sum: 200, sources: [] },
      ],
      p,
    );
    // (30 × .8 + 25 × .6 + 20 × 1) / 75 = 59 / 75 = 0.78666…
    expect(r.rate).toBe(0.7867);
    const strict = evaluationRate([{ group: 'public', count: 10, sum: 800, sources: [] }, { group: 'deputy', count: 2, sum: 200, sources: [] }], { ...p, minAnswers: 3 });
    expect(strict.rate).toBe(0.8);
    expect(strict.groups.find((g) => g.group === 'deputy')!.used).toBe(false);
    expect(evaluationRate([], p).rate).toBeNull();
  });
});

describe('ranking', () => {
  it('ranks overall and within kinds; equal scores share a rank', () => {
    const r = rankUnits([
      { unitId: 'a', kind: 'town', score: 98 },
      { unitId: 'b', kind: 'town', score: 99.5 },
      { unitId: 'c', kind: 'department', score: 98 },
      { unitId: 'd', kind: 'department', score: 97 },
      { unitId: 'e', kind: 'town', score: 96 },
    ]);
    const by = Object.fromEntries(r.map((x) => [x.unitId, [x.rank, x.kindRank]]));
    expect(by).toEqual({ b: [1, 1], a: [2, 2], c: [2, 1], d: [4, 2], e: [5, 3] });
  });
});

describe('the closed year', () => {
  it('official results are the snapshot with the latest approved correction of each unit', () => {
    const snap = [scoreUnit(facts({ unitId: 'u1' }), policy()), scoreUnit(facts({ unitId: 'u2', ledger: [deduction('d', 'x', 1, '2013-06-01T00:00:00Z')] }), policy())];
    const fixed1 = scoreUnit(facts({ unitId: 'u2' }), policy((p) => (p.bonuses.commendation = 1)));
    const fixed2 = { ...fixed1, score: 100.5 };
    const out = officialResults(snap, [
      { unitId: 'u2', decidedAt: '2014-02-01T00:00:00Z', after: fixed2 },
      { unitId: 'u2', decidedAt: '2014-01-20T00:00:00Z', after: fixed1 },
    ]);
    expect(out.map((s) => s.score)).toEqual([100, 100.5]);
    expect(snap[1]!.score).toBe(99);
  });
});

describe('policies stored before scoring existed', () => {
  it('an old stored policy parses with the default components, bonuses, evaluation and budget', () => {
    const old = {
      timeZone: 'Asia/Shanghai',
      deductions: { supervise: 0.5, urge: 1, investigate: 1.5 },
      scoring: { base: 100, completionWeight: 0, efficiencyWeight: 0 },
    };
    const p = PolicySchema.parse(old);
    expect(p.scoring.components.map((c) => [c.key, c.weight])).toEqual([
      ['completion', 40],
      ['efficiency', 20],
      ['inspection', 10],
      ['commitment', 10],
    ]);
    expect(p.bonuses).toEqual({ commendation: 0.5, maxPerRecord: 1, maxTotal: 3 });
    expect(p.budget.cut).toMatchObject({ factor: 1, maxShare: 0.3, scoreBelow: 85, late: true });
    expect(p.budget.reward).toMatchObject({ heavyRate: 0.02, qualityRate: 0.03, innovationRate: 0.02, maxShare: 0.05 });
    expect(p.evaluation.weights).toEqual({ public: 30, enterprise: 25, deputy: 20, internal: 10, meeting: 15 });
    // the defaults are copies: changing one parsed policy does not change the next
    p.scoring.components[0]!.weight = 1;
    expect(PolicySchema.parse(old).scoring.components[0]!.weight).toBe(40);
  });
});
