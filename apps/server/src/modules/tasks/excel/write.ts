/**
 * Writes a checked import plan in the caller's one transaction: new nodes parents first, in
 * batches; changed nodes with their row version checked; cooperating units, indicators (actuals
 * kept by indicator name) and responsibility terms (dated, history kept); one audit entry per
 * node and one for the import. If anything fails, the transaction takes all of it back.
 */
import { LuoshiError, localDate } from '@luoshi/domain';
import type { Tx } from '../../../platform/context.ts';
import { appendAuditMany, type AuditActor, type AuditInput } from '../../../platform/audit.ts';
import { newId } from '../../../platform/ids.ts';
import { firstTermFrom } from '../shape.ts';
import { ROLES, tasksStamp, type ExistingTask, type Role } from './lookups.ts';
import { changes, type Candidate, type ImportPlan, type Progress, type TaskValues } from './plan.ts';

/** Rows per INSERT: well under the bound-parameter limits of SQLite (32766) and PostgreSQL (65535). */
const BATCH = 400;

function chunks<T>(list: T[], size = BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** What the audit log records of a node written by an import. */
function snapshot(id: string, v: TaskValues) {
  return { id, ...v, via: 'import' as const };
}
function snapshotBefore(t: ExistingTask) {
  const { rowVersion: _rv, updatedAt: _ua, indicators, ...rest } = t;
  return { ...rest, indicators: indicators.map(({ name, unit, target, baseline }) => ({ name, unit, target, baseline })) };
}

export interface WriteInfo {
  campaignId: string;
  /** who the audit log names */
  auditAs: AuditActor;
  stamp: string;
  jobId: string | null;
  fileName: string;
  sha256: string;
}

export async function writePlan(tx: Tx, plan: ImportPlan, info: WriteInfo, onProgress: Progress = () => {}): Promise<void> {
  if ((await tasksStamp(tx.db, info.campaignId)) !== info.stamp) {
    throw new LuoshiError('CONFLICT', {
      issues: [{ path: 'file', zh: '导入期间任务分解已被他人修改,请重新导入', en: 'the task breakdown changed while importing; import again' }],
    });
  }
  const today = localDate(tx.now);
  const total = plan.creates.length + plan.updates.length;
  let done = 0;
  const creates = [...plan.creates].sort((a, b) => a.values.code.split('.').length - b.values.code.split('.').length || a.row - b.row);

  for (const batch of chunks(creates)) {
    await tx.db
      .insertInto('tasks')
      .values(
        batch.map(({ id, values: v }) => ({
          id,
          campaign_id: info.campaignId,
          parent_id: v.parentId,
          code: v.code,
          node_type: v.nodeType,
          title: v.title,
          description: v.description,
          stream_key: v.streamKey,
          source_kind: v.sourceKind,
          source_ref: v.sourceRef,
          list_id: v.listId,
          priority: v.priority,
          lead_unit_id: v.leadUnitId,
          post_id: v.postId,
          acceptance_standard: v.acceptanceStandard,
          planned_start: v.plannedStart,
          planned_end: v.plannedEnd,
          actual_start: null,
          actual_end: null,
          weight: v.weight,
          progress: 0,
          status: 'not_started',
          obstacle_kind: v.obstacleKind,
          coordinator_person_id: v.coordinatorPersonId,
          published: 0,
          row_version: 1,
          created_at: tx.nowIso,
          updated_at: tx.nowIso,
        })),
      )
      .execute();
    done += batch.length;
    onProgress(done, total);
  }

  const updated: { c: Candidate; what: string[] }[] = [];
  for (const c of plan.updates) {
    const before = c.existing!;
    const v = c.values;
    const r = await tx.db
      .updateTable('tasks')
      .set({
        title: v.title,
        description: v.description,
        stream_key: v.streamKey,
        source_kind: v.sourceKind,
        source_ref: v.sourceRef,
        list_id: v.listId,
        priority: v.priority,
        lead_unit_id: v.leadUnitId,
        post_id: v.postId,
        acceptance_standard: v.acceptanceStandard,
        planned_start: v.plannedStart,
        planned_end: v.plannedEnd,
        weight: v.weight,
        obstacle_kind: v.obstacleKind,
        coordinator_person_id: v.coordinatorPersonId,
        row_version: before.rowVersion + 1,
        updated_at: tx.nowIso,
      })
      .where('id', '=', c.id)
      .where('row_version', '=', before.rowVersion)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new LuoshiError('CONFLICT');
    updated.push({ c, what: changes(before, v) });
    if (++done % 500 === 0) onProgress(done, total);
  }

  // cooperating units and indicators: all of a new node's, and a changed node's when they changed
  const coopChanged = updated.filter((u) => u.what.includes('cooperatingUnitIds')).map((u) => u.c);
  const indChanged = updated.filter((u) => u.what.includes('indicators')).map((u) => u.c);
  for (const ids of chunks(coopChanged.map((c) => c.id))) await tx.db.deleteFrom('task_cooperators').where('task_id', 'in', ids).execute();
  const coopRows = [...creates, ...coopChanged].flatMap((c) => c.values.cooperatingUnitIds.map((u) => ({ task_id: c.id, unit_id: u })));
  for (const batch of chunks(coopRows, 1000)) await tx.db.insertInto('task_cooperators').values(batch).execute();

  for (const ids of chunks(indChanged.map((c) => c.id))) await tx.db.deleteFrom('task_indicators').where('task_id', 'in', ids).execute();
  const indRows = [...creates, ...indChanged].flatMap((c) => {
    // a reported actual stays with its indicator when the indicators are edited in the sheet
    const actuals = new Map((c.existing?.indicators ?? []).map((i) => [i.name, i.actual]));
    return c.values.indicators.map((ind, i) => ({
      id: newId(tx.now.getTime()),
      task_id: c.id,
      name: ind.name,
      unit: ind.unit,
      target: ind.target,
      baseline: ind.baseline,
      actual: actuals.get(ind.name) ?? null,
      sort_order: i,
    }));
  });
  for (const batch of chunks(indRows, 500)) await tx.db.insertInto('task_indicators').values(batch).execute();

  // responsibility terms: a new node's start at its planned start (or today); a change closes the old term today
  const terms: { task_id: string; role: Role; person_id: string; from_date: string }[] = [];
  for (const c of creates) {
    for (const role of ROLES) {
      const p = c.values.responsible[role];
      if (p) terms.push({ task_id: c.id, role, person_id: p, from_date: firstTermFrom(c.values.plannedStart, today) });
    }
  }
  for (const { c, what } of updated) {
    for (const role of ROLES) {
      if (!what.includes(`responsible.${role}`)) continue;
      await tx.db.updateTable('task_responsibilities').set({ to_date: today }).where('task_id', '=', c.id).where('role', '=', role).where('to_date', 'is', null).execute();
      const p = c.values.responsible[role];
      if (p) terms.push({ task_id: c.id, role, person_id: p, from_date: today });
    }
  }
  const termRows = terms.map((t) => ({ id: newId(tx.now.getTime()), ...t, to_date: null, created_at: tx.nowIso }));
  for (const batch of chunks(termRows, 1000)) await tx.db.insertInto('task_responsibilities').values(batch).execute();

  const entries: AuditInput[] = [
    ...creates.map((c) => ({ action: 'task.create', entityType: 'task', entityId: c.id, after: snapshot(c.id, c.values) })),
    ...updated.map(({ c, what }) => ({ action: 'task.update', entityType: 'task', entityId: c.id, before: snapshotBefore(c.existing!), after: { ...snapshot(c.id, c.values), changed: what } })),
    {
      action: 'task.import',
      entityType: 'campaign',
      entityId: info.campaignId,
      after: { jobId: info.jobId, fileName: info.fileName, sha256: info.sha256, rows: plan.rows, created: creates.length, updated: updated.length, unchanged: plan.unchanged },
    },
  ];
  await appendAuditMany(tx.db, tx.dialect, info.auditAs, tx.nowIso, entries);
  onProgress(total, total);
}
