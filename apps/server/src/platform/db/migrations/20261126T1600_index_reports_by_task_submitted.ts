import type { Kysely } from 'kysely';

/**
 * A submission makes the task's progress whatever its latest counting report says (by submission,
 * then version), and its start the day of its first: both look up a task's reports in the order
 * they were submitted. The index on (task, created) made the database sort every report of the
 * task for each submission, a cost growing with the task's history; this one hands them over in
 * that order, and the first one found is the answer.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('progress_reports_task_submitted_idx').on('progress_reports').columns(['task_id', 'submitted_at', 'version']).execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward only');
}
