/**
 * Task rows the way a county breaks a year down — goals of projects of tasks, milestones and
 * obstacles — for the benchmarks. Deterministic: the same scale gives the same sheet.
 */
import type { NodeType, TaskSheetValues } from '@luoshi/domain';

export interface BenchUnit {
  name: string;
  people: [string, string, string] | null;
}

/** Rows per goal: the goal, 9 projects, each with 20 tasks and milestones and an obstacle. */
export const GOAL_ROWS = 1 + 9 * 22;

export function taskRows(n: number, units: BenchUnit[], year = 2013): TaskSheetValues[] {
  const rows: TaskSheetValues[] = [];
  const unit = (i: number) => units[i % units.length]!;
  const node = (code: string, nodeType: NodeType, i: number, end: string, extra: Partial<TaskSheetValues> = {}): TaskSheetValues => {
    const u = unit(i);
    return {
      code,
      nodeType,
      title: `${nodeType === 'goal' ? '目标' : nodeType === 'project' ? '项目' : '任务'}${code}:推进县城基础设施和民生工程建设`,
      description: '',
      stream: null,
      sourceKind: 'work_report',
      sourceRef: `${year}年《政府工作报告》`,
      list: null,
      priority: 'normal',
      leadUnit: u.name,
      cooperatingUnits: [unit(i + 7).name, unit(i + 13).name].filter((x) => x !== u.name),
      principal: u.people?.[0] ?? null,
      deputy: u.people?.[1] ?? null,
      handler: u.people?.[2] ?? null,
      acceptanceStandard: '按期完成并通过验收,资料齐全。',
      indicators: [],
      plannedStart: `${year}-03-01`,
      plannedEnd: end,
      weight: 1,
      obstacleKind: null,
      coordinator: null,
      ...extra,
    };
  };
  for (let g = 1; rows.length < n; g++) {
    rows.push(node(String(g), 'goal', g, `${year}-12-31`));
    for (let p = 1; p <= 9 && rows.length < n; p++) {
      rows.push(node(`${g}.${p}`, 'project', g * 10 + p, `${year}-11-30`, { indicators: [{ name: '完成投资', unit: '万元', target: 1000 + p, baseline: 0 }], weight: 2 }));
      for (let k = 1; k <= 21 && rows.length < n; k++) {
        const code = `${g}.${p}.${k}`;
        if (k === 21) rows.push(node(code, 'obstacle', g + p + k, `${year}-09-30`, { obstacleKind: 'funding', principal: null, deputy: null, handler: null }));
        else rows.push(node(code, k % 3 ? 'task' : 'milestone', g * 100 + p * 10 + k, `${year}-${String(3 + (k % 8)).padStart(2, '0')}-28`));
      }
    }
  }
  return rows;
}
