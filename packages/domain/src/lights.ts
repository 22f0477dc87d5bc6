/**
 * Status lights (R-PROG-3). Thresholds are policy data (defaults in SPEC §10): yellow when 10–30
 * percentage points behind the planned progress or due within 3 days; red when more than 30 points
 * behind, overdue, or not started 3 months after its start date. Every light says which rule set it.
 * A task broken down further is no greener than its parts: a red or yellow part below makes it red
 * or yellow, and its light names that part (rollUpLights).
 */
import type { CampaignPolicy } from './policy.ts';
import type { TaskStatus } from './tasks.ts';

export const LIGHTS = ['green', 'yellow', 'red', 'done', 'none'] as const;
export type Light = (typeof LIGHTS)[number];
export const LIGHT_LABELS: Record<Light, { zh: string; en: string }> = {
  green: { zh: '绿灯(按计划推进)', en: 'Green (on schedule)' },
  yellow: { zh: '黄灯(进度滞后或临近期限)', en: 'Yellow (behind or due soon)' },
  red: { zh: '红灯(严重滞后或逾期)', en: 'Red (far behind or overdue)' },
  done: { zh: '已办结', en: 'Completed' },
  none: { zh: '不计', en: 'Not tracked' },
};

export type LightRule =
  | 'completed'
  | 'cancelled'
  | 'no_due_date'
  | 'overdue'
  | 'far_behind'
  | 'not_started'
  | 'behind'
  | 'due_soon'
  | 'on_schedule'
  /** a part below is red, so the whole is too (R-PROG-3: a task is behind when a part of it is) */
  | 'child_red'
  /** a part below is yellow */
  | 'child_yellow';

export interface LightInput {
  status: TaskStatus;
  /** rolled-up progress, 0–100 */
  progress: number;
  plannedStart: string | null;
  plannedEnd: string | null;
  /** true once any progress report exists or work has actually started */
  started: boolean;
}

export interface LightResult {
  light: Light;
  rule: LightRule;
  /** planned progress today by linear schedule, when the task has both dates */
  planned: number | null;
  /** percentage points behind plan (negative when ahead) */
  behind: number | null;
  /** days until due (negative when overdue) */
  daysLeft: number | null;
  zh: string;
  en: string;
}

/** Whole days from a to b (both YYYY-MM-DD). */
export function daysBetween(a: string, b: string): number {
  return Math.round((dayTime(b) - dayTime(a)) / 86_400_000);
}

/** A date's instant, remembered: a tree's lights compare the same few hundred dates thousands of times. */
const DAY_TIMES = new Map<string, number>();
function dayTime(date: string): number {
  let t = DAY_TIMES.get(date);
  if (t === undefined) {
    t = Date.parse(`${date}T00:00:00Z`);
    if (DAY_TIMES.size >= 10_000) DAY_TIMES.clear();
    DAY_TIMES.set(date, t);
  }
  return t;
}

/** Linear planned progress: 0 at the start date, 100 at the end of the due date. */
export function plannedProgress(start: string, end: string, today: string): number {
  const total = daysBetween(start, end) + 1;
  const done = daysBetween(start, today) + 1;
  if (done <= 0) return 0;
  if (done >= total) return 100;
  return Math.round((done / total) * 1000) / 10;
}

export function computeLight(t: LightInput, today: string, policy: CampaignPolicy['lights']): LightResult {
  const round = (n: number) => Math.round(n * 10) / 10;
  const planned = t.plannedStart && t.plannedEnd ? plannedProgress(t.plannedStart, t.plannedEnd, today) : null;
  const behind = planned === null ? null : round(planned - t.progress);
  const daysLeft = t.plannedEnd ? daysBetween(today, t.plannedEnd) : null;
  const make = (light: Light, rule: LightRule, zh: string, en: string): LightResult => ({ light, rule, planned, behind, daysLeft, zh, en });

  if (t.status === 'completed') return make('done', 'completed', '已办结', 'completed');
  if (t.status === 'cancelled') return make('none', 'cancelled', '已撤销,不计灯', 'cancelled, not tracked');
  if (!t.plannedEnd) return make('none', 'no_due_date', '未设完成时间,不计灯', 'no due date, not tracked');
  if (daysLeft! < 0) return make('red', 'overdue', `已逾期 ${-daysLeft!} 天`, `overdue by ${-daysLeft!} days`);
  if (behind !== null && behind > policy.redBehindPoints) {
    return make('red', 'far_behind', `落后计划 ${behind} 个百分点(超过 ${policy.redBehindPoints})`, `${behind} points behind plan (over ${policy.redBehindPoints})`);
  }
  if (!t.started && t.plannedStart && daysBetween(t.plannedStart, today) >= policy.notStartedRedDays) {
    return make('red', 'not_started', `开始日期后 ${daysBetween(t.plannedStart, today)} 天仍未启动(限 ${policy.notStartedRedDays} 天)`, `not started ${daysBetween(t.plannedStart, today)} days after its start (limit ${policy.notStartedRedDays})`);
  }
  if (behind !== null && behind >= policy.yellowBehindPoints) {
    return make('yellow', 'behind', `落后计划 ${behind} 个百分点(${policy.yellowBehindPoints}–${policy.redBehindPoints})`, `${behind} points behind plan (${policy.yellowBehindPoints}–${policy.redBehindPoints})`);
  }
  if (daysLeft! <= policy.dueSoonDays) {
    return make('yellow', 'due_soon', `距完成时限还有 ${daysLeft} 天`, `due in ${daysLeft} days`);
  }
  return make('green', 'on_schedule', '按计划推进', 'on schedule');
}

