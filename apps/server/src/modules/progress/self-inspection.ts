/** 自查评价 (R-PROG-2): a unit rates its own task for a period against the acceptance standard. */
import type { Kysely } from 'kysely';
import { LuoshiError, memberOf, type Actor } from '@luoshi/domain';
import type { BodyT, progress } from '@luoshi/contracts';
import type { DB, SelfInspectionsTable } from '../../platform/db/schema.ts';
import { requireCan, type Tx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { canReadTask } from '../tasks/read-tasks.ts';

type Q = Kysely<DB>;

function present(r: SelfInspectionsTable) {
  return { id: r.id, taskId: r.task_id, unitId: r.unit_id, period: r.period, rating: r.rating as 'good' | 'fair' | 'poor', comment: r.comment, byName: r.by_name, createdAt: r.created_at };
}

async function taskUnits(db: Q, taskId: string) {
  const t = await db.selectFrom('tasks').select(['lead_unit_id']).where('id', '=', taskId).executeTakeFirst();
  if (!t) throw new LuoshiError('NOT_FOUND');
  const coop = (await db.selectFrom('task_cooperators').select('unit_id').where('task_id', '=', taskId).execute()).map((c) => c.unit_id);
  return { lead: t.lead_unit_id, coop };
}

export async function listSelfInspections(db: Q, actor: Actor, taskId: string) {
  requireCan(actor, 'task.read');
  const { lead, coop } = await taskUnits(db, taskId);
  if (!canReadTask(actor, lead, coop)) throw new LuoshiError('FORBIDDEN');
  const rows = await db.selectFrom('self_inspections').selectAll().where('task_id', '=', taskId).orderBy('period', 'desc').orderBy('created_at', 'desc').execute();
  return { items: rows.map(present) };
}

export async function addSelfInspection(tx: Tx, taskId: string, input: BodyT<typeof progress.addSelfInspection>) {
  const actor = requireCan(tx.actor, 'selfInspection.write');
  const { lead, coop } = await taskUnits(tx.db, taskId);
  const mine = [lead, ...coop].filter((u): u is string => !!u && memberOf(actor, u));
  const unitId = input.unitId ?? (mine.includes(lead ?? '') ? lead : mine[0]);
  if (!unitId || !mine.includes(unitId)) throw new LuoshiError('FORBIDDEN');
  const exists = await tx.db.selectFrom('self_inspections').select('id').where('task_id', '=', taskId).where('unit_id', '=', unitId).where('period', '=', input.period).executeTakeFirst();
  if (exists) throw new LuoshiError('DUPLICATE', { issues: [{ path: 'period', zh: '本期已自查评价', en: 'this period is already rated' }] });
  const row = {
    id: newId(tx.now.getTime()),
    task_id: taskId,
    unit_id: unitId,
    period: input.period,
    rating: input.rating,
    comment: input.comment,
    by_user_id: actor.userId,
    by_name: actor.displayName,
    created_at: tx.nowIso,
  };
  await tx.db.insertInto('self_inspections').values(row).execute();
  await tx.audit({ action: 'self_inspection.add', entityType: 'task', entityId: taskId, after: row });
  return present(row);
}
