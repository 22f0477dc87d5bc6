import type { Kysely } from 'kysely';

/**
 * People and accounts page by key in name order (people by name, then id; accounts by username,
 * then id): an index in each order, and one for a unit's people.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('people_name_idx').on('people').columns(['name', 'id']).execute();
  await db.schema.createIndex('people_unit_name_idx').on('people').columns(['unit_id', 'name', 'id']).execute();
  await db.schema.createIndex('users_username_id_idx').on('users').columns(['username', 'id']).execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward only');
}
