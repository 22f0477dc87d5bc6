/**
 * Status lights (R-PROG-3). Thresholds are policy data (defaults in SPEC §10): yellow when 10–30
 * percentage points behind the planned progress or due within 3 days; red when more than 30 points
 * behind, overdue, or not started 3 months after its start date. Every light says which rule set it.
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
  | 'on_schedule';

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
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
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
