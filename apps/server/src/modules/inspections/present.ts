/** Exactly which inspection fields leave the server, with its targets and evidence. */
import type { Kysely } from 'kysely';
import type { InspectionT } from '@luoshi/contracts';
import type { DB, InspectionsTable } from '../../platform/db/schema.ts';
import { attachmentsOf } from '../files/present.ts';

export async function presentInspections(db: Kysely<DB>, rows: InspectionsTable[]): Promise<InspectionT[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const targets = await db
    .selectFrom('inspection_targets')
    .innerJoin('units', 'units.id', 'inspection_targets.unit_id')
    .leftJoin('tasks', 'tasks.id', 'inspection_targets.task_id')
    .select(['inspection_targets.inspection_id', 'inspection_targets.unit_id', 'units.name as unit_name', 'inspection_targets.task_id', 'tasks.code as task_code', 'tasks.title as task_title'])
    .where('inspection_targets.inspection_id', 'in', ids)
    .orderBy('units.sort_order')
    .orderBy('units.name')
    .orderBy('tasks.code')
    .execute();
  const inspecting = [...new Set(rows.map((r) => r.inspecting_unit_id))];
  const unitNames = new Map((await db.selectFrom('units').select(['id', 'name']).where('id', 'in', inspecting).execute()).map((u) => [u.id, u.name]));
  const attachments = await attachmentsOf(db, 'inspection', ids);
  return rows.map((r) => ({
    id: r.id,
    campaignId: r.campaign_id,
    kind: r.kind as InspectionT['kind'],
    inspectingUnitId: r.inspecting_unit_id,
    inspectingUnitName: unitNames.get(r.inspecting_unit_id) ?? '',
    inspectedOn: r.inspected_on,
    title: r.title,
    findings: r.findings,
    conclusion: r.conclusion as InspectionT['conclusion'],
    groundsForSupervision: Number(r.grounds_for_supervision) === 1,
    targets: targets
      .filter((t) => t.inspection_id === r.id)
      .map((t) => ({ unitId: t.unit_id, unitName: t.unit_name, taskId: t.task_id, taskCode: t.task_code ?? null, taskTitle: t.task_title ?? null })),
    attachments: attachments.get(r.id) ?? [],
    createdBy: r.created_name,
    createdAt: r.created_at,
  }));
}
