/**
 * Creating and changing task nodes (R-TASK-1..3, 6): 定量 (indicators), 定性 (acceptance
 * standard), 定岗 (owning post), 定责 (lead and cooperating units; principal, deputy, handler by
 * name, with dated history). 以目标倒逼程序: a child is never due after its parent.
 */
import type { Kysely } from 'kysely';
import { LuoshiError, localDate, parentCode, type FieldIssue } from '@luoshi/domain';
import type { BodyT, tasks } from '@luoshi/contracts';
import type { DB } from '../../platform/db/schema.ts';
import { requireCan, type Tx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import * as repo from './repo.ts';
import { taskDetail } from './read-tasks.ts';

type Q = Kysely<DB>;
type Role = 'principal' | 'deputy' | 'handler';
const ROLES: Role[] = ['principal', 'deputy', 'handler'];

function fail(issues: FieldIssue[]): never {
  throw new LuoshiError('VALIDATION_FAILED', { issues });
}

interface Shape {
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

/** Every cross-record rule of a task node, collected so the user sees all problems at once. */
export async function checkShape(db: Q, s: Shape, selfId: string | null): Promise<FieldIssue[]> {
  const issues: FieldIssue[] = [];
  const campaign = await db.selectFrom('campaigns').select(['streams']).where('id', '=', s.campaignId).executeTakeFirst();
  if (!campaign) throw new LuoshiError('NOT_FOUND');
  if (s.parentId) {
    const parent = await db.selectFrom('tasks').select(['campaign_id', 'planned_end', 'node_type']).where('id', '=', s.parentId).executeTakeFirst();
    if (!parent || parent.campaign_id !== s.campaignId) issues.push({ path: 'parentId', zh: '上级节点不存在', en: 'no such parent node' });
    else {
      if (parent.node_type === 'milestone' || parent.node_type === 'obstacle') {
        issues.push({ path: 'parentId', zh: '时间节点和难题下不能再分解', en: 'milestones and obstacles cannot have children' });
      }
      if (s.plannedEnd && parent.planned_end && s.plannedEnd > parent.planned_end) {
        issues.push({ path: 'plannedEnd', zh: `完成时间不能晚于上级节点(${parent.planned_end})`, en: `due after its parent (${parent.planned_end})` });
      }
    }
  }
  if (selfId && s.plannedEnd) {
    const late = await db.selectFrom('tasks').select(['code', 'planned_end']).where('parent_id', '=', selfId).where('planned_end', '>', s.plannedEnd).executeTakeFirst();
    if (late) issues.push({ path: 'plannedEnd', zh: `下级节点 ${late.code} 的完成时间(${late.planned_end})晚于此日期`, en: `child ${late.code} is due later (${late.planned_end})` });
  }
  if (['task', 'milestone', 'obstacle'].includes(s.nodeType) && !s.plannedEnd) {
    issues.push({ path: 'plannedEnd', zh: '任务、时间节点和难题必须有完成时间', en: 'tasks, milestones and obstacles need a due date' });
  }
  if (s.plannedStart && s.plannedEnd && s.plannedStart > s.plannedEnd) {
    issues.push({ path: 'plannedStart', zh: '开始时间不能晚于完成时间', en: 'start after due date' });
  }
  if (s.streamKey) {
    const streams = JSON.parse(campaign.streams) as { key: string }[];
    if (!streams.some((x) => x.key === s.streamKey)) issues.push({ path: 'streamKey', zh: '活动中没有该内容流', en: 'no such content stream in the campaign' });
  }
  if (s.listId) {
    const list = await db.selectFrom('project_lists').select(['campaign_id', 'size', 'name']).where('id', '=', s.listId).executeTakeFirst();
    if (!list || list.campaign_id !== s.campaignId) issues.push({ path: 'listId', zh: '项目清单不存在', en: 'no such project list' });
    else {
      let q = db.selectFrom('tasks').select(db.fn.countAll<number>().as('n')).where('list_id', '=', s.listId);
      if (selfId) q = q.where('id', '!=', selfId);
      const n = Number((await q.executeTakeFirst())?.n ?? 0);
      if (n >= list.size) issues.push({ path: 'listId', zh: `“${list.name}”已满(${list.size} 项)`, en: `the list ${list.name} is full (${list.size})` });
    }
  }
  const unitIds = [s.leadUnitId, ...s.cooperatingUnitIds].filter((u): u is string => !!u);
  if (unitIds.length) {
    const found = await db.selectFrom('units').select(['id', 'active']).where('id', 'in', unitIds).execute();
    const ok = new Set(found.filter((u) => u.active === 1).map((u) => u.id));
    if (s.leadUnitId && !ok.has(s.leadUnitId)) issues.push({ path: 'leadUnitId', zh: '牵头单位不存在或已停用', en: 'no such active lead unit' });
    s.cooperatingUnitIds.forEach((u, i) => {
      if (!ok.has(u)) issues.push({ path: `cooperatingUnitIds.${i}`, zh: '配合单位不存在或已停用', en: 'no such active cooperating unit' });
      if (u === s.leadUnitId) issues.push({ path: `cooperatingUnitIds.${i}`, zh: '配合单位不能是牵头单位', en: 'the lead unit cannot also cooperate' });
    });
  }
  if (s.postId) {
    const post = await db.selectFrom('posts').select('unit_id').where('id', '=', s.postId).executeTakeFirst();
    if (!post || post.unit_id !== s.leadUnitId) issues.push({ path: 'postId', zh: '责任岗位须属于牵头单位', en: 'the post must belong to the lead unit' });
  }
  if (s.nodeType === 'obstacle') {
    if (!s.obstacleKind) issues.push({ path: 'obstacleKind', zh: '请选择难题类型', en: 'choose the kind of obstacle' });
    if (!s.parentId) issues.push({ path: 'parentId', zh: '难题须挂在项目下', en: 'an obstacle belongs to a project' });
  } else if (s.obstacleKind) {
    issues.push({ path: 'obstacleKind', zh: '只有难题才有难题类型', en: 'only obstacles have a kind' });
  }
  if (s.coordinatorPersonId) {
    const p = await db.selectFrom('people').select('id').where('id', '=', s.coordinatorPersonId).executeTakeFirst();
    if (!p) issues.push({ path: 'coordinatorPersonId', zh: '协调领导不存在', en: 'no such person' });
  }
  return issues;
}

async function nextCode(db: Q, campaignId: string, parentId: string | null): Promise<string> {
  const parent = parentId ? await db.selectFrom('tasks').select('code').where('id', '=', parentId).executeTakeFirstOrThrow() : null;
  let q = db.selectFrom('tasks').select('code').where('campaign_id', '=', campaignId);
  q = parentId ? q.where('parent_id', '=', parentId) : q.where('parent_id', 'is', null);
  const siblings = await q.execute();
  const last = siblings.map((s) => Number(s.code.split('.').at(-1))).filter(Number.isFinite);
  const n = (last.length ? Math.max(...last) : 0) + 1;
  return parent ? `${parent.code}.${n}` : String(n);
}

async function writeIndicators(tx: Tx, taskId: string, list: BodyT<typeof tasks.createTask>['indicators']) {
  await tx.db.deleteFrom('task_indicators').where('task_id', '=', taskId).execute();
  for (const [i, ind] of list.entries()) {
    await tx.db
      .insertInto('task_indicators')
      .values({ id: newId(tx.now.getTime()), task_id: taskId, name: ind.name, unit: ind.unit, target: ind.target, baseline: ind.baseline, actual: null, sort_order: i })
      .execute();
  }
}

/** Opens a responsibility term; closes the role's current term at the same date. */
async function assign(tx: Tx, taskId: string, role: Role, personId: string | null, from: string) {
  await tx.db.updateTable('task_responsibilities').set({ to_date: from }).where('task_id', '=', taskId).where('role', '=', role).where('to_date', 'is', null).execute();
  if (personId) {
    await tx.db
      .insertInto('task_responsibilities')
      .values({ id: newId(tx.now.getTime()), task_id: taskId, role, person_id: personId, from_date: from, to_date: null, created_at: tx.nowIso })
      .execute();
  }
}

async function checkPeople(db: Q, ids: (string | null | undefined)[]) {
  const wanted = ids.filter((x): x is string => !!x);
  if (!wanted.length) return;
  const found = new Set((await db.selectFrom('people').select('id').where('id', 'in', wanted).execute()).map((p) => p.id));
  const issues = ROLES.flatMap((r, i) => (ids[i] && !found.has(ids[i]!) ? [{ path: `responsible.${r}`, zh: '人员不存在', en: 'no such person' }] : []));
  if (issues.length) fail(issues);
}

export async function createTask(tx: Tx, campaignId: string, input: BodyT<typeof tasks.createTask>) {
  requireCan(tx.actor, 'task.manage');
  const cooperating = [...new Set(input.cooperatingUnitIds)];
  const issues = await checkShape(tx.db, { ...input, campaignId, cooperatingUnitIds: cooperating }, null);
  let code = input.code;
  if (code) {
    const parent = input.parentId ? await tx.db.selectFrom('tasks').select('code').where('id', '=', input.parentId).executeTakeFirst() : null;
    if ((parent?.code ?? null) !== parentCode(code)) {
      issues.push({ path: 'code', zh: `编号须为上级编号加一级(如 ${parent ? `${parent.code}.1` : '1'})`, en: 'the code must extend its parent’s code by one level' });
    }
    const clash = await tx.db.selectFrom('tasks').select('id').where('campaign_id', '=', campaignId).where('code', '=', code).executeTakeFirst();
    if (clash) issues.push({ path: 'code', zh: '编号已被使用', en: 'the code is taken' });
  }
  if (issues.length) fail(issues);
  code ??= await nextCode(tx.db, campaignId, input.parentId);
  await checkPeople(tx.db, [input.responsible.principal, input.responsible.deputy, input.responsible.handler]);
  const id = newId(tx.now.getTime());
  const row = {
    id,
    campaign_id: campaignId,
    parent_id: input.parentId,
    code,
    node_type: input.nodeType,
    title: input.title,
    description: input.description,
    stream_key: input.streamKey,
    source_kind: input.sourceKind,
    source_ref: input.sourceRef,
    list_id: input.listId,
    priority: input.priority,
    lead_unit_id: input.leadUnitId,
    post_id: input.postId,
    acceptance_standard: input.acceptanceStandard,
    planned_start: input.plannedStart,
    planned_end: input.plannedEnd,
    actual_start: null,
    actual_end: null,
    weight: input.weight,
    progress: 0,
    status: 'not_started',
    obstacle_kind: input.obstacleKind,
    coordinator_person_id: input.coordinatorPersonId,
    published: 0,
    row_version: 1,
    created_at: tx.nowIso,
    updated_at: tx.nowIso,
  };
  await tx.db.insertInto('tasks').values(row).execute();
  for (const u of cooperating) await tx.db.insertInto('task_cooperators').values({ task_id: id, unit_id: u }).execute();
  await writeIndicators(tx, id, input.indicators);
  const defaults = input.leadUnitId ? await repo.unitHolders(tx.db, input.leadUnitId) : {};
  const from = input.plannedStart && input.plannedStart < localDate(tx.now) ? input.plannedStart : localDate(tx.now);
  for (const role of ROLES) {
    const chosen = input.responsible[role];
    const personId = chosen === undefined ? (defaults[role] ?? null) : chosen;
    if (personId) await assign(tx, id, role, personId, from);
  }
  const detail = await taskDetail(tx.db, tx.actor, id, { skipAccess: true });
  await tx.audit({ action: 'task.create', entityType: 'task', entityId: id, after: detail });
  return detail;
}

export async function updateTask(tx: Tx, id: string, input: BodyT<typeof tasks.updateTask>) {
  requireCan(tx.actor, 'task.manage');
  const before = await taskDetail(tx.db, tx.actor, id, { skipAccess: true });
  if (before.rowVersion !== input.rowVersion) {
    throw new LuoshiError('CONFLICT', { detail: { rowVersion: before.rowVersion } });
  }
  if (before.status === 'completed' && input.status) {
    throw new LuoshiError('INVALID_STATE', { issues: [{ path: 'status', zh: '已办结的任务不能改变状态', en: 'a completed task keeps its status' }] });
  }
  const pick = <K extends keyof typeof input>(k: K, fallback: NonNullable<unknown> | null) => (input[k] !== undefined ? input[k] : fallback);
  const shape = {
    campaignId: before.campaignId,
    parentId: before.parentId,
    nodeType: before.nodeType,
    streamKey: pick('streamKey', before.streamKey) as string | null,
    listId: pick('listId', before.listId) as string | null,
    leadUnitId: pick('leadUnitId', before.leadUnitId) as string | null,
    cooperatingUnitIds: [...new Set((input.cooperatingUnitIds ?? before.cooperatingUnitIds) as string[])],
    postId: pick('postId', before.postId) as string | null,
    plannedStart: pick('plannedStart', before.plannedStart) as string | null,
    plannedEnd: pick('plannedEnd', before.plannedEnd) as string | null,
    obstacleKind: pick('obstacleKind', before.obstacleKind) as string | null,
    coordinatorPersonId: pick('coordinatorPersonId', before.coordinator?.personId ?? null) as string | null,
  };
  if (input.leadUnitId !== undefined && input.leadUnitId !== before.leadUnitId && input.postId === undefined) shape.postId = null;
  const issues = await checkShape(tx.db, shape, id);
  if (issues.length) fail(issues);
  const result = await tx.db
    .updateTable('tasks')
    .set({
      title: input.title ?? before.title,
      description: input.description ?? before.description,
      stream_key: shape.streamKey,
      source_kind: input.sourceKind ?? before.sourceKind,
      source_ref: pick('sourceRef', before.sourceRef) as string | null,
      list_id: shape.listId,
      priority: input.priority ?? before.priority,
      lead_unit_id: shape.leadUnitId,
      post_id: shape.postId,
      acceptance_standard: input.acceptanceStandard ?? before.acceptanceStandard,
      planned_start: shape.plannedStart,
      planned_end: shape.plannedEnd,
      weight: input.weight ?? before.weight,
      status: input.status ?? before.status,
      obstacle_kind: shape.obstacleKind,
      coordinator_person_id: shape.coordinatorPersonId,
      row_version: before.rowVersion + 1,
      updated_at: tx.nowIso,
    })
    .where('id', '=', id)
    .where('row_version', '=', input.rowVersion)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new LuoshiError('CONFLICT');
  if (input.cooperatingUnitIds) {
    await tx.db.deleteFrom('task_cooperators').where('task_id', '=', id).execute();
    for (const u of shape.cooperatingUnitIds) await tx.db.insertInto('task_cooperators').values({ task_id: id, unit_id: u }).execute();
  }
  if (input.indicators) await writeIndicators(tx, id, input.indicators);
  if (shape.leadUnitId !== before.leadUnitId) {
    // a new lead unit brings its own principal, deputy and handler; the old terms end today
    const holders = shape.leadUnitId ? await repo.unitHolders(tx.db, shape.leadUnitId) : {};
    for (const role of ROLES) await assign(tx, id, role, holders[role] ?? null, localDate(tx.now));
  }
  const after = await taskDetail(tx.db, tx.actor, id, { skipAccess: true });
  await tx.audit({ action: 'task.update', entityType: 'task', entityId: id, before, after });
  return after;
}

export async function setResponsibility(tx: Tx, id: string, input: BodyT<typeof tasks.setResponsibility>) {
  requireCan(tx.actor, 'task.manage');
  const before = await taskDetail(tx.db, tx.actor, id, { skipAccess: true });
  if (input.personId) await checkPeople(tx.db, [input.role === 'principal' ? input.personId : null, input.role === 'deputy' ? input.personId : null, input.role === 'handler' ? input.personId : null]);
  const from = input.from ?? localDate(tx.now);
  const open = before.responsibilityHistory.find((h) => h.role === input.role && h.to === null);
  if (open && from < open.from) fail([{ path: 'from', zh: `变更日期不能早于现任责任人的开始日期(${open.from})`, en: `before the current holder’s start (${open.from})` }]);
  if (open?.personId === input.personId) return before;
  await assign(tx, id, input.role, input.personId, from);
  await tx.db.updateTable('tasks').set({ row_version: before.rowVersion + 1, updated_at: tx.nowIso }).where('id', '=', id).execute();
  const after = await taskDetail(tx.db, tx.actor, id, { skipAccess: true });
  await tx.audit({ action: 'task.responsibility', entityType: 'task', entityId: id, before: before.responsible, after: { ...after.responsible, role: input.role, from } });
  return after;
}

export async function deleteTask(tx: Tx, id: string) {
  requireCan(tx.actor, 'task.manage');
  const before = await taskDetail(tx.db, tx.actor, id, { skipAccess: true });
  if (before.childCount > 0) throw new LuoshiError('IN_USE', { issues: [{ path: 'id', zh: '请先删除下级节点', en: 'delete its children first' }] });
  await tx.db.deleteFrom('task_indicators').where('task_id', '=', id).execute();
  await tx.db.deleteFrom('task_cooperators').where('task_id', '=', id).execute();
  await tx.db.deleteFrom('task_responsibilities').where('task_id', '=', id).execute();
  await tx.db.deleteFrom('tasks').where('id', '=', id).execute();
  await tx.audit({ action: 'task.delete', entityType: 'task', entityId: id, before });
  return { ok: true as const };
}
