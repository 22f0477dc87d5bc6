/**
 * Fill once: the task's progress, indicator actuals and start are whatever its latest counting
 * report says (submitted or accepted, across every unit's chain). Dashboards, exports, bulletins
 * and the portal all read these columns; no second form asks for them.
 */
import { localDate } from '@luoshi/domain';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import type { Tx } from '../../platform/context.ts';

type Q = Kysely<DB>;

export const COUNTING = ['submitted', 'accepted'];

/** The task's latest counting report (index progress_reports_task_submitted_idx serves it in order). */
export function latestCountingReport(db: Q, taskId: string) {
  return db
    .selectFrom('progress_reports')
    .select(['percent', 'indicator_actuals', 'submitted_at'])
    .where('task_id', '=', taskId)
    .where('status', 'in', COUNTING)
    .orderBy('submitted_at', 'desc')
    .orderBy('version', 'desc')
    .limit(1);
}

/** When the task's first report that counted (or was replaced by one that does) was submitted. */
export function firstReport(db: Q, taskId: string) {
  return db
    .selectFrom('progress_reports')
    .select('submitted_at')
    .where('task_id', '=', taskId)
    .where('status', 'in', [...COUNTING, 'superseded'])
    .orderBy('submitted_at')
    .limit(1);
}

export async function applyLatestReport(tx: Tx, taskId: string): Promise<void> {
  const task = await tx.db.selectFrom('tasks').select(['status', 'actual_start', 'row_version']).where('id', '=', taskId).executeTakeFirstOrThrow();
  const latest = await latestCountingReport(tx.db, taskId).executeTakeFirst();
  const first = await firstReport(tx.db, taskId).executeTakeFirst();
  const progress = latest ? Number(latest.percent) : 0;
  const status = task.status === 'completed' || task.status === 'cancelled' ? task.status : latest ? 'in_progress' : 'not_started';
  await tx.db
    .updateTable('tasks')
    .set({
      progress: task.status === 'completed' ? 100 : progress,
      status,
      actual_start: task.actual_start ?? (first?.submitted_at ? localDate(new Date(first.submitted_at)) : null),
      row_version: task.row_version + 1,
      updated_at: tx.nowIso,
    })
    .where('id', '=', taskId)
    .execute();
  const actuals = latest ? (JSON.parse(latest.indicator_actuals) as { indicatorId: string; actual: number }[]) : [];
  await tx.db.updateTable('task_indicators').set({ actual: null }).where('task_id', '=', taskId).execute();
  for (const a of actuals) {
    await tx.db.updateTable('task_indicators').set({ actual: a.actual }).where('id', '=', a.indicatorId).where('task_id', '=', taskId).execute();
  }
}
