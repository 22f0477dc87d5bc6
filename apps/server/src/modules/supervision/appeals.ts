/**
 * 申诉 (due process): a unit appeals a notice within the policy's window; the office decides a
 * 督办 or 通报, the approving leader a 催办 or 查办. An upheld appeal reverses the notice's deduction
 * (a reversing ledger entry) and any eligibility it cost, and closes its accountability case —
 * the record of all of it stays visible.
 */
import type { Kysely } from 'kysely';
import { LuoshiError, appealOpen, can, localDate, nextStatus, type Actor, type NoticeStatus } from '@luoshi/domain';
import type { DB, AppealsTable } from '../../platform/db/schema.ts';
import { requireCan, type Tx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { notifyUsers, usersInUnitRoles, usersWithFunction } from '../../platform/notify.ts';
import { policyFor } from '../campaigns/policy.ts';
import { findNotice, peopleNames } from './repo.ts';

type Q = Kysely<DB>;

async function present(db: Q, rows: AppealsTable[]) {
  const names = await peopleNames(db, [...new Set(rows.flatMap((r) => JSON.parse(r.decider_ids) as string[]))]);
  return rows.map((r) => ({
    id: r.id,
    noticeId: r.notice_id,
    unitId: r.unit_id,
    reasons: r.reasons,
    submittedBy: r.submitted_name,
    submittedAt: r.submitted_at,
    status: r.status as 'pending' | 'upheld' | 'rejected',
    deciders: (JSON.parse(r.decider_ids) as string[]).map((id) => ({ personId: id, name: names.get(id) ?? '' })),
    decidedBy: r.decided_by_name,
    decidedAt: r.decided_at,
    decisionReason: r.decision_reason,
  }));
}

export async function listAppeals(db: Q, actor: Actor, noticeId: string) {
  const n = await findNotice(db, noticeId);
  requireCan(actor, 'notice.read', { unitId: n.unit_id });
  const rows = await db.selectFrom('appeals').selectAll().where('notice_id', '=', noticeId).orderBy('submitted_at').execute();
  return { items: await present(db, rows) };
}

export async function submitAppeal(tx: Tx, noticeId: string, reasons: string) {
  const actor = requireCan(tx.actor, 'appeal.submit');
  const n = await findNotice(tx.db, noticeId);
  requireCan(actor, 'appeal.submit', { unitId: n.unit_id });
  if (n.kind === 'commend') throw new LuoshiError('INVALID_STATE', { issues: [{ path: 'noticeId', zh: '通报表扬无需申诉', en: 'a commendation is not appealed' }] });
  if (!n.issued_on || !nextStatus(n.status as NoticeStatus, 'reverse')) throw new LuoshiError('INVALID_STATE', { issues: [{ path: 'status', zh: '该通知不能申诉', en: 'this notice cannot be appealed' }] });
  const policy = await policyFor(tx.db, n.campaign_id, n.issued_on);
  if (!appealOpen(n.issued_on, localDate(tx.now, policy.timeZone), policy.deadlines.appealDays)) {
    throw new LuoshiError('INVALID_STATE', { issues: [{ path: 'noticeId', zh: `申诉期已过(下发后 ${policy.deadlines.appealDays} 日内)`, en: `the appeal window (${policy.deadlines.appealDays} days) has closed` }] });
  }
  const open = await tx.db.selectFrom('appeals').select('id').where('notice_id', '=', noticeId).where('status', '=', 'pending').executeTakeFirst();
  if (open) throw new LuoshiError('DUPLICATE', { issues: [{ path: 'noticeId', zh: '已有待处理的申诉', en: 'an appeal is already pending' }] });
  const deciders = n.kind === 'supervise' ? [] : n.decided_person_id ? [n.decided_person_id] : JSON.parse(n.approver_ids);
  const row = {
    id: newId(tx.now.getTime()),
    notice_id: noticeId,
    unit_id: n.unit_id,
    reasons,
    submitted_by: actor.userId,
    submitted_name: actor.displayName,
    submitted_at: tx.nowIso,
    status: 'pending',
    decider_ids: JSON.stringify(deciders),
    decided_by_name: null,
    decided_at: null,
    decision_reason: null,
  };
  await tx.db.insertInto('appeals').values(row).execute();
  const recipients = deciders.length
    ? (await tx.db.selectFrom('users').select('id').where('person_id', 'in', deciders).execute()).map((u) => u.id)
    : await usersWithFunction(tx.db, 'office');
  await notifyUsers(tx.db, tx.nowIso, recipients, { kind: 'appeal.submitted', title: `申诉:${n.doc_number} ${n.title}`, link: `/app/notices/${noticeId}` });
  await tx.audit({ action: 'appeal.submit', entityType: 'notice', entityId: noticeId, after: row });
  return (await present(tx.db, [row]))[0]!;
}

export async function decideAppeal(tx: Tx, appealId: string, input: { decision: 'uphold' | 'reject'; reason: string }) {
  const actor = requireCan(tx.actor, 'appeal.decide');
  const a = await tx.db.selectFrom('appeals').selectAll().where('id', '=', appealId).executeTakeFirst();
  if (!a) throw new LuoshiError('NOT_FOUND');
  if (a.status !== 'pending') throw new LuoshiError('INVALID_STATE', { issues: [{ path: 'status', zh: '该申诉已处理', en: 'the appeal was decided' }] });
  const deciders = JSON.parse(a.decider_ids) as string[];
  const allowed = deciders.length ? !!actor.personId && deciders.includes(actor.personId) : can(actor, 'notice.draft');
  if (!allowed) throw new LuoshiError('FORBIDDEN', { issues: [{ path: 'decider', zh: '您不是该申诉的处理人', en: 'you do not decide this appeal' }] });
  if (a.submitted_by === actor.userId) throw new LuoshiError('SELF_APPROVAL');
  const n = await findNotice(tx.db, a.notice_id);
  const status = input.decision === 'uphold' ? 'upheld' : 'rejected';
  await tx.db.updateTable('appeals').set({ status, decided_by_name: actor.displayName, decided_at: tx.nowIso, decision_reason: input.reason }).where('id', '=', appealId).execute();
  if (status === 'upheld') {
    const to = nextStatus(n.status as NoticeStatus, 'reverse');
    if (!to) throw new LuoshiError('INVALID_STATE');
    await tx.db.updateTable('notices').set({ status: to, closed_at: tx.nowIso, row_version: n.row_version + 1 }).where('id', '=', n.id).execute();
    const deducted = await tx.db.selectFrom('deductions').selectAll().where('notice_id', '=', n.id).execute();
    const net = deducted.reduce((s, d) => s + Number(d.points), 0);
    if (net !== 0) {
      const d0 = deducted[0]!;
      await tx.db
        .insertInto('deductions')
        .values({ id: newId(tx.now.getTime()), campaign_id: d0.campaign_id, year: d0.year, unit_id: d0.unit_id, notice_id: n.id, points: -net, kind: 'reversal', reason: `申诉成立,撤销 ${n.doc_number} 扣分`, appeal_id: appealId, created_at: tx.nowIso })
        .execute();
    }
    await tx.db.updateTable('eligibility_losses').set({ reversed_at: tx.nowIso, appeal_id: appealId }).where('notice_id', '=', n.id).where('reversed_at', 'is', null).execute();
    await tx.db.updateTable('accountability_cases').set({ status: 'cancelled' }).where('notice_id', '=', n.id).where('status', '=', 'open').execute();
    await tx.audit({ action: 'notice.reverse', entityType: 'notice', entityId: n.id, before: { status: n.status }, after: { status: to, appealId, reversedPoints: net } });
  }
  await notifyUsers(tx.db, tx.nowIso, await usersInUnitRoles(tx.db, a.unit_id, ['principal', 'deputy']), {
    kind: 'appeal.decided',
    title: `申诉${status === 'upheld' ? '成立' : '不成立'}:${n.doc_number}`,
    body: input.reason,
    link: `/app/notices/${n.id}`,
  });
  await tx.audit({ action: `appeal.${input.decision}`, entityType: 'notice', entityId: n.id, before: { appeal: a.status }, after: { appeal: status, reason: input.reason } });
  const row = await tx.db.selectFrom('appeals').selectAll().where('id', '=', appealId).executeTakeFirstOrThrow();
  return (await present(tx.db, [row]))[0]!;
}
