/**
 * The task tree (R-TASK): 工作项目化、项目责任化、责任具体化 — goal → project → task → milestone, any
 * depth. Parents roll up their children's progress by visible weights, so nobody has to explain a
 * number by hand.
 */

export const NODE_TYPES = ['goal', 'project', 'task', 'milestone', 'obstacle'] as const;
export type NodeType = (typeof NODE_TYPES)[number];
export const NODE_TYPE_LABELS: Record<NodeType, { zh: string; en: string }> = {
  goal: { zh: '目标', en: 'Goal' },
  project: { zh: '项目', en: 'Project' },
  task: { zh: '任务', en: 'Task' },
  milestone: { zh: '时间节点', en: 'Milestone' },
  obstacle: { zh: '难题', en: 'Obstacle' },
};

export const SOURCE_KINDS = ['work_report', 'four_tens', 'key_project', 'decision', 'instruction', 'citizen_case', 'commitment', 'other'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];
export const SOURCE_KIND_LABELS: Record<SourceKind, { zh: string; en: string }> = {
  work_report: { zh: '政府工作报告', en: 'Government work report' },
  four_tens: { zh: '四个十工程', en: 'Four-tens programme' },
  key_project: { zh: '重点项目', en: 'Key project' },
  decision: { zh: '县委县政府决策', en: 'Committee or government decision' },
  instruction: { zh: '领导批示', en: 'Leader’s instruction' },
  citizen_case: { zh: '群众诉求', en: 'Citizen case' },
  commitment: { zh: '公开承诺', en: 'Public commitment' },
  other: { zh: '其他', en: 'Other' },
};

export const OBSTACLE_KINDS = ['funding', 'land', 'policy', 'environment', 'social', 'other'] as const;
export type ObstacleKind = (typeof OBSTACLE_KINDS)[number];
export const OBSTACLE_KIND_LABELS: Record<ObstacleKind, { zh: string; en: string }> = {
  funding: { zh: '资金', en: 'Funding' },
  land: { zh: '用地', en: 'Land' },
  policy: { zh: '政策', en: 'Policy' },
  environment: { zh: '环保', en: 'Environmental approval' },
  social: { zh: '社会环境', en: 'Social environment' },
  other: { zh: '其他', en: 'Other' },
};

export const PRIORITIES = ['normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const PRIORITY_LABELS: Record<Priority, { zh: string; en: string }> = {
  normal: { zh: '一般', en: 'Normal' },
  high: { zh: '重要', en: 'High' },
  urgent: { zh: '紧急', en: 'Urgent' },
};

export const TASK_STATUSES = ['not_started', 'in_progress', 'completed', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const TASK_STATUS_LABELS: Record<TaskStatus, { zh: string; en: string }> = {
  not_started: { zh: '未开始', en: 'Not started' },
  in_progress: { zh: '推进中', en: 'In progress' },
  completed: { zh: '已办结', en: 'Completed' },
  cancelled: { zh: '已撤销', en: 'Cancelled' },
};

export interface RollupNode {
  id: string;
  parentId: string | null;
  weight: number;
  /** the node's own progress (0–100); used for leaves */
  progress: number;
  status: TaskStatus;
}

export interface RollupResult {
  progress: number;
  /** how the number was made: each child with its weight and progress */
  working: { id: string; weight: number; progress: number }[];
}

/**
 * Weighted average of children's progress, bottom-up. A leaf's progress is its own (100 when
 * completed). Cancelled children are left out. A parent whose children all have weight 0 counts
 * them equally. Result rounded to one decimal.
 */
export function rollUp(nodes: RollupNode[]): Map<string, RollupResult> {
  // plain loops, no intermediate arrays: a campaign's tree has tens of thousands of nodes and is
  // rolled up again whenever it changes
  const byId = new Map<string, RollupNode>();
  for (const n of nodes) byId.set(n.id, n);
  const children = new Map<string, RollupNode[]>();
  for (const n of nodes) {
    if (!n.parentId || !byId.has(n.parentId)) continue;
    const list = children.get(n.parentId);
    if (list) list.push(n);
    else children.set(n.parentId, [n]);
  }
  const out = new Map<string, RollupResult>();
  const visiting = new Set<string>();
  const compute = (n: RollupNode): number => {
    const done = out.get(n.id);
    if (done) return done.progress;
    if (visiting.has(n.id)) throw new Error(`cycle in task tree at ${n.id}`);
    const all = children.get(n.id);
    let progress: number;
    const working: RollupResult['working'] = [];
    let total = 0;
    let live = 0;
    if (all) for (const k of all) if (k.status !== 'cancelled') { live++; total += Math.max(0, k.weight); }
    if (live === 0) {
      progress = n.status === 'completed' ? 100 : clamp(n.progress);
    } else {
      visiting.add(n.id);
      let denom = 0;
      let sum = 0;
      for (const k of all!) {
        if (k.status === 'cancelled') continue;
        const weight = total > 0 ? Math.max(0, k.weight) : 1;
        const p = compute(k);
        working.push({ id: k.id, weight, progress: p });
        denom += weight;
        sum += weight * p;
      }
      visiting.delete(n.id);
      progress = denom > 0 ? sum / denom : 0;
      if (n.status === 'completed') progress = 100;
    }
    const result = { progress: Math.round(progress * 10) / 10, working };
    out.set(n.id, result);
    return result.progress;
  };
  for (const n of nodes) compute(n);
  return out;
}

function clamp(p: number): number {
  return Number.isFinite(p) ? Math.min(100, Math.max(0, p)) : 0;
}

/** Display numbers such as 1, 1.2, 1.2.3: the parent's code is the prefix before the last dot. */
export function parentCode(code: string): string | null {
  const i = code.lastIndexOf('.');
  return i < 0 ? null : code.slice(0, i);
}

/** Natural order of dotted codes: 1.2 < 1.10 < 2. */
export function compareCodes(a: string, b: string): number {
  return compareSegments(codeSegments(a), codeSegments(b));
}

type Segment = { s: string; n: number };
function codeSegments(code: string): Segment[] {
  return code.split('.').map((s) => ({ s, n: Number(s) }));
}
function compareSegments(pa: Segment[], pb: Segment[]): number {
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (Number.isFinite(x.n) && Number.isFinite(y.n) && x.n !== y.n) return x.n - y.n;
    if (x.s !== y.s) return x.s < y.s ? -1 : 1;
  }
  return 0;
}

/** Rows in code order (as compareCodes), each code split once rather than on every comparison. */
export function sortByCode<T extends { code: string }>(rows: readonly T[]): T[] {
  const keyed = rows.map((r) => ({ r, k: codeSegments(r.code) }));
  keyed.sort((a, b) => compareSegments(a.k, b.k));
  return keyed.map((e) => e.r);
}

/** A responsibility held for a time: who was principal, deputy or handler of a task when. */
export interface ResponsibilityTerm {
  role: 'principal' | 'deputy' | 'handler';
  personId: string;
  from: string;
  to: string | null;
}

/** Who held each role on a date (accountability looks back at who was responsible at the time). */
export function responsibleOn(terms: ResponsibilityTerm[], date: string): Partial<Record<ResponsibilityTerm['role'], string>> {
  const out: Partial<Record<ResponsibilityTerm['role'], string>> = {};
  const sorted = [...terms].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  for (const t of sorted) {
    if (t.from <= date && (t.to === null || date < t.to)) out[t.role] = t.personId;
  }
  return out;
}
