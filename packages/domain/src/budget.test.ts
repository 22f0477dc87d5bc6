import { describe, expect, it } from 'vitest';
import { PolicySchema, defaultPolicy, type CampaignPolicy } from './policy.ts';
import { scoreUnit, type CountedTask, type UnitFacts } from './assessment.ts';
import { budgetAdjustment, median, toFen, toYuan, type BudgetInput } from './budget.ts';

const base = defaultPolicy(2013);
const policy = (over: (p: CampaignPolicy) => void = () => {}) => {
  const p = PolicySchema.parse(base);
  over(p);
  return p;
};

let n = 0;
function task(progress: number, onTime: boolean | null, commitment = false): CountedTask {
  n++;
  const done = onTime !== null;
  return {
    id: `t${n}`,
    code: `${n}`,
    title: `任务${n}`,
    plannedEnd: '2013-10-31',
    status: done ? 'completed' : 'in_progress',
    progress: done ? 100 : progress,
    actualEnd: onTime === true ? '2013-10-30' : onTime === false ? '2013-11-15' : null,
    commitment,
  };
}

function input(tasks: CountedTask[], extra: Partial<BudgetInput> = {}, facts: Partial<UnitFacts> = {}, p = policy()): BudgetInput {
  const score = scoreUnit({ unitId: 'u', unitName: '营盘镇人民政府', kind: 'town', tasks, ledger: [], commendations: [], bonuses: [], findings: [], evaluation: [], ...facts }, p);
  return { unitId: 'u', unitName: '营盘镇人民政府', budget: 500_000, score, tasks, eligibilityLost: [], innovations: [], ...extra };
}

