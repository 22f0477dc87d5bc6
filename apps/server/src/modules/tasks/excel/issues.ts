/**
 * Problems of an import, each tied to an Excel row and a column as the sheet names it. Messages
 * of the task contract (zod) and of the node rules (shape.ts) are translated to that form, so a
 * rule is written once and reported the same way whether it meets a form or a sheet.
 */
import { COLUMN_BY_KEY, TASK_SHEET_COLUMNS, type FieldIssue, type SheetColumnKey } from '@luoshi/domain';
import type { tasks } from '@luoshi/contracts';
import type { z } from 'zod';

/** How many problems an import reports in full; all are counted. */
export const MAX_REPORTED_ISSUES = 300;

/** The sheet column that holds a field of the task contract or of the node rules. */
const FIELD_COLUMNS: Record<string, SheetColumnKey> = {
  code: 'code',
  parentId: 'code',
  nodeType: 'nodeType',
  title: 'title',
  description: 'description',
  streamKey: 'stream',
  sourceKind: 'sourceKind',
  sourceRef: 'sourceRef',
  listId: 'list',
  priority: 'priority',
  leadUnitId: 'leadUnit',
  postId: 'leadUnit',
  cooperatingUnitIds: 'cooperatingUnits',
  acceptanceStandard: 'acceptanceStandard',
  plannedStart: 'plannedStart',
  plannedEnd: 'plannedEnd',
  weight: 'weight',
  obstacleKind: 'obstacleKind',
  coordinatorPersonId: 'coordinator',
  indicators: 'indicatorName',
  'indicators.name': 'indicatorName',
  'indicators.unit': 'indicatorUnit',
  'indicators.target': 'target',
  'indicators.baseline': 'baseline',
  'responsible.principal': 'principal',
  'responsible.deputy': 'deputy',
  'responsible.handler': 'handler',
};

/** `cooperatingUnitIds.2` → cooperatingUnits; `indicators.1.target` → target. */
export function columnOfPath(path: readonly PropertyKey[] | string): SheetColumnKey {
  const parts = (typeof path === 'string' ? path.split('.') : path.map(String)).filter((p) => !/^\d+$/.test(p));
  return FIELD_COLUMNS[parts.join('.')] ?? FIELD_COLUMNS[parts[0] ?? ''] ?? 'title';
}

export class IssueList {
  readonly all: { row: number; key: SheetColumnKey; issue: tasks.TaskImportIssueT }[] = [];
  private byRow = new Map<number, Set<SheetColumnKey>>();
  constructor(private headers: Partial<Record<SheetColumnKey, string>>) {}

  header(key: SheetColumnKey): string {
    return this.headers[key] ?? COLUMN_BY_KEY[key].zh;
  }

  add(row: number, key: SheetColumnKey, zh: string, en: string): void {
    this.all.push({ row, key, issue: { row, column: this.header(key), zh, en } });
    const cols = this.byRow.get(row) ?? new Set();
    this.byRow.set(row, cols.add(key));
  }

  /** Adds a rule's problems unless the same cell already has one (a bad date is not also "missing"). */
  addField(row: number, issues: FieldIssue[], skip: ReadonlySet<SheetColumnKey> = new Set()): void {
    for (const i of issues) {
      const key = columnOfPath(i.path);
      if (!skip.has(key)) this.add(row, key, i.zh, i.en);
    }
  }

  /** The contract's problems in words a sheet user understands. */
  addZod(row: number, issues: readonly z.core.$ZodIssue[], skip: ReadonlySet<SheetColumnKey> = new Set()): void {
    for (const i of issues) {
      const key = columnOfPath(i.path);
      if (skip.has(key)) continue;
      const limit = (i as { maximum?: unknown; minimum?: unknown }).maximum ?? (i as { minimum?: unknown }).minimum;
      const origin = (i as { origin?: string }).origin;
      if (key === 'code' && (i.code === 'invalid_format' || i.code === 'custom' || i.code === 'too_big')) {
        this.add(row, key, '编号须为 1、1.2、1.2.3 这样的点分编号(字母或数字,最多 40 字符)', 'the code must be dotted like 1, 1.2, 1.2.3 (letters or digits, up to 40 characters)');
      } else if (i.code === 'too_big') {
        if (origin === 'string') this.add(row, key, `内容过长,最多 ${String(limit)} 字`, `too long: at most ${String(limit)} characters`);
        else if (origin === 'array') this.add(row, key, `最多 ${String(limit)} 项`, `at most ${String(limit)} items`);
        else this.add(row, key, `不能大于 ${String(limit)}`, `must not exceed ${String(limit)}`);
      } else if (i.code === 'too_small') {
        if (origin === 'string') this.add(row, key, '不能为空', 'must not be empty');
        else this.add(row, key, `不能小于 ${String(limit)}`, `must be at least ${String(limit)}`);
      } else this.add(row, key, '内容不符合要求', i.message);
    }
  }

  /** the columns of a row that already have a problem */
  columnsOf(row: number): ReadonlySet<SheetColumnKey> {
    return this.byRow.get(row) ?? new Set();
  }

  get count(): number {
    return this.all.length;
  }

  /** In sheet order: by row, then by column as the template orders them; the first few hundred. */
  reported(): tasks.TaskImportIssueT[] {
    const order = new Map(TASK_SHEET_COLUMNS.map((c, i) => [c.key, i]));
    return [...this.all]
      .sort((a, b) => a.row - b.row || order.get(a.key)! - order.get(b.key)!)
      .slice(0, MAX_REPORTED_ISSUES)
      .map((x) => x.issue);
  }
}
