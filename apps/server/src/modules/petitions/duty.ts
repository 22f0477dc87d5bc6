/** 信访值周: county leaders take the petition reception a week at a time (seed §三.4). */
import type { Kysely } from 'kysely';
import { LuoshiError, addDays, localDate } from '@luoshi/domain';
import type { BodyT, petitions } from '@luoshi/contracts';
import type { DB, PetitionDutyTable } from '../../platform/db/schema.ts';
import { requireCan, type Tx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';

async function present(db: Kysely<DB>, rows: PetitionDutyTable[]) {
  const people = new Map((await db.selectFrom('people').select(['id', 'name', 'title']).execute()).map((p) => [p.id, p]));
  return rows.map((r) => ({ id: r.id, personId: r.person_id, personName: people.get(r.person_id)?.name ?? '', personTitle: people.get(r.person_id)?.title ?? null, weekStart: r.week_start, weekEnd: r.week_end, place: r.place, note: r.note }));
}

export async function listDuty(db: Kysely<DB>, now: Date, q: { from?: string; to?: string }) {
  let query = db.selectFrom('petition_duty').selectAll();
  if (q.from) query = query.where('week_end', '>=', q.from);
  if (q.to) query = query.where('week_start', '<=', q.to);
  const rows = await query.orderBy('week_start').limit(500).execute();
  const today = localDate(now);
  const current = await db.selectFrom('petition_duty').selectAll().where('week_start', '<=', today).where('week_end', '>=', today).execute();
  return { items: await present(db, rows), onDutyToday: await present(db, current) };
}

export async function createDuty(tx: Tx, b: BodyT<typeof petitions.createDuty>) {
  requireCan(tx.actor, 'petition.manage');
  const day = new Date(`${b.weekStart}T00:00:00Z`).getUTCDay();
  if (day !== 1) throw new LuoshiError('VALIDATION_FAILED', { issues: [{ path: 'weekStart', zh: '值周从星期一开始', en: 'a duty week starts on a Monday' }] });
  if (!(await tx.db.selectFrom('people').select('id').where('id', '=', b.personId).where('active', '=', 1).executeTakeFirst())) {
    throw new LuoshiError('VALIDATION_FAILED', { issues: [{ path: 'personId', zh: '人员不存在', en: 'no such person' }] });
  }
  const row = { id: newId(tx.now.getTime()), person_id: b.personId, week_start: b.weekStart, week_end: addDays(b.weekStart, 6), place: b.place, note: b.note, created_at: tx.nowIso };
  await tx.db.insertInto('petition_duty').values(row).execute();
  await tx.audit({ action: 'petitionDuty.create', entityType: 'petition_duty', entityId: row.id, after: row });
  return (await present(tx.db, [row]))[0]!;
}

export async function deleteDuty(tx: Tx, id: string) {
  requireCan(tx.actor, 'petition.manage');
  const before = await tx.db.selectFrom('petition_duty').selectAll().where('id', '=', id).executeTakeFirst();
  if (!before) throw new LuoshiError('NOT_FOUND');
  await tx.db.deleteFrom('petition_duty').where('id', '=', id).execute();
  await tx.audit({ action: 'petitionDuty.delete', entityType: 'petition_duty', entityId: id, before });
  return { ok: true as const };
}
