import { describe, expect, it } from 'vitest';
import { computeLight, plannedProgress, rollUpLights, type LightInput, type LightNode, type LightResult } from './lights.ts';
import { defaultPolicy } from './policy.ts';

const lights = defaultPolicy(2013).lights;
// a 100-day task: 1 Mar (day 1) … 8 Jun (day 100); on day N the plan is at N%
const base: LightInput = { status: 'in_progress', progress: 0, plannedStart: '2013-03-01', plannedEnd: '2013-06-08', started: true };
const dayN = (n: number) => new Date(Date.UTC(2013, 2, n)).toISOString().slice(0, 10);

describe('planned progress', () => {
  it('is linear over the days of the task, inclusive', () => {
    expect(plannedProgress('2013-03-01', '2013-06-08', '2013-02-28')).toBe(0);
    expect(plannedProgress('2013-03-01', '2013-06-08', dayN(50))).toBe(50);
    expect(plannedProgress('2013-03-01', '2013-06-08', '2013-06-08')).toBe(100);
    expect(plannedProgress('2013-03-01', '2013-06-08', '2013-07-01')).toBe(100);
  });
});

describe('lights at every threshold (defaults: 10 / 30 points, 3 days, 90 days)', () => {
  const at = (progress: number, day: number, extra: Partial<LightInput> = {}) => computeLight({ ...base, progress, ...extra }, dayN(day), lights);
  it('9.9 points behind is green; exactly 10 is yellow', () => {
    expect(at(40.1, 50)).toMatchObject({ light: 'green', rule: 'on_schedule', behind: 9.9 });
    expect(at(40, 50)).toMatchObject({ light: 'yellow', rule: 'behind', behind: 10 });
  });
  it('exactly 30 behind is still yellow; 30.1 is red', () => {
    expect(at(20, 50)).toMatchObject({ light: 'yellow', behind: 30 });
    expect(at(19.9, 50)).toMatchObject({ light: 'red', rule: 'far_behind', behind: 30.1 });
  });
  it('due in 4 days is green, in 3 days yellow, on the due date yellow, a day after red', () => {
    const on = (iso: string, progress = 99) => computeLight({ ...base, progress }, iso, lights);
    expect(on('2013-06-04').light).toBe('green');
    expect(on('2013-06-05')).toMatchObject({ light: 'yellow', rule: 'due_soon', daysLeft: 3 });
    expect(on('2013-06-08')).toMatchObject({ light: 'yellow', daysLeft: 0 });
    expect(on('2013-06-09')).toMatchObject({ light: 'red', rule: 'overdue', daysLeft: -1 });
  });
  it('not started 89 days after its start is not red for that reason; at 90 days it is', () => {
    const long: LightInput = { status: 'not_started', progress: 0, plannedStart: '2013-01-01', plannedEnd: '2013-12-31', started: false };
    const lenient = { ...lights, redBehindPoints: 100, yellowBehindPoints: 100 };
    expect(computeLight(long, '2013-03-31', lenient)).toMatchObject({ light: 'green' });
    expect(computeLight(long, '2013-04-01', lenient)).toMatchObject({ light: 'red', rule: 'not_started' });
    expect(computeLight({ ...long, started: true }, '2013-04-01', lenient).light).toBe('green');
  });
  it('completed is done, cancelled and undated tasks are not tracked', () => {
    expect(at(10, 200, { status: 'completed' }).light).toBe('done');
    expect(at(10, 200, { status: 'cancelled' }).light).toBe('none');
    expect(computeLight({ ...base, plannedEnd: null, plannedStart: null }, dayN(10), lights).rule).toBe('no_due_date');
  });
  it('thresholds come from policy: a stricter county turns yellow at 5 points', () => {
    expect(computeLight({ ...base, progress: 45 }, dayN(50), { ...lights, yellowBehindPoints: 5 }).light).toBe('yellow');
  });
  it('explains itself in Chinese and English', () => {
    const r = at(0, 70);
    expect(r.zh).toContain('落后计划 70 个百分点');
    expect(r.en).toContain('70 points behind');
  });
});

