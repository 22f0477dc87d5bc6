import type { Kysely } from 'kysely';

/**
 * A campaign's notices page by key, newest first (drafted, then id): an index in that order for
 * the readers who see every unit's notices, and one per unit for a unit's own.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('notices_campaign_drafted_idx').on('notices').columns(['campaign_id', 'drafted_at', 'id']).execute();
  await db.schema.createIndex('notices_campaign_unit_drafted_idx').on('notices').columns(['campaign_id', 'unit_id', 'drafted_at', 'id']).execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward only');
}
