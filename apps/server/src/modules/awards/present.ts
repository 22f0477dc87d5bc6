/** Exactly which nomination fields leave the server, with eligibility and the official score. */
import type { Kysely } from 'kysely';
import type { AwardNominationsTable, DB } from '../../platform/db/schema.ts';
import { eligibilityLosses } from '../assessment/facts.ts';
import type { YearState } from '../assessment/year.ts';
import { lossesOf } from './eligibility.ts';

type Q = Kysely<DB>;

export async function presentNominations(db: Q, rows: AwardNominationsTable[], state: YearState | null) {
  if (!rows.length) return [];
  const units = new Map((await db.selectFrom('units').select(['id', 'name']).execute()).map((u) => [u.id, u.name]));
  const personIds = rows.map((r) => r.person_id).filter((p): p is string => !!p);
  const people = new Map(personIds.length ? (await db.selectFrom('people').select(['id', 'name']).where('id', 'in', personIds).execute()).map((p) => [p.id, p.name]) : []);
  const noticeIds = rows.map((r) => r.notice_id).filter((p): p is string => !!p);
  const notices = new Map(
    noticeIds.length ? (await db.selectFrom('notices').select(['id', 'doc_number', 'status']).where('id', 'in', noticeIds).execute()).map((n) => [n.id, n]) : [],
  );
  const losses = await eligibilityLosses(db, rows[0]!.campaign_id);
  return rows.map((r) => {
    const l = lossesOf(losses, { nomineeType: r.nominee_type as 'unit' | 'person', unitId: r.unit_id, personId: r.person_id });
    const score = state?.official.find((s) => s.unitId === r.unit_id) ?? null;
    const n = r.notice_id ? notices.get(r.notice_id) : undefined;
    return {
      id: r.id,
      campaignId: r.campaign_id,
      nomineeType: r.nominee_type as 'unit' | 'person',
      unitId: r.unit_id,
      unitName: units.get(r.unit_id) ?? '',
      personId: r.person_id,
      personName: r.person_id ? (people.get(r.person_id) ?? '') : null,
      title: r.title,
      reason: r.reason,
      status: r.status as 'nominated' | 'selected' | 'rejected' | 'withdrawn',
      nominatedBy: r.nominated_name,
      nominatedAt: r.nominated_at,
      decidedBy: r.decided_name,
      decidedAt: r.decided_at,
      decisionReason: r.decision_reason,
      notice: n ? { id: n.id, docNumber: n.doc_number, status: n.status } : null,
      eligibility: { eligible: l.length === 0, losses: l },
      score: score?.score ?? null,
      rank: score ? (state!.ranks.get(r.unit_id)?.rank ?? null) : null,
    };
  });
}
