import type { Kysely } from 'kysely';

/** The portal's home finds the published tasks, in code order, without reading every task of every campaign. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('tasks_published_idx').on('tasks').columns(['published', 'code']).execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward only');
}
