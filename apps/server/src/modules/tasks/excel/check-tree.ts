/**
 * The tree of an import: every code's parent must be in the sheet or the campaign, and each node
 * meets the node rules of shape.ts with its facts taken from the sheet and the campaign together
 * (a parent's due date as the sheet will leave it, a list's members after the import).
 */
import { parentCode, type SheetColumnKey } from '@luoshi/domain';
import { shapeIssues, type ShapeFacts } from '../shape.ts';
import type { ExistingTask, SheetContext } from './lookups.ts';
import type { IssueList } from './issues.ts';
import type { Candidate } from './plan.ts';

interface Node {
  id: string;
  nodeType: string;
  plannedEnd: string | null;
}

export function checkTree(candidates: Candidate[], ctx: SheetContext, issues: IssueList): void {
  const inSheet = new Map(candidates.map((c) => [c.values.code, c]));
  const existingByCode = new Map(ctx.tasks.map((t) => [t.code, t]));
  const nodeOf = (code: string): Node | null => {
    const c = inSheet.get(code);
    if (c) return { id: c.id, nodeType: c.values.nodeType, plannedEnd: c.values.plannedEnd };
    const e = existingByCode.get(code);
    return e ? { id: e.id, nodeType: e.nodeType, plannedEnd: e.plannedEnd } : null;
  };

  // children that stay as they are: existing nodes the sheet does not mention or leaves unchanged
  const stays = (t: ExistingTask) => !inSheet.has(t.code) || inSheet.get(t.code)!.unchanged;
  const untouchedChildren = new Map<string, ExistingTask[]>();
  for (const t of ctx.tasks) {
    if (t.parentId && stays(t)) untouchedChildren.set(t.parentId, [...(untouchedChildren.get(t.parentId) ?? []), t]);
  }
  // list members that stay: existing nodes in a list the sheet does not mention
  const listBase = new Map<string, number>();
  for (const t of ctx.tasks) if (t.listId && !inSheet.has(t.code)) listBase.set(t.listId, (listBase.get(t.listId) ?? 0) + 1);
  const listSeen = new Map<string, number>();
  const lists = new Map(ctx.lists.map((l) => [l.id, l]));
  const activeUnitIds = new Set(ctx.units.filter((u) => u.active).map((u) => u.id));
  const streamKeys = ctx.campaign.streams.map((s) => s.key);

  for (const c of candidates) {
    const v = c.values;
    const pc = parentCode(v.code);
    const parent = pc === null ? null : nodeOf(pc);
    if (pc !== null && !parent) {
      issues.add(c.row, 'code', `上级编号 ${pc} 在表中和活动中都不存在`, `the parent code ${pc} is neither in the sheet nor in the campaign`);
      continue;
    }
    v.parentId = parent?.id ?? null;
    if (c.existing && c.existing.parentId !== v.parentId) {
      issues.add(c.row, 'code', `编号 ${v.code} 已属于另一上级,不能通过导入移动`, `the code ${v.code} belongs to another parent; an import cannot move it`);
      continue;
    }
    let list: ShapeFacts['list'] = null;
    if (v.listId) {
      const l = lists.get(v.listId);
      const seen = listSeen.get(v.listId) ?? 0;
      listSeen.set(v.listId, seen + 1);
      if (l) list = { campaignId: ctx.campaign.id, size: l.size, name: l.name, others: (listBase.get(v.listId) ?? 0) + seen };
    }
    if (c.unchanged) continue;
    const late = v.plannedEnd ? (untouchedChildren.get(c.id) ?? []).find((k) => k.plannedEnd !== null && k.plannedEnd > v.plannedEnd!) : undefined;
    const facts: ShapeFacts = {
      streamKeys,
      parent: parent ? { campaignId: ctx.campaign.id, plannedEnd: parent.plannedEnd, nodeType: parent.nodeType } : null,
      lateChild: late ? { code: late.code, plannedEnd: late.plannedEnd! } : null,
      list,
      activeUnitIds,
      postUnitId: v.postId ? (ctx.postUnits.get(v.postId) ?? null) : null,
      coordinatorExists: true,
    };
    const problems = shapeIssues({ campaignId: ctx.campaign.id, ...v }, facts);
    const already = new Set<SheetColumnKey>(issues.columnsOf(c.row));
    issues.addField(c.row, problems, already);
  }
}
