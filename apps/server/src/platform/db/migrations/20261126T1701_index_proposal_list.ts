import type { Kysely } from 'kysely';

/**
 * A campaign's proposals page by key, newest first (created, then id): an index in that order for
 * the whole list, and one for the list of one state (open, drafted, dismissed), which the office
 * reads most.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('proposals_campaign_created_idx').on('proposals').columns(['campaign_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('proposals_campaign_status_created_idx').on('proposals').columns(['campaign_id', 'status', 'created_at', 'id']).execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward only');
}
