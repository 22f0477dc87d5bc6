import type { Kysely } from 'kysely';

/**
 * The items listed as published page by key, newest first (published, then kind and id): an index
 * in that order for the whole list, and one for the list of one kind.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('publications_published_idx').on('publications').columns(['published_at', 'entity_type', 'entity_id']).execute();
  await db.schema.createIndex('publications_type_published_idx').on('publications').columns(['entity_type', 'published_at', 'entity_id']).execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward only');
}
