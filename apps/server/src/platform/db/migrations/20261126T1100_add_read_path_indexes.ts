import type { Kysely } from 'kysely';

/**
 * Indexes for reads every page makes, found by the county-scale benchmark (20,000 tasks,
 * 190,000 reports): the task tree's change stamp (count, latest update and sum of row versions
 * of a campaign's tasks) is read from the index alone instead of from every row, and the
 * dashboard's 30-day trend finds the recently submitted reports without walking all of them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('tasks_stamp_idx').on('tasks').columns(['campaign_id', 'updated_at', 'row_version']).execute();
  await db.schema.createIndex('progress_reports_submitted_idx').on('progress_reports').columns(['submitted_at', 'task_id']).execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward only');
}
