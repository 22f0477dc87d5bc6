/** 效能问责 and 问责: opened by an issued 催办 or 查办; 监察局 records the decision, people and measures. */
import type { Kysely } from 'kysely';
import { LuoshiError, type Actor } from '@luoshi/domain';
import type { BodyT, supervision } from '@luoshi/contracts';
import type { AccountabilityCasesTable, DB } from '../../platform/db/schema.ts';
import { requireCan, type Tx } from '../../platform/context.ts';
import { peopleNames } from './repo.ts';

type Q = Kysely<DB>;

async function present(db: Q, rows: AccountabilityCasesTable[]) {
  if (!rows.length) return [];
  const notices = new Map((await db.selectFrom('notices').select(['id', 'doc_number']).where('id', 'in', rows.map((r) => r.notice_id)).execute()).map((n) => [n.id, n.doc_number]));
  const units = new Map((await db.selectFrom('units').select(['id', 'name']).execute()).map((u) => [u.id, u.name]));
  return rows.map((r) => ({
    id: r.id,
    noticeId: r.notice_id,
    docNumber: notices.get(r.notice_id) ?? null,
    kind: r.kind as 'efficiency' | 'accountability',
    unitId: r.unit_id,
    unitName: units.get(r.unit_id) ?? '',
    status: r.status as 'open' | 'decided' | 'cancelled',
    people: JSON.parse(r.people),
    decision: r.decision,
    measures: r.measures,
    openedAt: r.opened_at,
    decidedAt: r.decided_at,
    decidedBy: r.decided_by_name,
  }));
}

export async function listAccountability(db: Q, actor: Actor, campaignId: string) {
  requireCan(actor, 'accountability.read');
  const rows = await db.selectFrom('accountability_cases').selectAll().where('campaign_id', '=', campaignId).orderBy('opened_at', 'desc').execute();
  return { items: await present(db, rows) };
}

export async function decideAccountability(tx: Tx, id: string, input: BodyT<typeof supervision.decideAccountability>) {
  const actor = requireCan(tx.actor, 'accountability.decide');
  const c = await tx.db.selectFrom('accountability_cases').selectAll().where('id', '=', id).executeTakeFirst();
  if (!c) throw new LuoshiError('NOT_FOUND');
  if (c.status !== 'open') throw new LuoshiError('INVALID_STATE', { issues: [{ path: 'status', zh: '该问责已办结或已撤销', en: 'the case is closed' }] });
  const names = await peopleNames(tx.db, input.people.map((p) => p.personId));
  const missing = input.people.findIndex((p) => !names.has(p.personId));
  if (missing >= 0) throw new LuoshiError('VALIDATION_FAILED', { issues: [{ path: `people.${missing}.personId`, zh: '人员不存在', en: 'no such person' }] });
  const prior = JSON.parse(c.people) as { personId: string; name: string; role: string; measure: string | null }[];
  const people = input.people.length
    ? input.people.map((p) => ({ personId: p.personId, name: names.get(p.personId)!, role: prior.find((x) => x.personId === p.personId)?.role ?? 'other', measure: p.measure || null }))
    : prior;
  const next = { status: 'decided', decision: input.decision, measures: input.measures || null, people: JSON.stringify(people), decided_at: tx.nowIso, decided_by_name: actor.displayName };
  await tx.db.updateTable('accountability_cases').set(next).where('id', '=', id).execute();
  await tx.audit({ action: 'accountability.decide', entityType: 'accountability', entityId: id, before: c, after: { ...c, ...next } });
  return (await present(tx.db, [{ ...c, ...next }]))[0]!;
}
