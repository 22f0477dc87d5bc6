/** 公开承诺 (R-FIVE-2): units' commitments on the problems the public reported, tracked to done and shown when published. */
import type { Kysely } from 'kysely';
import { LuoshiError, localDate } from '@luoshi/domain';
import type { BodyT, publication } from '@luoshi/contracts';
import type { CommitmentsTable, DB } from '../../platform/db/schema.ts';
import { requireCan, type Tx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';

async function present(db: Kysely<DB>, rows: CommitmentsTable[]) {
  const units = new Map((await db.selectFrom('units').select(['id', 'name']).execute()).map((u) => [u.id, u.name]));
  return rows.map((r) => ({ id: r.id, unitId: r.unit_id, unitName: units.get(r.unit_id) ?? '', problem: r.problem, commitment: r.commitment, dueOn: r.due_on, status: r.status as 'open' | 'done', doneOn: r.done_on, progressNote: r.progress_note, published: r.published === 1 }));
}

export async function listCommitments(db: Kysely<DB>, onlyPublished = false) {
  let q = db.selectFrom('commitments').selectAll();
  if (onlyPublished) q = q.where('published', '=', 1);
  return { items: await present(db, await q.orderBy('due_on').limit(2000).execute()) };
}

export async function createCommitment(tx: Tx, b: BodyT<typeof publication.createCommitment>) {
  requireCan(tx.actor, 'publication.manage');
  if (!(await tx.db.selectFrom('units').select('id').where('id', '=', b.unitId).where('active', '=', 1).executeTakeFirst())) {
    throw new LuoshiError('VALIDATION_FAILED', { issues: [{ path: 'unitId', zh: '单位不存在', en: 'no such unit' }] });
  }
  const row: CommitmentsTable = { id: newId(tx.now.getTime()), unit_id: b.unitId, problem: b.problem, commitment: b.commitment, due_on: b.dueOn, status: 'open', done_on: null, progress_note: '', published: b.published ? 1 : 0, created_at: tx.nowIso, updated_at: tx.nowIso };
  await tx.db.insertInto('commitments').values(row).execute();
  await tx.audit({ action: 'commitment.create', entityType: 'commitment', entityId: row.id, after: row });
  return (await present(tx.db, [row]))[0]!;
}

export async function updateCommitment(tx: Tx, id: string, b: BodyT<typeof publication.updateCommitment>) {
  requireCan(tx.actor, 'publication.manage');
  const before = await tx.db.selectFrom('commitments').selectAll().where('id', '=', id).executeTakeFirst();
  if (!before) throw new LuoshiError('NOT_FOUND');
  const after: CommitmentsTable = {
    ...before,
    status: b.status ?? before.status,
    done_on: b.status === 'done' ? (before.done_on ?? localDate(tx.now)) : b.status === 'open' ? null : before.done_on,
    progress_note: b.progressNote ?? before.progress_note,
    published: b.published === undefined ? before.published : b.published ? 1 : 0,
    updated_at: tx.nowIso,
  };
  const { id: _id, ...set } = after;
  await tx.db.updateTable('commitments').set(set).where('id', '=', id).execute();
  await tx.audit({ action: 'commitment.update', entityType: 'commitment', entityId: id, before, after });
  return (await present(tx.db, [after]))[0]!;
}
