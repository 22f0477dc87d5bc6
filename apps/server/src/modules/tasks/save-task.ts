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
import { checkShape, firstTermFrom } from './shape.ts';

type Q = Kysely<DB>;
type Role = 'principal' | 'deputy' | 'handler';
const ROLES: Role[] = ['principal', 'deputy', 'handler'];

function fail(issues: FieldIssue[]): never {
  throw new LuoshiError('VALIDATION_FAILED', { issues });
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

/** A new task's indicators, none reported yet. */
async function writeIndicators(tx: Tx, taskId: string, list: BodyT<typeof tasks.createTask>['indicators']) {
  for (const [i, ind] of list.entries()) {
    await tx.db
      .insertInto('task_indicators')
      .values({ id: newId(tx.now.getTime()), task_id: taskId, name: ind.name, unit: ind.unit, target: ind.target, baseline: ind.baseline, actual: null, sort_order: i })
      .execute();
  }
}

/**
 * Edited indicators: one that is still there (by its id, else by its name) keeps its id and the
 * actual value reports recorded for it, so the reports' figures stay attached; a new one starts
 * without an actual; one left out is removed.
 */
async function mergeIndicators(tx: Tx, taskId: string, list: NonNullable<BodyT<typeof tasks.updateTask>['indicators']>) {
  const existing = await tx.db.selectFrom('task_indicators').select(['id', 'name']).where('task_id', '=', taskId).execute();
  const unused = new Map(existing.map((e) => [e.id, e]));
  const kept: (string | null)[] = list.map((ind) => {
    const byId = ind.id ? unused.get(ind.id) : undefined;
    if (ind.id && !byId) throw new LuoshiError('VALIDATION_FAILED', { issues: [{ path: 'indicators', zh: '指标不属于该任务', en: 'the indicator is not one of this task’s' }] });
    const match = byId ?? [...unused.values()].find((e) => e.name === ind.name);
    if (!match) return null;
    unused.delete(match.id);
    return match.id;
  });
  if (unused.size) await tx.db.deleteFrom('task_indicators').where('id', 'in', [...unused.keys()]).execute();
  for (const [i, ind] of list.entries()) {
    const id = kept[i];
    if (id) {
      await tx.db.updateTable('task_indicators').set({ name: ind.name, unit: ind.unit, target: ind.target, baseline: ind.baseline, sort_order: i }).where('id', '=', id).execute();
    } else {
      await tx.db
        .insertInto('task_indicators')
        .values({ id: newId(tx.now.getTime()), task_id: taskId, name: ind.name, unit: ind.unit, target: ind.target, baseline: ind.baseline, actual: null, sort_order: i })
        .execute();
    }
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
  const from = firstTermFrom(input.plannedStart, localDate(tx.now));
  for (const role of ROLES) {
    const chosen = input.responsible[role];
    const personId = chosen === undefined ? (defaults[role] ?? null) : chosen;
    if (personId) await assign(tx, id, role, personId, from);
  }
  const detail = await taskDetail(tx.db, tx.actor, id, tx.now, { skipAccess: true });
  await tx.audit({ action: 'task.create', entityType: 'task', entityId: id, after: detail });
  return detail;
}

export async function updateTask(tx: Tx, id: string, input: BodyT<typeof tasks.updateTask>) {
  requireCan(tx.actor, 'task.manage');
  const before = await taskDetail(tx.db, tx.actor, id, tx.now, { skipAccess: true });
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
  if (input.indicators) await mergeIndicators(tx, id, input.indicators);
  if (shape.leadUnitId !== before.leadUnitId) {
    // a new lead unit brings its own principal, deputy and handler; the old terms end today
    const holders = shape.leadUnitId ? await repo.unitHolders(tx.db, shape.leadUnitId) : {};
    for (const role of ROLES) await assign(tx, id, role, holders[role] ?? null, localDate(tx.now));
  }
  const after = await taskDetail(tx.db, tx.actor, id, tx.now, { skipAccess: true });
  await tx.audit({ action: 'task.update', entityType: 'task', entityId: id, before, after });
  return after;
}

export async function setResponsibility(tx: Tx, id: string, input: BodyT<typeof tasks.setResponsibility>) {
  requireCan(tx.actor, 'task.manage');
  const before = await taskDetail(tx.db, tx.actor, id, tx.now, { skipAccess: true });
  if (input.personId) await checkPeople(tx.db, [input.role === 'principal' ? input.personId : null, input.role === 'deputy' ? input.personId : null, input.role === 'handler' ? input.personId : null]);
  const from = input.from ?? localDate(tx.now);
  const open = before.responsibilityHistory.find((h) => h.role === input.role && h.to === null);
  if (open && from < open.from) fail([{ path: 'from', zh: `变更日期不能早于现任责任人的开始日期(${open.from})`, en: `before the current holder’s start (${open.from})` }]);
  if (open?.personId === input.personId) return before;
  await assign(tx, id, input.role, input.personId, from);
  await tx.db.updateTable('tasks').set({ row_version: before.rowVersion + 1, updated_at: tx.nowIso }).where('id', '=', id).execute();
  const after = await taskDetail(tx.db, tx.actor, id, tx.now, { skipAccess: true });
  await tx.audit({ action: 'task.responsibility', entityType: 'task', entityId: id, before: before.responsible, after: { ...after.responsible, role: input.role, from } });
  return after;
}

export async function deleteTask(tx: Tx, id: string) {
  requireCan(tx.actor, 'task.manage');
  const before = await taskDetail(tx.db, tx.actor, id, tx.now, { skipAccess: true });
  if (before.childCount > 0) throw new LuoshiError('IN_USE', { issues: [{ path: 'id', zh: '请先删除下级节点', en: 'delete its children first' }] });
  // what was reported, rated, inspected or escalated about a task stays on record: such a task is cancelled, not deleted
  const uses = await Promise.all([
    tx.db.selectFrom('progress_reports').select('id').where('task_id', '=', id).limit(1).executeTakeFirst(),
    tx.db.selectFrom('self_inspections').select('id').where('task_id', '=', id).limit(1).executeTakeFirst(),
    tx.db.selectFrom('inspection_targets').select('task_id').where('task_id', '=', id).limit(1).executeTakeFirst(),
    tx.db.selectFrom('notices').select('id').where('subject_type', '=', 'task').where('subject_id', '=', id).limit(1).executeTakeFirst(),
    tx.db.selectFrom('proposals').select('id').where('subject_type', '=', 'task').where('subject_id', '=', id).limit(1).executeTakeFirst(),
  ]);
  const [reports, selfInspections, inspections, notices, proposals] = uses.map(Boolean);
  if (reports || selfInspections || inspections || notices || proposals) {
    const zh = [reports && '进度填报', selfInspections && '自查评价', inspections && '督查记录', (notices || proposals) && '督查督办'].filter(Boolean).join('、');
    const en = [reports && 'progress reports', selfInspections && 'self-inspections', inspections && 'inspections', (notices || proposals) && 'supervision'].filter(Boolean).join(', ');
    throw new LuoshiError('IN_USE', { issues: [{ path: 'id', zh: `该任务已有${zh}记录,不能删除,可将其状态改为已取消`, en: `the task has ${en} on record; cancel it instead of deleting it` }] });
  }
  // its light history is derived from it and goes with it
  await tx.db.deleteFrom('task_light_changes').where('task_id', '=', id).execute();
  await tx.db.deleteFrom('task_indicators').where('task_id', '=', id).execute();
  await tx.db.deleteFrom('task_cooperators').where('task_id', '=', id).execute();
  await tx.db.deleteFrom('task_responsibilities').where('task_id', '=', id).execute();
  await tx.db.deleteFrom('tasks').where('id', '=', id).execute();
  await tx.audit({ action: 'task.delete', entityType: 'task', entityId: id, before });
  return { ok: true as const };
}
