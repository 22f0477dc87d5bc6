/**
 * Moving a notice along the ladder: send for approval (or issue a 督办 directly), the right leader
 * approves or rejects with reasons, the office withdraws a draft or confirms rectification.
 * Nobody approves a draft they made; a leader not in charge of the unit cannot approve its 催办;
 * only the principal county leader approves a 查办.
 */
import { LuoshiError, approverRule, approversFor, nextStatus, type NoticeKind, type NoticeStatus } from '@luoshi/domain';
import type { BodyT, supervision } from '@luoshi/contracts';
import { requireCan, type Tx } from '../../platform/context.ts';
import type { NoticesTable } from '../../platform/db/schema.ts';
import { notifyUsers } from '../../platform/notify.ts';
import { policyFor } from '../campaigns/policy.ts';
import { countyLeadersFor, findNotice } from './repo.ts';
import { issueNotice } from './issue-notice.ts';
import { presentNotice } from './present.ts';

function refuse(zh: string, en: string): LuoshiError {
  return new LuoshiError('INVALID_STATE', { issues: [{ path: 'status', zh, en }] });
}

async function usersOfPeople(tx: Tx, personIds: string[]): Promise<string[]> {
  if (!personIds.length) return [];
  return (await tx.db.selectFrom('users').select('id').where('person_id', 'in', personIds).where('disabled', '=', 0).execute()).map((u) => u.id);
}

export async function submitNotice(tx: Tx, id: string) {
  requireCan(tx.actor, 'notice.draft');
  const n = await findNotice(tx.db, id);
  if (n.status !== 'draft') throw refuse('只有草稿可以送审或下发', 'only a draft can be sent');
  const kind = n.kind as NoticeKind;
  if (kind === 'investigate' && n.major_impact !== 1) {
    throw new LuoshiError('VALIDATION_FAILED', { issues: [{ path: 'majorImpact', zh: '查办须认定对全县发展大局造成重大影响', en: 'an investigation needs the finding of a major impact on the county' }] });
  }
  const policy = await policyFor(tx.db, n.campaign_id, tx.now);
  const rule = approverRule(kind, policy);
  if (rule.by === 'none' || rule.by === 'office') {
    const issued = await issueNotice(tx, n, { submitted_at: tx.nowIso });
    return presentNotice(tx.db, issued);
  }
  const approvers = approversFor(rule, await countyLeadersFor(tx.db, n.unit_id));
  if (!approvers.length) throw refuse('未找到应审定的县政府领导,请先设置县长和分管副县长', 'no county leader to approve; set the county head and deputies in charge first');
  const next: Partial<NoticesTable> = { status: nextStatus('draft', 'submit')!, approver_ids: JSON.stringify(approvers), submitted_at: tx.nowIso, row_version: n.row_version + 1 };
  await tx.db.updateTable('notices').set(next).where('id', '=', id).execute();
  await notifyUsers(tx.db, tx.nowIso, await usersOfPeople(tx, approvers), {
    kind: 'notice.approval',
    title: `请审定:${n.title}`,
    link: `/app/approvals`,
  });
  await tx.audit({ action: 'notice.submit', entityType: 'notice', entityId: id, before: { status: n.status }, after: next });
  return presentNotice(tx.db, { ...n, ...next });
}

export async function decideNotice(tx: Tx, id: string, input: BodyT<typeof supervision.decideNotice>) {
  const actor = requireCan(tx.actor, 'notice.approve');
  const n = await findNotice(tx.db, id);
  if (n.status !== 'pending_approval') throw refuse('该事项不在待审定状态', 'not awaiting approval');
  const approvers = JSON.parse(n.approver_ids) as string[];
  if (!actor.personId || !approvers.includes(actor.personId)) throw new LuoshiError('FORBIDDEN', { issues: [{ path: 'approver', zh: '您不是该事项应审定的领导', en: 'you are not the leader who approves this' }] });
  if (n.drafted_by === actor.userId) throw new LuoshiError('SELF_APPROVAL');
  if (input.decision === 'reject' && !input.reason) {
    throw new LuoshiError('VALIDATION_FAILED', { issues: [{ path: 'reason', zh: '不同意须说明理由', en: 'a rejection needs reasons' }] });
  }
  const decided = { decided_by: actor.userId, decided_person_id: actor.personId, decided_name: actor.displayName, decided_at: tx.nowIso, decision_reason: input.reason || null };
  if (input.decision === 'approve') {
    const issued = await issueNotice(tx, n, decided);
    await tx.audit({ action: 'notice.approve', entityType: 'notice', entityId: id, before: { status: n.status }, after: { status: 'issued', reason: input.reason } });
    return presentNotice(tx.db, issued);
  }
  const next = { ...decided, status: nextStatus('pending_approval', 'reject')!, row_version: n.row_version + 1 };
  await tx.db.updateTable('notices').set(next).where('id', '=', id).execute();
  await notifyUsers(tx.db, tx.nowIso, [n.drafted_by], { kind: 'notice.rejected', title: `未同意:${n.title}`, body: input.reason, link: `/app/notices/${id}` });
  await tx.audit({ action: 'notice.reject', entityType: 'notice', entityId: id, before: { status: n.status }, after: next });
  return presentNotice(tx.db, { ...n, ...next });
}

export async function withdrawNotice(tx: Tx, id: string, reason: string) {
  requireCan(tx.actor, 'notice.draft');
  const n = await findNotice(tx.db, id);
  const to = nextStatus(n.status as NoticeStatus, 'withdraw');
  if (!to) throw refuse('已下发的通知不能撤回', 'an issued notice cannot be withdrawn');
  const next = { status: to, decision_reason: reason, closed_at: tx.nowIso, row_version: n.row_version + 1 };
  await tx.db.updateTable('notices').set(next).where('id', '=', id).execute();
  if (n.proposal_id) await tx.db.updateTable('proposals').set({ status: 'open', notice_id: null }).where('id', '=', n.proposal_id).execute();
  await tx.audit({ action: 'notice.withdraw', entityType: 'notice', entityId: id, before: { status: n.status }, after: next });
  return presentNotice(tx.db, { ...n, ...next });
}

/** Closes an issued or lapsed notice as rectified: by the office, or when its task is completed. */
export async function closeFulfilled(tx: Tx, n: NoticesTable, note: string) {
  const to = nextStatus(n.status as NoticeStatus, 'fulfil');
  if (!to) throw refuse('该通知不在办理中', 'the notice is not running');
  const next = { status: to, closed_at: tx.nowIso, row_version: n.row_version + 1 };
  await tx.db.updateTable('notices').set(next).where('id', '=', n.id).execute();
  await tx.audit({ action: 'notice.fulfil', entityType: 'notice', entityId: n.id, before: { status: n.status }, after: { ...next, note } });
  return { ...n, ...next };
}

export async function fulfilNotice(tx: Tx, id: string, note: string) {
  requireCan(tx.actor, 'notice.draft');
  const n = await findNotice(tx.db, id);
  return presentNotice(tx.db, await closeFulfilled(tx, n, note));
}
