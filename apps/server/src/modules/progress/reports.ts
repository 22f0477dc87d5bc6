/**
 * Progress reports (R-PROG-1, R-PROG-2). A handler drafts and submits; a draft may be edited, a
 * submitted report never is — a correction is a new version in the same chain. If the policy
 * requires, the unit's deputy or principal confirms before the office sees it. The office accepts
 * or returns (完成情况测评); an accepted completion claim marks the task 办结.
 */
import { VersionedCache, joinVersions, scopeOf, scopes, versionOf } from '../../platform/db/versions.ts';
import { prepared } from '../../platform/db/prepared.ts';
import type { Kysely } from 'kysely';
import { LuoshiError, can, localDate, memberOf, type Actor } from '@luoshi/domain';
import type { BodyT, progress } from '@luoshi/contracts';
import type { DB } from '../../platform/db/schema.ts';
import { requireCan, type Tx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { notifyUsers, usersInUnitRoles } from '../../platform/notify.ts';
import { policyFor } from '../campaigns/policy.ts';
import { canReadTask } from '../tasks/read-tasks.ts';
import { applyLatestReport } from './apply-progress.ts';
import { presentReports } from './present.ts';

type Q = Kysely<DB>;
type Input = BodyT<typeof progress.createReport>;

function invalid(path: string, zh: string, en: string) {
  return new LuoshiError('VALIDATION_FAILED', { issues: [{ path, zh, en }] });
}
function state(zh: string, en: string) {
  return new LuoshiError('INVALID_STATE', { issues: [{ path: 'status', zh, en }] });
}

async function loadTask(db: Q, taskId: string) {
  const t = await db.selectFrom('tasks').selectAll().where('id', '=', taskId).executeTakeFirst();
  if (!t) throw new LuoshiError('NOT_FOUND');
  const coop = (await db.selectFrom('task_cooperators').select('unit_id').where('task_id', '=', taskId).execute()).map((c) => c.unit_id);
  return { t, coop };
}

async function loadReport(db: Q, id: string) {
  const r = await db.selectFrom('progress_reports').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw new LuoshiError('NOT_FOUND');
  return r;
}

async function one(db: Q, id: string) {
  return (await presentReports(db, [await loadReport(db, id)]))[0]!;
}

async function checkActuals(db: Q, taskId: string, actuals: Input['indicatorActuals']) {
  if (!actuals.length) return;
  const ids = new Set((await db.selectFrom('task_indicators').select('id').where('task_id', '=', taskId).execute()).map((i) => i.id));
  actuals.forEach((a, i) => {
    if (!ids.has(a.indicatorId)) throw invalid(`indicatorActuals.${i}.indicatorId`, '该指标不属于此任务', 'the indicator does not belong to this task');
  });
  if (new Set(actuals.map((a) => a.indicatorId)).size !== actuals.length) throw invalid('indicatorActuals', '同一指标重复填报', 'an indicator is reported twice');
}

/** Which of the task's units the actor reports for: the one named, or the only one they belong to. */
function reportingUnit(actor: Actor, lead: string | null, coop: string[], wanted?: string): string {
  const candidates = [lead, ...coop].filter((u): u is string => !!u && memberOf(actor, u));
  if (wanted) {
    if (!candidates.includes(wanted)) throw new LuoshiError('FORBIDDEN');
    return wanted;
  }
  if (!candidates.length) throw new LuoshiError('FORBIDDEN');
  return candidates.includes(lead ?? '') ? lead! : candidates[0]!;
}

/** The task and the versions its report history is cached at (the campaign's reports and tasks, evidence, names), in one statement. */
const taskWithHistoryVersion = prepared((db) =>
  db
    .selectFrom('tasks')
    .select(['tasks.id', 'tasks.campaign_id', 'tasks.lead_unit_id'])
    .select([
      versionOf(scopeOf(scopes.reports(''), 'tasks.campaign_id')).as('reports_version'),
      versionOf(scopeOf(scopes.tasks(''), 'tasks.campaign_id')).as('tasks_version'),
      versionOf(scopes.attachments).as('attachments_version'),
      versionOf(scopes.org).as('org_version'),
    ])
    .where('id', '=', '?'),
);

export async function listReports(db: Q, actor: Actor, taskId: string) {
  requireCan(actor, 'task.read');
  const [t] = await taskWithHistoryVersion(db, [taskId]);
  if (!t) throw new LuoshiError('NOT_FOUND');
  const coop = (await db.selectFrom('task_cooperators').select('unit_id').where('task_id', '=', taskId).execute()).map((c) => c.unit_id);
  if (!canReadTask(actor, t.lead_unit_id, coop)) throw new LuoshiError('FORBIDDEN');
  // drafts are private to their unit
  const own = actor.memberships.map((m) => m.unitId);
  // the same history for every reader of the same units until the campaign's reports, tasks, evidence or names change
  const version = db.isTransaction ? '' : joinVersions(t.reports_version, t.tasks_version, t.attachments_version, t.org_version);
  const key = JSON.stringify([taskId, own]);
  const cached = version ? HISTORIES.get(key, version) : undefined;
  if (cached) return cached;
  let q = db.selectFrom('progress_reports').selectAll().where('task_id', '=', taskId);
  q = q.where((eb) => eb.or([eb('status', '!=', 'draft'), ...(own.length ? [eb('unit_id', 'in', own)] : [])]));
  const rows = await q.orderBy('created_at', 'desc').orderBy('version', 'desc').execute();
  const answer = { items: await presentReports(db, rows) };
  if (version) HISTORIES.set(key, version, answer);
  return answer;
}

/** Report histories as answered, by task and the reader's own units, with the versions they were built at. */
const HISTORIES = new VersionedCache<{ items: Awaited<ReturnType<typeof presentReports>> }>(500);

export async function createReport(tx: Tx, taskId: string, input: Input) {
  const actor = requireCan(tx.actor, 'report.write');
  const { t, coop } = await loadTask(tx.db, taskId);
  const unitId = reportingUnit(actor, t.lead_unit_id, coop, input.unitId);
  requireCan(actor, 'report.write', { unitId });
  if (t.status === 'completed' || t.status === 'cancelled') throw state('任务已办结或撤销,不能再填报', 'the task is completed or cancelled');
  await checkActuals(tx.db, taskId, input.indicatorActuals);
  const id = newId(tx.now.getTime());
  const row = {
    id,
    task_id: taskId,
    chain_id: id,
    version: 1,
    unit_id: unitId,
    narrative: input.narrative,
    percent: input.percent,
    indicator_actuals: JSON.stringify(input.indicatorActuals),
    completion_claim: input.completionClaim ? 1 : 0,
    status: 'draft',
    author_user_id: actor.userId,
    author_name: actor.displayName,
    created_at: tx.nowIso,
    updated_at: tx.nowIso,
    submitted_at: null,
    confirmed_by: null,
    confirmed_at: null,
    reviewed_by: null,
    reviewed_at: null,
    review_comment: null,
    superseded_by: null,
  };
  await tx.db.insertInto('progress_reports').values(row).execute();
  await tx.audit({ action: 'report.draft', entityType: 'report', entityId: id, after: row });
  return one(tx.db, id);
}

export async function updateDraft(tx: Tx, id: string, input: BodyT<typeof progress.updateDraft>) {
  const actor = requireCan(tx.actor, 'report.write');
  const before = await loadReport(tx.db, id);
  requireCan(actor, 'report.write', { unitId: before.unit_id });
  if (before.status !== 'draft') throw state('已报送的填报不能修改,请更正生成新版本', 'a submitted report is never edited; correct it as a new version');
  await checkActuals(tx.db, before.task_id, input.indicatorActuals);
  const next = {
    narrative: input.narrative,
    percent: input.percent,
    indicator_actuals: JSON.stringify(input.indicatorActuals),
    completion_claim: input.completionClaim ? 1 : 0,
    updated_at: tx.nowIso,
  };
  await tx.db.updateTable('progress_reports').set(next).where('id', '=', id).execute();
  await tx.audit({ action: 'report.edit_draft', entityType: 'report', entityId: id, before, after: { ...before, ...next } });
  return one(tx.db, id);
}

/** A correction: a new draft version in the chain, carrying the evidence of the one it corrects. */
export async function correctReport(tx: Tx, id: string, input: BodyT<typeof progress.correctReport>) {
  const actor = requireCan(tx.actor, 'report.write');
  const src = await loadReport(tx.db, id);
  requireCan(actor, 'report.write', { unitId: src.unit_id });
  if (src.status === 'draft') throw state('草稿可直接修改', 'edit the draft instead');
  if (src.status === 'superseded') throw state('该版本已被更正,请更正最新版本', 'this version was already corrected');
  const open = await tx.db.selectFrom('progress_reports').select('id').where('chain_id', '=', src.chain_id).where('status', '=', 'draft').executeTakeFirst();
  if (open) throw state('已有未报送的更正草稿', 'a correction draft is already open');
  const task = await tx.db.selectFrom('tasks').select('status').where('id', '=', src.task_id).executeTakeFirstOrThrow();
  if (task.status === 'completed' && src.status === 'accepted') throw state('任务已办结', 'the task is completed');
  await checkActuals(tx.db, src.task_id, input.indicatorActuals);
  const max = await tx.db.selectFrom('progress_reports').select((eb) => eb.fn.max('version').as('v')).where('chain_id', '=', src.chain_id).executeTakeFirst();
  const newIdValue = newId(tx.now.getTime());
  const row = {
    ...src,
    id: newIdValue,
    version: Number(max?.v ?? src.version) + 1,
    narrative: input.narrative,
    percent: input.percent,
    indicator_actuals: JSON.stringify(input.indicatorActuals),
    completion_claim: input.completionClaim ? 1 : 0,
    status: 'draft',
    author_user_id: actor.userId,
    author_name: actor.displayName,
    created_at: tx.nowIso,
    updated_at: tx.nowIso,
    submitted_at: null,
    confirmed_by: null,
    confirmed_at: null,
    reviewed_by: null,
    reviewed_at: null,
    review_comment: null,
    superseded_by: null,
  };
  await tx.db.insertInto('progress_reports').values(row).execute();
  const atts = await tx.db.selectFrom('attachments').selectAll().where('owner_type', '=', 'report').where('owner_id', '=', id).execute();
  for (const a of atts) await tx.db.insertInto('attachments').values({ ...a, id: newId(tx.now.getTime()), owner_id: newIdValue }).execute();
  await tx.audit({ action: 'report.correct', entityType: 'report', entityId: newIdValue, before: { id, version: src.version }, after: row });
  return one(tx.db, newIdValue);
}

async function supersedePrevious(tx: Tx, r: { id: string; chain_id: string; version: number }) {
  await tx.db
    .updateTable('progress_reports')
    .set({ status: 'superseded', superseded_by: r.id, updated_at: tx.nowIso })
    .where('chain_id', '=', r.chain_id)
    .where('version', '<', r.version)
    .where('status', '!=', 'superseded')
    .execute();
}

export async function submitReport(tx: Tx, id: string) {
  const actor = requireCan(tx.actor, 'report.write');
  const r = await loadReport(tx.db, id);
  requireCan(actor, 'report.write', { unitId: r.unit_id });
  if (r.status !== 'draft') throw state('只有草稿可以报送', 'only a draft can be submitted');
  const task = await tx.db.selectFrom('tasks').select(['campaign_id', 'code', 'title']).where('id', '=', r.task_id).executeTakeFirstOrThrow();
  const policy = await policyFor(tx.db, task.campaign_id, tx.now);
  const need = policy.approval.reportConfirmation;
  const status = need === 'none' ? 'submitted' : 'pending_confirmation';
  await tx.db.updateTable('progress_reports').set({ status, submitted_at: tx.nowIso, updated_at: tx.nowIso }).where('id', '=', id).execute();
  if (status === 'submitted') {
    await supersedePrevious(tx, r);
    await applyLatestReport(tx, r.task_id);
  } else {
    const roles = need === 'principal' ? ['principal'] : ['deputy', 'principal'];
    await notifyUsers(tx.db, tx.nowIso, await usersInUnitRoles(tx.db, r.unit_id, roles), {
      kind: 'report.confirm',
      title: `请确认进度填报:${task.code} ${task.title}`,
      link: `/app/tasks/${r.task_id}`,
    });
  }
  await tx.audit({ action: 'report.submit', entityType: 'report', entityId: id, before: { status: r.status }, after: { status } });
  return one(tx.db, id);
}

export async function confirmReport(tx: Tx, id: string) {
  const actor = requireCan(tx.actor, 'report.confirm');
  const r = await loadReport(tx.db, id);
  requireCan(actor, 'report.confirm', { unitId: r.unit_id });
  if (r.status !== 'pending_confirmation') throw state('该填报不在待确认状态', 'the report is not awaiting confirmation');
  const task = await tx.db.selectFrom('tasks').select('campaign_id').where('id', '=', r.task_id).executeTakeFirstOrThrow();
  const policy = await policyFor(tx.db, task.campaign_id, tx.now);
  if (policy.approval.reportConfirmation === 'principal' && !actor.memberships.some((m) => m.unitId === r.unit_id && m.role === 'principal')) {
    throw new LuoshiError('FORBIDDEN');
  }
  if (r.author_user_id === actor.userId) throw new LuoshiError('SELF_APPROVAL');
  await tx.db.updateTable('progress_reports').set({ status: 'submitted', confirmed_by: actor.displayName, confirmed_at: tx.nowIso, updated_at: tx.nowIso }).where('id', '=', id).execute();
  await supersedePrevious(tx, r);
  await applyLatestReport(tx, r.task_id);
  await tx.audit({ action: 'report.confirm', entityType: 'report', entityId: id, before: { status: r.status }, after: { status: 'submitted' } });
  return one(tx.db, id);
}

export async function reviewReport(tx: Tx, id: string, input: BodyT<typeof progress.reviewReport>) {
  const actor = requireCan(tx.actor, 'report.review');
  const r = await loadReport(tx.db, id);
  if (r.status !== 'submitted') throw state('该填报不在待测评状态', 'the report is not awaiting the office');
  if (input.decision === 'return' && !input.comment) throw invalid('comment', '退回须说明理由', 'a return needs reasons');
  if (r.author_user_id === actor.userId) throw new LuoshiError('SELF_APPROVAL');
  const status = input.decision === 'accept' ? 'accepted' : 'returned';
  await tx.db
    .updateTable('progress_reports')
    .set({ status, reviewed_by: actor.displayName, reviewed_at: tx.nowIso, review_comment: input.comment || null, updated_at: tx.nowIso })
    .where('id', '=', id)
    .execute();
  const task = await tx.db.selectFrom('tasks').select(['code', 'title', 'status', 'row_version']).where('id', '=', r.task_id).executeTakeFirstOrThrow();
  if (status === 'accepted' && r.completion_claim === 1) {
    // 办结: the completion is accepted; the task is done as of today
    await tx.db
      .updateTable('tasks')
      .set({ status: 'completed', progress: 100, actual_end: localDate(tx.now), row_version: task.row_version + 1, updated_at: tx.nowIso })
      .where('id', '=', r.task_id)
      .execute();
    await tx.audit({ action: 'task.complete', entityType: 'task', entityId: r.task_id, before: { status: task.status }, after: { status: 'completed', by: id } });
  }
  await applyLatestReport(tx, r.task_id);
  if (status === 'returned') {
    await notifyUsers(tx.db, tx.nowIso, [r.author_user_id], {
      kind: 'report.returned',
      title: `进度填报被退回:${task.code} ${task.title}`,
      body: input.comment,
      link: `/app/tasks/${r.task_id}`,
    });
  }
  await tx.audit({ action: `report.${input.decision}`, entityType: 'report', entityId: id, before: { status: r.status }, after: { status, comment: input.comment } });
  return one(tx.db, id);
}

export async function reviewQueue(db: Q, actor: Actor, campaignId: string) {
  if (!can(actor, 'report.review')) throw new LuoshiError('FORBIDDEN');
  const rows = await db
    .selectFrom('progress_reports')
    .innerJoin('tasks', 'tasks.id', 'progress_reports.task_id')
    .selectAll('progress_reports')
    .select(['tasks.code as task_code', 'tasks.title as task_title'])
    .where('tasks.campaign_id', '=', campaignId)
    .where('progress_reports.status', '=', 'submitted')
    .orderBy('progress_reports.submitted_at')
    .limit(1000)
    .execute();
  const presented = await presentReports(db, rows);
  return { items: presented.map((p, i) => ({ ...p, taskCode: rows[i]!.task_code, taskTitle: rows[i]!.task_title })) };
}
