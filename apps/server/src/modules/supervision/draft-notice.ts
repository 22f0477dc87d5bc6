/**
 * The office drafts a notice or an opinion (督办 / 催办意见 / 查办意见 / 通报表扬), from a sweep
 * proposal or on its own finding. A 催办 must follow a lapsed 督办 on the same subject, a 查办 a
 * lapsed 催办; the same subject never carries two live notices of one kind.
 */
import { LuoshiError, addDays, consequences, localDate, previousLevel, type NoticeKind } from '@luoshi/domain';
import type { BodyT, supervision } from '@luoshi/contracts';
import { requireCan, type Tx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { policyFor } from '../campaigns/policy.ts';
import { treeContext } from '../tasks/read-tasks.ts';
import { findNotice, subjectTitle } from './repo.ts';
import { presentNotice } from './present.ts';
import { defaultBody, defaultTitle } from './templates.ts';

const LIVE = ['draft', 'pending_approval', 'issued'];

function invalid(path: string, zh: string, en: string): LuoshiError {
  return new LuoshiError('VALIDATION_FAILED', { issues: [{ path, zh, en }] });
}

export async function draftNotice(tx: Tx, campaignId: string, input: BodyT<typeof supervision.draftNotice>) {
  const actor = requireCan(tx.actor, 'notice.draft');
  const campaign = await tx.db.selectFrom('campaigns').select(['id', 'name']).where('id', '=', campaignId).executeTakeFirst();
  if (!campaign) throw new LuoshiError('NOT_FOUND');
  const kind = input.kind as NoticeKind;
  const policy = await policyFor(tx.db, campaignId, tx.now);
  const today = localDate(tx.now, policy.timeZone);

  let unitId = input.unitId ?? null;
  let plannedEnd: string | null = null;
  let situation = '';
  if (input.subjectType === 'task') {
    const task = await tx.db.selectFrom('tasks').select(['campaign_id', 'lead_unit_id', 'planned_end', 'status']).where('id', '=', input.subjectId).executeTakeFirst();
    if (!task || task.campaign_id !== campaignId) throw invalid('subjectId', '任务不存在', 'no such task in this campaign');
    if (kind !== 'commend' && task.status === 'completed') throw invalid('subjectId', '任务已办结', 'the task is completed');
    unitId ??= task.lead_unit_id;
    plannedEnd = task.planned_end;
    // the task's light and rolled-up progress from the campaign's cached tree: nothing is written
    // yet in this transaction (drafting reads first; its callers begin their transaction with it),
    // so the tree at the current data version is what it would read — rebuilding the whole tree
    // inside the transaction for one task took seconds at city scale
    const ctx = await treeContext(tx.db, campaignId, tx.now, { unwrittenTransaction: true });
    const light = ctx.ctx.lights.get(input.subjectId);
    situation = light ? `${light.zh},当前进度 ${ctx.ctx.rollup.get(input.subjectId)?.progress ?? 0}%` : '';
  } else if (input.subjectType === 'case') {
    const c = await tx.db.selectFrom('cases').select(['owner_unit_id', 'number', 'due_on']).where('id', '=', input.subjectId).executeTakeFirst();
    if (!c) throw invalid('subjectId', '诉求不存在', 'no such case');
    unitId ??= c.owner_unit_id;
    plannedEnd = c.due_on;
    situation = `诉求 ${c.number} 超过法定(规定)办理时限`;
  } else {
    unitId ??= input.subjectId;
    if (unitId !== input.subjectId) throw invalid('unitId', '该事项的责任单位即为对象单位', 'the unit is the subject itself');
    if (input.subjectType === 'plan') situation = '未按期报送实施方案';
  }
  if (!unitId) throw invalid('unitId', '请指定责任单位', 'name the responsible unit');
  const unit = await tx.db.selectFrom('units').select(['name', 'active']).where('id', '=', unitId).executeTakeFirst();
  if (!unit?.active) throw invalid('unitId', '单位不存在或已停用', 'no such active unit');

  let parentDoc: string | null = null;
  const prev = previousLevel(kind);
  if (prev) {
    if (!input.parentNoticeId) throw invalid('parentNoticeId', `${kind === 'urge' ? '催办' : '查办'}须针对逾期未办结的${prev === 'supervise' ? '督办' : '催办'}`, `a ${kind} follows a lapsed ${prev}`);
    const parent = await findNotice(tx.db, input.parentNoticeId).catch(() => null);
    if (!parent || parent.kind !== prev || parent.subject_id !== input.subjectId || parent.unit_id !== unitId) {
      throw invalid('parentNoticeId', '所针对的通知不匹配', 'the notice it follows does not match');
    }
    if (parent.status !== 'lapsed') throw invalid('parentNoticeId', '所针对的通知尚未逾期或已办结', 'the notice it follows has not lapsed');
    parentDoc = parent.doc_number;
  } else if (input.parentNoticeId) {
    throw invalid('parentNoticeId', '督办和通报不针对其他通知', 'this kind follows no notice');
  }
  if (kind !== 'commend') {
    let live = tx.db.selectFrom('notices').select('id').where('kind', '=', kind).where('subject_id', '=', input.subjectId).where('status', 'in', LIVE);
    if (input.parentNoticeId) live = live.where('parent_notice_id', '=', input.parentNoticeId);
    if (await live.executeTakeFirst()) {
      throw new LuoshiError('DUPLICATE', { issues: [{ path: 'subjectId', zh: '该事项已有同类在办通知', en: 'a live notice of this kind already exists for the subject' }] });
    }
  }
  if (input.proposalId) {
    const p = await tx.db.selectFrom('proposals').selectAll().where('id', '=', input.proposalId).executeTakeFirst();
    if (!p || p.status !== 'open' || p.subject_id !== input.subjectId || p.kind !== kind) throw invalid('proposalId', '建议不存在或已处理', 'no such open proposal');
  }

  const days = consequences(kind, policy).deadlineDays;
  const deadline = input.deadline ?? (days !== null ? addDays(today, days) : null);
  if (deadline && deadline < today) throw invalid('deadline', '期限不能早于今天', 'the deadline is in the past');
  const subject = input.subjectType === 'task' ? (await subjectTitle(tx.db, 'task', input.subjectId)).replace(/^\S+\s/, '') : await subjectTitle(tx.db, input.subjectType, input.subjectId);
  const facts = { unitName: unit.name, subject, plannedEnd, situation, deadline, campaignName: campaign.name, parentDocNumber: parentDoc };
  const id = newId(tx.now.getTime());
  const row = {
    id,
    campaign_id: campaignId,
    kind,
    subject_type: input.subjectType,
    subject_id: input.subjectId,
    unit_id: unitId,
    parent_notice_id: input.parentNoticeId,
    proposal_id: input.proposalId,
    status: 'draft',
    title: input.title || defaultTitle(kind, facts),
    body: input.body || defaultBody(kind, facts),
    criticism: consequences(kind, policy).criticism ? 1 : 0,
    major_impact: input.majorImpact ? 1 : 0,
    deadline,
    doc_prefix: null,
    doc_year: null,
    doc_seq: null,
    doc_number: null,
    approver_ids: '[]',
    drafted_by: actor.userId,
    drafted_name: actor.displayName,
    drafted_at: tx.nowIso,
    submitted_at: null,
    decided_by: null,
    decided_person_id: null,
    decided_name: null,
    decided_at: null,
    decision_reason: null,
    issued_at: null,
    issued_on: null,
    closed_at: null,
    row_version: 1,
  };
  await tx.db.insertInto('notices').values(row).execute();
  if (input.proposalId) {
    await tx.db.updateTable('proposals').set({ status: 'drafted', notice_id: id, decided_by: actor.displayName, decided_at: tx.nowIso }).where('id', '=', input.proposalId).execute();
  }
  await tx.audit({ action: `notice.draft`, entityType: 'notice', entityId: id, after: row });
  return presentNotice(tx.db, row);
}

export async function updateNotice(tx: Tx, id: string, input: BodyT<typeof supervision.updateNotice>) {
  requireCan(tx.actor, 'notice.draft');
  const before = await findNotice(tx.db, id);
  if (before.status !== 'draft') throw new LuoshiError('INVALID_STATE', { issues: [{ path: 'status', zh: '只有草稿可以修改', en: 'only a draft can be edited' }] });
  if (before.row_version !== input.rowVersion) throw new LuoshiError('CONFLICT');
  const next = {
    title: input.title ?? before.title,
    body: input.body ?? before.body,
    deadline: input.deadline ?? before.deadline,
    major_impact: input.majorImpact === undefined ? before.major_impact : input.majorImpact ? 1 : 0,
    row_version: before.row_version + 1,
  };
  const today = localDate(tx.now);
  if (next.deadline && next.deadline < today) throw invalid('deadline', '期限不能早于今天', 'the deadline is in the past');
  await tx.db.updateTable('notices').set(next).where('id', '=', id).execute();
  await tx.audit({ action: 'notice.edit', entityType: 'notice', entityId: id, before, after: { ...before, ...next } });
  return presentNotice(tx.db, { ...before, ...next });
}
