import type { Kysely } from 'kysely';

/**
 * The staff case list pages by key, newest first (created, then id): an index in that order for
 * the readers who see every case, one per owner unit for a unit's own cases, and one on the stored
 * due date of the running clock for the overdue filter and its count (only open cases have one).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('cases_created_idx').on('cases').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('cases_owner_created_idx').on('cases').columns(['owner_unit_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('cases_due_on_idx').on('cases').column('due_on').execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward only');
}
