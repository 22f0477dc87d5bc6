/**
 * Lists and reads inspections. The list is scoped in SQL by the same facts as `inspection.read`:
 * everyone who reads all units sees every inspection; anyone else those that concern a unit they
 * belong to or are in charge of.
 */
import type { Kysely } from 'kysely';
import { readableUnitIds, type Actor } from '@luoshi/domain';
import type { QueryT, inspections } from '@luoshi/contracts';
import type { DB } from '../../platform/db/schema.ts';
import { requireCan } from '../../platform/context.ts';
import { readableInspection } from './access.ts';
import { presentInspections } from './present.ts';

type Q = Kysely<DB>;

export async function listInspections(db: Q, actor: Actor, q: QueryT<typeof inspections.listInspections>) {
  requireCan(actor, 'inspection.read');
  let sel = db.selectFrom('inspections').selectAll();
  const readable = readableUnitIds(actor);
  if (readable !== null) {
    if (!readable.length) return { items: [], truncated: false };
    sel = sel.where((eb) =>
      eb.or([
        eb('inspecting_unit_id', 'in', readable),
        eb.exists(eb.selectFrom('inspection_targets').select('inspection_id').whereRef('inspection_targets.inspection_id', '=', 'inspections.id').where('inspection_targets.unit_id', 'in', readable)),
      ]),
    );
  }
  if (q.campaignId) sel = sel.where('campaign_id', '=', q.campaignId);
  if (q.kind) sel = sel.where('kind', '=', q.kind);
  if (q.flagged) sel = sel.where('grounds_for_supervision', '=', q.flagged === 'true' ? 1 : 0);
  const unitId = q.unitId;
  if (unitId) {
    sel = sel.where((eb) =>
      eb.exists(eb.selectFrom('inspection_targets').select('inspection_id').whereRef('inspection_targets.inspection_id', '=', 'inspections.id').where('inspection_targets.unit_id', '=', unitId)),
    );
  }
  const rows = await sel.orderBy('inspected_on', 'desc').orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.limit + 1).execute();
  return { items: await presentInspections(db, rows.slice(0, q.limit)), truncated: rows.length > q.limit };
}

export async function getInspection(db: Q, actor: Actor | null, id: string) {
  const row = await readableInspection(db, actor, id);
  return (await presentInspections(db, [row]))[0]!;
}
