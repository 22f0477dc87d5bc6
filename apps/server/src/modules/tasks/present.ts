/** Exactly which task fields leave the server, for rows and for the detail page. */
import type { LightResult, RollupResult } from '@luoshi/domain';
import type { TaskRowT } from '@luoshi/contracts';
import type { TreeRow } from './repo.ts';

export interface RowContext {
  cooperators: Map<string, string[]>;
  unitNames: Map<string, string>;
  leaders: Map<string, string[]>;
  rollup: Map<string, RollupResult>;
  childCount: Map<string, number>;
  lights: Map<string, LightResult>;
}

export function presentRow(r: TreeRow, ctx: RowContext, match = true): TaskRowT {
  return {
    id: r.id,
    campaignId: r.campaign_id,
    parentId: r.parent_id,
    code: r.code,
    nodeType: r.node_type as TaskRowT['nodeType'],
    title: r.title,
    streamKey: r.stream_key,
    sourceKind: r.source_kind as TaskRowT['sourceKind'],
    sourceRef: r.source_ref,
    listId: r.list_id,
    priority: r.priority as TaskRowT['priority'],
    leadUnitId: r.lead_unit_id,
    leadUnitName: r.lead_unit_id ? (ctx.unitNames.get(r.lead_unit_id) ?? null) : null,
    cooperatingUnitIds: ctx.cooperators.get(r.id) ?? [],
    plannedStart: r.planned_start,
    plannedEnd: r.planned_end,
    actualStart: r.actual_start,
    actualEnd: r.actual_end,
    weight: Number(r.weight),
    progress: Number(r.progress),
    rolledProgress: ctx.rollup.get(r.id)?.progress ?? Number(r.progress),
    status: r.status as TaskRowT['status'],
    obstacleKind: r.obstacle_kind as TaskRowT['obstacleKind'],
    leaderIds: r.lead_unit_id ? (ctx.leaders.get(r.lead_unit_id) ?? []) : [],
    childCount: ctx.childCount.get(r.id) ?? 0,
    light: ctx.lights.get(r.id)?.light ?? 'none',
    lightRule: ctx.lights.get(r.id)?.rule ?? 'no_due_date',
    lightText: { zh: ctx.lights.get(r.id)?.zh ?? '', en: ctx.lights.get(r.id)?.en ?? '' },
    published: r.published === 1,
    match,
  };
}
