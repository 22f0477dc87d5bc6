/** Exactly which notice fields leave the server. */
import type { Kysely } from 'kysely';
import { addDays, type NoticeKind, type NoticeStatus } from '@luoshi/domain';
import type { NoticeT } from '@luoshi/contracts';
import type { DB, NoticesTable } from '../../platform/db/schema.ts';
import { policyFor } from '../campaigns/policy.ts';
import { peopleNames, subjectTitles } from './repo.ts';

type Q = Kysely<DB>;

export async function presentNotices(db: Q, rows: NoticesTable[]): Promise<NoticeT[]> {
  if (!rows.length) return [];
  const approverIds = [...new Set(rows.flatMap((r) => JSON.parse(r.approver_ids) as string[]))];
  const names = await peopleNames(db, approverIds);
  const units = new Map((await db.selectFrom('units').select(['id', 'name']).where('id', 'in', [...new Set(rows.map((r) => r.unit_id))]).execute()).map((u) => [u.id, u.name]));
  const deductions = await db
    .selectFrom('deductions')
    .select(['notice_id', (eb) => eb.fn.sum<number>('points').as('points')])
    .where('notice_id', 'in', rows.map((r) => r.id))
    .groupBy('notice_id')
    .execute();
  const dmap = new Map(deductions.map((d) => [d.notice_id, Number(d.points)]));
  const titles = await subjectTitles(db, rows.map((r) => ({ type: r.subject_type, id: r.subject_id })));
  const published = new Set(
    (await db.selectFrom('publications').select('entity_id').where('entity_type', '=', 'notice').where('entity_id', 'in', rows.map((r) => r.id)).execute()).map((p) => p.entity_id),
  );
  const out: NoticeT[] = [];
  for (const r of rows) {
    let appealOpenUntil: string | null = null;
    if (r.issued_on && r.kind !== 'commend' && r.status !== 'reversed') {
      const policy = await policyFor(db, r.campaign_id, r.issued_on);
      appealOpenUntil = addDays(r.issued_on, policy.deadlines.appealDays);
    }
    out.push({
      id: r.id,
      campaignId: r.campaign_id,
      kind: r.kind as NoticeKind,
      subjectType: r.subject_type as NoticeT['subjectType'],
      subjectId: r.subject_id,
      subjectTitle: titles.get(`${r.subject_type}:${r.subject_id}`) ?? '',
      unitId: r.unit_id,
      unitName: units.get(r.unit_id) ?? '',
      parentNoticeId: r.parent_notice_id,
      proposalId: r.proposal_id,
      status: r.status as NoticeStatus,
      title: r.title,
      body: r.body,
      criticism: r.criticism === 1,
      majorImpact: r.major_impact === 1,
      deadline: r.deadline,
      docNumber: r.doc_number,
      approvers: (JSON.parse(r.approver_ids) as string[]).map((id) => ({ personId: id, name: names.get(id) ?? '' })),
      draftedBy: r.drafted_name,
      draftedAt: r.drafted_at,
      submittedAt: r.submitted_at,
      decidedBy: r.decided_name,
      decidedAt: r.decided_at,
      decisionReason: r.decision_reason,
      issuedAt: r.issued_at,
      issuedOn: r.issued_on,
      closedAt: r.closed_at,
      deduction: dmap.get(r.id) ?? 0,
      appealOpenUntil,
      published: published.has(r.id),
      rowVersion: r.row_version,
    });
  }
  return out;
}

export async function presentNotice(db: Q, row: NoticesTable): Promise<NoticeT> {
  return (await presentNotices(db, [row]))[0]!;
}
