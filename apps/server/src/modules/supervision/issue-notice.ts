/**
 * Issuing a notice: its document number, and everything the plan attaches to it (§四.4) — the
 * deduction in the ledger, lost award eligibility of the unit, its principal, its responsible
 * leader and the handler, the accountability case for 监察局 — all in the issuing transaction.
 */
import { addDays, consequences, docPrefix, formatDocNumber, localDate, nextStatus, responsibleOn, type NoticeKind, type NoticeStatus } from '@luoshi/domain';
import type { Tx } from '../../platform/context.ts';
import type { NoticesTable } from '../../platform/db/schema.ts';
import { newId } from '../../platform/ids.ts';
import { notifyUsers, usersInUnitRoles, usersWithFunction } from '../../platform/notify.ts';
import { policyFor } from '../campaigns/policy.ts';
import { nextDocSeq, unitPostHolders } from './repo.ts';

const KIND_ZH: Record<NoticeKind, string> = { commend: '通报表扬', supervise: '督办', urge: '催办', investigate: '查办' };

/** Who was principal, responsible leader (the unit's 分管领导) and handler of the subject today. */
async function responsiblePeople(tx: Tx, n: NoticesTable, today: string) {
  const out: { role: 'principal' | 'responsible_leader' | 'handler'; personId: string }[] = [];
  if (n.subject_type === 'task') {
    const terms = await tx.db.selectFrom('task_responsibilities').select(['role', 'person_id', 'from_date', 'to_date']).where('task_id', '=', n.subject_id).execute();
    const held = responsibleOn(terms.map((t) => ({ role: t.role as 'principal' | 'deputy' | 'handler', personId: t.person_id, from: t.from_date, to: t.to_date })), today);
    if (held.principal) out.push({ role: 'principal', personId: held.principal });
    if (held.deputy) out.push({ role: 'responsible_leader', personId: held.deputy });
    if (held.handler) out.push({ role: 'handler', personId: held.handler });
  }
  // anything the task does not name comes from the unit's posts
  const holders = await unitPostHolders(tx.db, n.unit_id, ['principal', 'deputy', 'handler']);
  const fill = (role: 'principal' | 'responsible_leader' | 'handler', post: string) => {
    if (out.some((o) => o.role === role)) return;
    const h = holders.find((x) => x.role === post);
    if (h && (n.subject_type === 'task' || role === 'principal')) out.push({ role, personId: h.person_id });
  };
  fill('principal', 'principal');
  fill('responsible_leader', 'deputy');
  fill('handler', 'handler');
  return out;
}

export async function issueNotice(tx: Tx, n: NoticesTable, decided: Partial<NoticesTable> = {}): Promise<NoticesTable> {
  const from = n.status as NoticeStatus;
  if (!nextStatus(from, from === 'draft' ? 'issue' : 'approve')) throw new Error(`cannot issue a ${from} notice`);
  const policy = await policyFor(tx.db, n.campaign_id, tx.now);
  const today = localDate(tx.now, policy.timeZone);
  const kind = n.kind as NoticeKind;
  const c = consequences(kind, policy);
  const year = Number(today.slice(0, 4));
  const prefix = docPrefix(kind, policy);
  const seq = await nextDocSeq(tx.db, prefix, year);
  const issued: NoticesTable = {
    ...n,
    ...decided,
    status: 'issued',
    doc_prefix: prefix,
    doc_year: year,
    doc_seq: seq,
    doc_number: formatDocNumber(prefix, year, seq),
    deadline: n.deadline ?? (c.deadlineDays !== null ? addDays(today, c.deadlineDays) : null),
    issued_at: tx.nowIso,
    issued_on: today,
    row_version: n.row_version + 1,
  };
  if (kind === 'commend') issued.deadline = null;
  const { id, ...rest } = issued;
  await tx.db.updateTable('notices').set(rest).where('id', '=', id).execute();

  const campaignYear = (await tx.db.selectFrom('campaigns').select('year').where('id', '=', n.campaign_id).executeTakeFirstOrThrow()).year;
  if (c.deduction > 0) {
    await tx.db
      .insertInto('deductions')
      .values({ id: newId(tx.now.getTime()), campaign_id: n.campaign_id, year: campaignYear, unit_id: n.unit_id, notice_id: id, points: c.deduction, kind: 'deduction', reason: `${KIND_ZH[kind]} ${issued.doc_number}`, appeal_id: null, created_at: tx.nowIso })
      .execute();
  }
  if (c.eligibilityLoss) {
    const people = await responsiblePeople(tx, n, today);
    const rows = [{ role: 'unit', personId: null as string | null }, ...people.map((p) => ({ role: p.role as string, personId: p.personId as string | null }))];
    for (const r of rows) {
      await tx.db
        .insertInto('eligibility_losses')
        .values({ id: newId(tx.now.getTime()), campaign_id: n.campaign_id, year: campaignYear, unit_id: n.unit_id, person_id: r.personId, role: r.role, notice_id: id, created_at: tx.nowIso, reversed_at: null, appeal_id: null })
        .execute();
    }
  }
  if (c.accountability) {
    const leadership = await unitPostHolders(tx.db, n.unit_id, c.accountability === 'efficiency' ? ['principal', 'deputy'] : ['principal', 'deputy', 'handler']);
    const people = leadership.map((p) => ({ personId: p.person_id, name: p.name, role: p.role, measure: null }));
    await tx.db
      .insertInto('accountability_cases')
      .values({ id: newId(tx.now.getTime()), campaign_id: n.campaign_id, notice_id: id, kind: c.accountability, unit_id: n.unit_id, status: 'open', people: JSON.stringify(people), decision: null, measures: null, opened_at: tx.nowIso, decided_at: null, decided_by_name: null })
      .execute();
    await notifyUsers(tx.db, tx.nowIso, await usersWithFunction(tx.db, 'supervision'), {
      kind: 'accountability.opened',
      title: `${c.accountability === 'efficiency' ? '效能问责' : '问责'}:${issued.doc_number} ${issued.title}`,
      link: `/app/accountability`,
    });
  }
  await notifyUsers(tx.db, tx.nowIso, await usersInUnitRoles(tx.db, n.unit_id, ['principal', 'deputy', 'handler', 'liaison']), {
    kind: `notice.${kind}`,
    title: `${KIND_ZH[kind]}:${issued.doc_number} ${issued.title}`,
    body: issued.deadline ? `限 ${issued.deadline} 前办结。` : '',
    link: `/app/notices/${id}`,
  });
  await tx.audit({
    action: 'notice.issue',
    entityType: 'notice',
    entityId: id,
    before: { status: n.status },
    after: { status: 'issued', docNumber: issued.doc_number, deadline: issued.deadline, deduction: c.deduction, eligibilityLoss: c.eligibilityLoss, accountability: c.accountability },
  });
  return issued;
}
