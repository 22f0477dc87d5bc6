/**
 * What an attachment's owner allows. Evidence is read by whoever may read its owner: a report's
 * evidence by those who may read the report's task (a draft's only by the reporting unit), an
 * inspection's by those who may read the inspection. Evidence is added to and removed from a
 * report only while it is a draft, by the reporting unit; an inspection's by the recording unit.
 */
import type { Kysely } from 'kysely';
import { LuoshiError, memberOf, type Actor } from '@luoshi/domain';
import type { DB, ProgressReportsTable } from '../../platform/db/schema.ts';
import { requireCan } from '../../platform/context.ts';
import { canReadTask } from '../tasks/read-tasks.ts';
import { readableInspection } from '../inspections/access.ts';

type Q = Kysely<DB>;

async function loadReport(db: Q, id: string): Promise<ProgressReportsTable> {
  const r = await db.selectFrom('progress_reports').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw new LuoshiError('NOT_FOUND');
  return r;
}

/** The report, if the actor's unit drafted it and it is still a draft. */
export async function draftForEvidence(db: Q, actor: Actor | null, reportId: string): Promise<ProgressReportsTable> {
  const a = requireCan(actor, 'report.write');
  const r = await loadReport(db, reportId);
  requireCan(a, 'report.write', { unitId: r.unit_id });
  if (r.status !== 'draft') {
    throw new LuoshiError('INVALID_STATE', {
      issues: [{ path: 'status', zh: '只有草稿可以增删佐证材料;已报送的填报请更正后再补充', en: 'evidence is added to or removed from drafts only; correct a submitted report to add more' }],
    });
  }
  return r;
}

async function readableReport(db: Q, actor: Actor | null, reportId: string): Promise<void> {
  const a = requireCan(actor, 'task.read');
  const r = await loadReport(db, reportId);
  const task = await db.selectFrom('tasks').select('lead_unit_id').where('id', '=', r.task_id).executeTakeFirstOrThrow();
  const coop = (await db.selectFrom('task_cooperators').select('unit_id').where('task_id', '=', r.task_id).execute()).map((c) => c.unit_id);
  if (!canReadTask(a, task.lead_unit_id, coop)) throw new LuoshiError('FORBIDDEN');
  // drafts are private to the reporting unit
  if (r.status === 'draft' && !memberOf(a, r.unit_id)) throw new LuoshiError('FORBIDDEN');
}

export async function requireReadOwner(db: Q, actor: Actor | null, type: string, id: string): Promise<void> {
  if (type === 'report') return readableReport(db, actor, id);
  if (type === 'inspection') return void (await readableInspection(db, actor, id));
  throw new LuoshiError('NOT_FOUND');
}
