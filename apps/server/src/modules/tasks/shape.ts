/**
 * The cross-record rules of a task node, in one place. The rules are a pure function of the node
 * and a few facts about its neighbours (parent, children, list, units, post, coordinator), so that
 * a single change reads the facts from the database while a bulk import (任务分解表) supplies them
 * from memory for ten thousand rows at once — the same rules, the same messages.
 */
import type { Kysely } from 'kysely';
import { LuoshiError, type FieldIssue } from '@luoshi/domain';
import type { DB } from '../../platform/db/schema.ts';

type Q = Kysely<DB>;

/** The fields of a node that the rules look at. */
export interface Shape {
  campaignId: string;
  parentId: string | null;
  nodeType: string;
  streamKey: string | null;
  listId: string | null;
  leadUnitId: string | null;
  cooperatingUnitIds: string[];
  postId: string | null;
  plannedStart: string | null;
  plannedEnd: string | null;
  obstacleKind: string | null;
  coordinatorPersonId: string | null;
}

/** What the rules need to know about the node's surroundings. */
export interface ShapeFacts {
  /** content stream keys of the campaign */
  streamKeys: readonly string[];
  /** the parent, when parentId is set; null when there is no such node */
  parent: { campaignId: string; plannedEnd: string | null; nodeType: string } | null;
  /** a child (of an existing node) due after the node's planned end, if any */
  lateChild: { code: string; plannedEnd: string } | null;
  /** the project list, when listId is set; `others` counts its other members */
  list: { campaignId: string; size: number; name: string; others: number } | null;
  /** which of the named units exist and are active */
  activeUnitIds: ReadonlySet<string>;
  /** the unit of the post, when postId is set; null when there is no such post */
  postUnitId: string | null;
  /** whether the coordinator exists, when coordinatorPersonId is set */
  coordinatorExists: boolean;
}

/** Every cross-record rule of a task node, collected so the user sees all problems at once. */
export function shapeIssues(s: Shape, f: ShapeFacts): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (s.parentId) {
    const parent = f.parent;
    if (!parent || parent.campaignId !== s.campaignId) issues.push({ path: 'parentId', zh: '上级节点不存在', en: 'no such parent node' });
    else {
      if (parent.nodeType === 'milestone' || parent.nodeType === 'obstacle') {
        issues.push({ path: 'parentId', zh: '时间节点和难题下不能再分解', en: 'milestones and obstacles cannot have children' });
      }
      if (s.plannedEnd && parent.plannedEnd && s.plannedEnd > parent.plannedEnd) {
        issues.push({ path: 'plannedEnd', zh: `完成时间不能晚于上级节点(${parent.plannedEnd})`, en: `due after its parent (${parent.plannedEnd})` });
      }
    }
  }
  if (f.lateChild) {
    const late = f.lateChild;
    issues.push({ path: 'plannedEnd', zh: `下级节点 ${late.code} 的完成时间(${late.plannedEnd})晚于此日期`, en: `child ${late.code} is due later (${late.plannedEnd})` });
  }
  if (['task', 'milestone', 'obstacle'].includes(s.nodeType) && !s.plannedEnd) {
    issues.push({ path: 'plannedEnd', zh: '任务、时间节点和难题必须有完成时间', en: 'tasks, milestones and obstacles need a due date' });
  }
  if (s.plannedStart && s.plannedEnd && s.plannedStart > s.plannedEnd) {
    issues.push({ path: 'plannedStart', zh: '开始时间不能晚于完成时间', en: 'start after due date' });
  }
  if (s.streamKey && !f.streamKeys.includes(s.streamKey)) {
    issues.push({ path: 'streamKey', zh: '活动中没有该内容流', en: 'no such content stream in the campaign' });
  }
  if (s.listId) {
    const list = f.list;
    if (!list || list.campaignId !== s.campaignId) issues.push({ path: 'listId', zh: '项目清单不存在', en: 'no such project list' });
    else if (list.others >= list.size) {
      issues.push({ path: 'listId', zh: `“${list.name}”已满(${list.size} 项)`, en: `the list ${list.name} is full (${list.size})` });
    }
  }
  if (s.leadUnitId && !f.activeUnitIds.has(s.leadUnitId)) issues.push({ path: 'leadUnitId', zh: '牵头单位不存在或已停用', en: 'no such active lead unit' });
  s.cooperatingUnitIds.forEach((u, i) => {
    if (!f.activeUnitIds.has(u)) issues.push({ path: `cooperatingUnitIds.${i}`, zh: '配合单位不存在或已停用', en: 'no such active cooperating unit' });
    if (u === s.leadUnitId) issues.push({ path: `cooperatingUnitIds.${i}`, zh: '配合单位不能是牵头单位', en: 'the lead unit cannot also cooperate' });
  });
  if (s.postId && (f.postUnitId === null || f.postUnitId !== s.leadUnitId)) {
    issues.push({ path: 'postId', zh: '责任岗位须属于牵头单位', en: 'the post must belong to the lead unit' });
  }
  if (s.nodeType === 'obstacle') {
    if (!s.obstacleKind) issues.push({ path: 'obstacleKind', zh: '请选择难题类型', en: 'choose the kind of obstacle' });
    if (!s.parentId) issues.push({ path: 'parentId', zh: '难题须挂在项目下', en: 'an obstacle belongs to a project' });
  } else if (s.obstacleKind) {
    issues.push({ path: 'obstacleKind', zh: '只有难题才有难题类型', en: 'only obstacles have a kind' });
  }
  if (s.coordinatorPersonId && !f.coordinatorExists) issues.push({ path: 'coordinatorPersonId', zh: '协调领导不存在', en: 'no such person' });
  return issues;
}

