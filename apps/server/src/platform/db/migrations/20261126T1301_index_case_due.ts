import type { Kysely } from 'kysely';

/**
 * The sweep looks for open cases whose running clock is due (the stored due date of the clock that
 * runs now) instead of computing every open case's clocks: an index on status and that date.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('cases_due_idx').on('cases').columns(['status', 'due_on']).execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward only');
}