describe('money', () => {
  it('converts yuan and fen exactly', () => {
    expect(toFen(0.1 + 0.2)).toBe(30);
    expect(toFen(1234567.89)).toBe(123456789);
    expect(toYuan(123456789)).toBe(1234567.89);
  });
  it('median of odd and even counts; none of nothing', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});

describe('the budget cut: 按完成任务的进度比例削减', () => {
  it('a late unit at 70% progress loses 30% of its budget, which the default cap allows exactly', () => {
    // four tasks: done on time, done late, 60% and 20% → progress (100 + 100 + 60 + 20) / 4 = 70
    const tasks = [task(0, true), task(0, false), task(60, null), task(20, null)];
    const r = budgetAdjustment(input(tasks), { medianTasks: 4 }, policy().budget);
    expect(r.progress).toBe(70);
    expect(r.cut.triggers.find((t) => t.key === 'late')!.met).toBe(true);
    expect(r.cut).toMatchObject({ triggered: true, unfinishedShare: 0.3, uncapped: 150_000, amount: 150_000, cappedBy: null });
    expect(r.net).toBe(-150_000);
    expect(r.adjusted).toBe(350_000);
  });

  it('the cap: at 40% progress the uncapped cut of 60% is held to 30% of the budget', () => {
    const tasks = [task(40, null), task(40, null)];
    const r = budgetAdjustment(input(tasks), { medianTasks: 2 }, policy().budget);
    expect(r.cut).toMatchObject({ uncapped: 300_000, amount: 150_000, cappedBy: 'share' });
    const byAmount = budgetAdjustment(input(tasks), { medianTasks: 2 }, policy((p) => (p.budget.cut.maxAmount = 80_000.5)).budget);
    expect(byAmount.cut).toMatchObject({ amount: 80_000.5, cappedBy: 'amount' });
    expect(byAmount.working.map((w) => w.amount)).toEqual([500_000, -300_000, 219_999.5]);
  });

  it('all late but all finished: progress 100%, so nothing is cut although the unit was late', () => {
    const tasks = [task(0, false), task(0, false)];
    const r = budgetAdjustment(input(tasks), { medianTasks: 2 }, policy().budget);
    expect(r.cut.triggered).toBe(true);
    expect(r.cut.amount).toBe(0);
  });

  it('no tasks: nothing to measure progress by, nothing cut, no heavy-task reward', () => {
    const r = budgetAdjustment(input([]), { medianTasks: null }, policy().budget);
    expect(r.progress).toBeNull();
    expect(r.cut.amount).toBe(0);
    expect(r.reward.criteria.find((c) => c.key === 'heavy')!.met).toBe(false);
    // the score of a unit with nothing due is the full base (quality): 3% of 500,000
    expect(r.reward.amount).toBe(15_000);
  });

  it('on time and complete but poorly rated: the efficiency trigger fires; progress 100% still cuts nothing', () => {
    const tasks = [task(0, true)];
    const evaluation = [{ group: 'public' as const, count: 10, sum: 500, sources: [] }];
    const r = budgetAdjustment(input(tasks, {}, { evaluation }), { medianTasks: 1 }, policy().budget);
    expect(r.cut.triggers.map((t) => [t.key, t.met])).toEqual([
      ['inefficient', true],
      ['poor', false],
      ['late', false],
    ]);
    expect(r.cut.amount).toBe(0);
  });

  it('the factor scales the cut: factor 0.5 at 80% progress cuts 10%', () => {
    const tasks = [task(80, null)];
    const r = budgetAdjustment(input(tasks), { medianTasks: 1 }, policy((p) => (p.budget.cut.factor = 0.5)).budget);
    expect(r.cut.amount).toBe(50_000);
  });

  it('a unit that is not late, not poor and not inefficient is not cut even below 100%', () => {
    // a task due later than the period is not counted at all, so counted work is all done on time
    const r = budgetAdjustment(input([task(0, true)]), { medianTasks: 1 }, policy((p) => (p.budget.cut.late = false)).budget);
    expect(r.cut.triggered).toBe(false);
  });
});

describe('the budget reward', () => {
  it('heavy tasks (≥ 1.5 × the median) + quality (≥ 95) + innovation = 7%, held to the 5% cap', () => {
    const tasks = [task(0, true), task(0, true), task(0, true)];
    const r = budgetAdjustment(input(tasks, { innovations: [{ id: 'b1', reason: '首创“项目代办制”' }] }), { medianTasks: 2 }, policy().budget);
    expect(r.reward.criteria.map((c) => c.met)).toEqual([true, true, true]);
    expect(r.reward).toMatchObject({ rate: 0.07, uncapped: 35_000, amount: 25_000, cappedBy: 'share' });
    expect(r.cut.amount).toBe(0);
    expect(r.adjusted).toBe(525_000);
  });

  it('just below the heavy line gets no heavy reward: 2 tasks < 1.5 × 2', () => {
    const r = budgetAdjustment(input([task(0, true), task(0, true)]), { medianTasks: 2 }, policy().budget);
    expect(r.reward.criteria[0]!.met).toBe(false);
    expect(r.reward.amount).toBe(15_000);
  });

  it('a unit that lost its award eligibility gets no reward, and says why', () => {
    const r = budgetAdjustment(input([task(0, true)], { eligibilityLost: ['柞政催〔2013〕1号'] }), { medianTasks: 1 }, policy().budget);
    expect(r.reward).toMatchObject({ eligible: false, rate: 0, amount: 0 });
    expect(r.working.some((w) => w.zh.includes('柞政催〔2013〕1号'))).toBe(true);
    const lenient = budgetAdjustment(input([task(0, true)], { eligibilityLost: ['柞政催〔2013〕1号'] }), { medianTasks: 1 }, policy((p) => (p.budget.reward.requiresEligibility = false)).budget);
    expect(lenient.reward.amount).toBe(15_000);
  });

  it('rewards and cuts are rounded to the fen', () => {
    const tasks = [task(33.3, null), task(0, true), task(0, true)];
    const r = budgetAdjustment(input(tasks, { budget: 123_456.78 }), { medianTasks: 10 }, policy().budget);
    // progress (33.3 + 100 + 100) / 3 = 77.766… → 77.8; cut 123,456.78 × 0.222 = 27,407.40516 → 27,407.41
    expect(r.progress).toBe(77.8);
    expect(r.cut.amount).toBe(27_407.41);
    expect(r.adjusted).toBe(96_049.37);
  });

  it('without a budget entered there is nothing to compute, and the working says so', () => {
    const r = budgetAdjustment(input([task(10, null)], { budget: null }), { medianTasks: 1 }, policy().budget);
    expect(r).toMatchObject({ net: 0, adjusted: null });
    expect(r.working[0]!.zh).toContain('尚未录入');
  });
});
