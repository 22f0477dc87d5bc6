/**
 * 四访 (接访, 下访, 约访, 回访): scheduled by the office, recorded by the leader or the office with
 * the cases they touched; each case touched gets a line in its timeline, so the citizen hears of it.
 */
import type { Kysely } from 'kysely';
import { LuoshiError, localDate } from '@luoshi/domain';
import { petitions, type BodyT } from '@luoshi/contracts';
import type { DB, PetitionVisitsTable } from '../../platform/db/schema.ts';
import { requireCan, type Tx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { recordEvent } from '../cases/events.ts';

const { VISIT_KIND_LABELS } = petitions;
type Kind = keyof typeof VISIT_KIND_LABELS;

async function present(db: Kysely<DB>, rows: PetitionVisitsTable[]) {
  const people = new Map((await db.selectFrom('people').select(['id', 'name']).execute()).map((p) => [p.id, p.name]));
  const links = rows.length
    ? await db.selectFrom('petition_visit_cases as v').innerJoin('cases as c', 'c.id', 'v.case_id').select(['v.visit_id', 'c.id', 'c.number', 'c.title']).where('v.visit_id', 'in', rows.map((r) => r.id)).execute()
    : [];
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind as Kind,
    kindLabel: VISIT_KIND_LABELS[r.kind as Kind].zh,
    personId: r.person_id,
    personName: people.get(r.person_id) ?? '',
    scheduledOn: r.scheduled_on,
    place: r.place,
    purpose: r.purpose,
    status: r.status as 'scheduled' | 'done' | 'cancelled',
    record: r.record,
    doneOn: r.done_on,
    cases: links.filter((l) => l.visit_id === r.id).map((l) => ({ id: l.id, number: l.number, title: l.title })),
  }));
}

export async function listVisits(db: Kysely<DB>, q: { kind?: string; from?: string; to?: string; status?: string }) {
  let query = db.selectFrom('petition_visits').selectAll();
  if (q.kind) query = query.where('kind', '=', q.kind);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.from) query = query.where('scheduled_on', '>=', q.from);
  if (q.to) query = query.where('scheduled_on', '<=', q.to);
  return { items: await present(db, await query.orderBy('scheduled_on').limit(1000).execute()) };
}

async function linkCases(tx: Tx, visit: PetitionVisitsTable, caseIds: string[], note: string) {
  for (const id of [...new Set(caseIds)]) {
    const c = await tx.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
    if (!c) throw new LuoshiError('VALIDATION_FAILED', { issues: [{ path: 'caseIds', zh: '诉求不存在', en: 'no such case' }] });
    const had = await tx.db.selectFrom('petition_visit_cases').select('case_id').where('visit_id', '=', visit.id).where('case_id', '=', id).executeTakeFirst();
    if (!had) await tx.db.insertInto('petition_visit_cases').values({ visit_id: visit.id, case_id: id }).execute();
    if (note) await recordEvent(tx, c, 'visit', { note });
  }
}

export async function createVisit(tx: Tx, b: BodyT<typeof petitions.createVisit>) {
  requireCan(tx.actor, 'petition.manage');
  if (!(await tx.db.selectFrom('people').select('id').where('id', '=', b.personId).where('active', '=', 1).executeTakeFirst())) {
    throw new LuoshiError('VALIDATION_FAILED', { issues: [{ path: 'personId', zh: '人员不存在', en: 'no such person' }] });
  }
  const row: PetitionVisitsTable = { id: newId(tx.now.getTime()), kind: b.kind, person_id: b.personId, scheduled_on: b.scheduledOn, place: b.place, purpose: b.purpose, status: 'scheduled', record: '', done_on: null, created_at: tx.nowIso, updated_at: tx.nowIso };
  await tx.db.insertInto('petition_visits').values(row).execute();
  await linkCases(tx, row, b.caseIds, '');
  await tx.audit({ action: 'petitionVisit.create', entityType: 'petition_visit', entityId: row.id, after: { ...row, caseIds: b.caseIds } });
  return (await present(tx.db, [row]))[0]!;
}

export async function recordVisit(tx: Tx, id: string, b: BodyT<typeof petitions.recordVisit>) {
  requireCan(tx.actor, 'visit.record');
  const before = await tx.db.selectFrom('petition_visits').selectAll().where('id', '=', id).executeTakeFirst();
  if (!before) throw new LuoshiError('NOT_FOUND');
  if (before.status !== 'scheduled') throw new LuoshiError('INVALID_STATE', { issues: [{ path: 'status', zh: '该走访已记录', en: 'the visit was already recorded' }] });
  const doneOn = b.doneOn ?? localDate(tx.now);
  if (b.status === 'done' && doneOn > localDate(tx.now)) throw new LuoshiError('VALIDATION_FAILED', { issues: [{ path: 'doneOn', zh: '不能记录未来的走访', en: 'a visit cannot be recorded in the future' }] });
  const after: PetitionVisitsTable = { ...before, status: b.status, record: b.record, done_on: b.status === 'done' ? doneOn : null, updated_at: tx.nowIso };
  await tx.db.updateTable('petition_visits').set({ status: after.status, record: after.record, done_on: after.done_on, updated_at: after.updated_at }).where('id', '=', id).execute();
  const linked = (await tx.db.selectFrom('petition_visit_cases').select('case_id').where('visit_id', '=', id).execute()).map((r) => r.case_id);
  if (b.status === 'done') await linkCases(tx, after, [...linked, ...(b.caseIds ?? [])], `县领导${VISIT_KIND_LABELS[before.kind as Kind].zh}(${doneOn})`);
  await tx.audit({ action: 'petitionVisit.record', entityType: 'petition_visit', entityId: id, before, after });
  return (await present(tx.db, [after]))[0]!;
}
