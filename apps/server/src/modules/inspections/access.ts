/**
 * Who may see and change an inspection. A unit sees the inspections that concern it (it is a
 * target, or it recorded it) under `inspection.read` for that unit; the inspecting units and the
 * county head read every unit and so see all. Only the recording unit changes one.
 */
import type { Kysely } from 'kysely';
import { LuoshiError, can, memberOf, type Actor } from '@luoshi/domain';
import type { DB, InspectionsTable } from '../../platform/db/schema.ts';
import { requireCan } from '../../platform/context.ts';

type Q = Kysely<DB>;

export async function loadInspection(db: Q, id: string): Promise<InspectionsTable> {
  const row = await db.selectFrom('inspections').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new LuoshiError('NOT_FOUND');
  return row;
}

export async function targetUnitIds(db: Q, inspectionId: string): Promise<string[]> {
  const rows = await db.selectFrom('inspection_targets').select('unit_id').where('inspection_id', '=', inspectionId).execute();
  return [...new Set(rows.map((r) => r.unit_id))];
}

/** Whether the actor may read an inspection recorded by one unit about these units. */
export function inspectionVisible(actor: Actor, inspectingUnitId: string, targets: string[]): boolean {
  return [inspectingUnitId, ...targets].some((unitId) => can(actor, 'inspection.read', { unitId }));
}

/** The inspection, if the actor may read it; NOT_FOUND or FORBIDDEN otherwise. */
export async function readableInspection(db: Q, actor: Actor | null, id: string): Promise<InspectionsTable> {
  const a = requireCan(actor, 'inspection.read');
  const row = await loadInspection(db, id);
  if (!inspectionVisible(a, row.inspecting_unit_id, await targetUnitIds(db, id))) throw new LuoshiError('FORBIDDEN');
  return row;
}

/** The inspection, if the actor records inspections and belongs to the unit that recorded it. */
export async function ownInspection(db: Q, actor: Actor | null, id: string): Promise<InspectionsTable> {
  const a = requireCan(actor, 'inspection.write');
  const row = await loadInspection(db, id);
  if (!memberOf(a, row.inspecting_unit_id)) throw new LuoshiError('FORBIDDEN');
  return row;
}