describe('a task is no greener than its parts (roll-up of lights)', () => {
  const today = dayN(50);
  const light = (progress: number, extra: Partial<LightInput> = {}) => computeLight({ ...base, progress, ...extra }, today, lights);
  const nodes: LightNode[] = [
    { id: 'g', parentId: null, code: '1', title: '项目建设' },
    { id: 'p', parentId: 'g', code: '1.1', title: '西康高速连接线' },
    { id: 'a', parentId: 'p', code: '1.1.1', title: '征地拆迁' },
    { id: 'b', parentId: 'p', code: '1.1.2', title: '路基工程' },
    { id: 'c', parentId: 'g', code: '1.2', title: '安置房' },
  ];
  const own = (m: Record<string, LightResult>) => new Map(Object.entries(m));

  it('a red part makes every open ancestor red, naming the part and why; the part keeps its own light', () => {
    const overdue = computeLight({ ...base, progress: 80, plannedEnd: dayN(45) }, today, lights);
    expect(overdue.rule).toBe('overdue');
    const r = rollUpLights(nodes, own({ g: light(60), p: light(55), a: overdue, b: light(50), c: light(50) }));
    expect(r.get('a')).toEqual(overdue);
    expect(r.get('p')).toMatchObject({ light: 'red', rule: 'child_red', behind: -5 });
    expect(r.get('p')!.zh).toBe(`下级1.1.1 征地拆迁亮红灯:${overdue.zh}`);
    expect(r.get('p')!.en).toBe(`1.1.1 征地拆迁 below is red: ${overdue.en}`);
    expect(r.get('g')).toMatchObject({ light: 'red', rule: 'child_red' });
    expect(r.get('g')!.zh).toContain('1.1.1');
    expect(r.get('c')).toMatchObject({ light: 'green', rule: 'on_schedule' });
  });

  it('a yellow part makes a green parent yellow, never a red one less red; the worst part wins', () => {
    const r = rollUpLights(nodes, own({ g: light(50), p: light(19.9), a: light(40), b: light(50), c: light(40) }));
    expect(r.get('p')).toMatchObject({ light: 'red', rule: 'far_behind' }); // its own red stays
    expect(r.get('g')).toMatchObject({ light: 'red', rule: 'child_red' }); // red under 1.1 beats yellow 1.1.1 and 1.2
    expect(r.get('g')!.zh).toContain('1.1 西康高速连接线');
    const y = rollUpLights(nodes, own({ g: light(50), p: light(50), a: light(50), b: light(40), c: light(50) }));
    expect(y.get('p')).toMatchObject({ light: 'yellow', rule: 'child_yellow' });
    expect(y.get('p')!.zh).toContain('1.1.2 路基工程亮黄灯');
    expect(y.get('g')).toMatchObject({ light: 'yellow', rule: 'child_yellow' });
  });

  it('a completed or cancelled task keeps its light, and what is under it does not count above it', () => {
    const done = light(100, { status: 'completed' });
    const r = rollUpLights(nodes, own({ g: light(50), p: done, a: light(10), b: light(50), c: light(50) }));
    expect(r.get('p')).toEqual(done);
    expect(r.get('g')).toMatchObject({ light: 'green', rule: 'on_schedule' });
    const cancelled = light(0, { status: 'cancelled' });
    expect(rollUpLights(nodes, own({ g: cancelled, p: light(50), a: light(10), b: light(50), c: light(50) })).get('g')).toEqual(cancelled);
  });

  it('a goal without a due date shows the red of a part', () => {
    const undated = light(0, { plannedEnd: null });
    expect(undated.light).toBe('none');
    const r = rollUpLights(nodes, own({ g: undated, p: light(50), a: light(50), b: light(10), c: light(50) }));
    expect(r.get('g')).toMatchObject({ light: 'red', rule: 'child_red' });
  });
});