export interface LightCounts {
  total: number;
  green: number;
  yellow: number;
  red: number;
  done: number;
  none: number;
}

export function emptyCounts(): LightCounts {
  return { total: 0, green: 0, yellow: 0, red: 0, done: 0, none: 0 };
}

export function countLight(c: LightCounts, light: Light): void {
  c.total++;
  c[light]++;
}

export interface LightNode {
  id: string;
  parentId: string | null;
  code: string;
  title: string;
}

const SEVERITY: Record<Light, number> = { none: 0, done: 0, green: 1, yellow: 2, red: 3 };

/**
 * Each node's light with its parts taken into account: a node that is still open (not completed or
 * cancelled) whose worst part below, at any depth, is red or yellow and worse than its own light
 * takes that light, with the rule child_red or child_yellow and a text naming the part and why.
 * Its own planned progress, points behind and days left stay as computed. `nodes` in display
 * order: of equally bad parts the first is named.
 */
export function rollUpLights(nodes: LightNode[], own: Map<string, LightResult>): Map<string, LightResult> {
  const children = new Map<string, LightNode[]>();
  const ids = new Set(nodes.map((n) => n.id));
  for (const n of nodes) {
    if (n.parentId && ids.has(n.parentId)) {
      const list = children.get(n.parentId) ?? [];
      list.push(n);
      children.set(n.parentId, list);
    }
  }
  /** the worst red or yellow part under a node, by the part's own light */
  const worst = new Map<string, { node: LightNode; light: LightResult } | null>();
  const out = new Map<string, LightResult>();
  const visit = (n: LightNode, depth: number): { node: LightNode; light: LightResult } | null => {
    if (worst.has(n.id)) return worst.get(n.id)!;
    if (depth > 64) return null; // a cycle would be a broken tree; never loop on it
    let below: { node: LightNode; light: LightResult } | null = null;
    for (const c of children.get(n.id) ?? []) {
      const cOwn = own.get(c.id);
      const cause = visit(c, depth + 1);
      // a part completed or cancelled is settled, whatever is left open under it
      if (cOwn && (cOwn.rule === 'completed' || cOwn.rule === 'cancelled')) continue;
      // the child's own red or yellow, or the worst under it when that is worse
      const candidates = [cOwn && SEVERITY[cOwn.light] >= 2 ? { node: c, light: cOwn } : null, cause];
      for (const x of candidates) if (x && (!below || SEVERITY[x.light.light] > SEVERITY[below.light.light])) below = x;
    }
    worst.set(n.id, below);
    const mine = own.get(n.id);
    if (mine) {
      const open = mine.rule !== 'completed' && mine.rule !== 'cancelled';
      if (open && below && SEVERITY[below.light.light] > SEVERITY[mine.light]) {
        const red = below.light.light === 'red';
        out.set(n.id, {
          ...mine,
          light: below.light.light,
          rule: red ? 'child_red' : 'child_yellow',
          zh: `下级${below.node.code} ${below.node.title}${red ? '亮红灯' : '亮黄灯'}:${below.light.zh}`,
          en: `${below.node.code} ${below.node.title} below is ${below.light.light}: ${below.light.en}`,
        });
      } else out.set(n.id, mine);
    }
    return below;
  };
  for (const n of nodes) visit(n, 0);
  return out;
}