/** Reads the facts about one node from the database (`selfId` is null for a new node). */
export async function loadShapeFacts(db: Q, s: Shape, selfId: string | null): Promise<ShapeFacts> {
  const campaign = await db.selectFrom('campaigns').select(['streams']).where('id', '=', s.campaignId).executeTakeFirst();
  if (!campaign) throw new LuoshiError('NOT_FOUND');
  const parent = s.parentId
    ? await db.selectFrom('tasks').select(['campaign_id', 'planned_end', 'node_type']).where('id', '=', s.parentId).executeTakeFirst()
    : undefined;
  const late =
    selfId && s.plannedEnd
      ? await db.selectFrom('tasks').select(['code', 'planned_end']).where('parent_id', '=', selfId).where('planned_end', '>', s.plannedEnd).executeTakeFirst()
      : undefined;
  let list: ShapeFacts['list'] = null;
  if (s.listId) {
    const row = await db.selectFrom('project_lists').select(['campaign_id', 'size', 'name']).where('id', '=', s.listId).executeTakeFirst();
    if (row) {
      let q = db.selectFrom('tasks').select(db.fn.countAll<number>().as('n')).where('list_id', '=', s.listId);
      if (selfId) q = q.where('id', '!=', selfId);
      const others = Number((await q.executeTakeFirst())?.n ?? 0);
      list = { campaignId: row.campaign_id, size: row.size, name: row.name, others };
    }
  }
  const unitIds = [s.leadUnitId, ...s.cooperatingUnitIds].filter((u): u is string => !!u);
  const units = unitIds.length ? await db.selectFrom('units').select(['id', 'active']).where('id', 'in', unitIds).execute() : [];
  const post = s.postId ? await db.selectFrom('posts').select('unit_id').where('id', '=', s.postId).executeTakeFirst() : undefined;
  const coordinator = s.coordinatorPersonId
    ? await db.selectFrom('people').select('id').where('id', '=', s.coordinatorPersonId).executeTakeFirst()
    : undefined;
  return {
    streamKeys: (JSON.parse(campaign.streams) as { key: string }[]).map((x) => x.key),
    parent: parent ? { campaignId: parent.campaign_id, plannedEnd: parent.planned_end, nodeType: parent.node_type } : null,
    lateChild: late && late.planned_end ? { code: late.code, plannedEnd: late.planned_end } : null,
    list,
    activeUnitIds: new Set(units.filter((u) => u.active === 1).map((u) => u.id)),
    postUnitId: post?.unit_id ?? null,
    coordinatorExists: !!coordinator,
  };
}

/** The rules applied to one node as the database holds its surroundings. */
export async function checkShape(db: Q, s: Shape, selfId: string | null): Promise<FieldIssue[]> {
  return shapeIssues(s, await loadShapeFacts(db, s, selfId));
}

/** A responsibility term opened with a new node starts at its planned start, or today if that is later. */
export function firstTermFrom(plannedStart: string | null, today: string): string {
  return plannedStart && plannedStart < today ? plannedStart : today;
}
