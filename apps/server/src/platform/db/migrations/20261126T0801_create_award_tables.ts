import type { Kysely } from 'kysely';

/** 评选表彰先进机关和个人: nominations of units and people, the office's selection, and the
 *  commendation notice (通报表扬) the selected list became. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('award_nominations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('nominee_type', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('person_id', 'text', (c) => c.references('people.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('nominated_by', 'text', (c) => c.notNull())
    .addColumn('nominated_name', 'text', (c) => c.notNull())
    .addColumn('nominated_at', 'text', (c) => c.notNull())
    .addColumn('decided_name', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decision_reason', 'text')
    .addColumn('notice_id', 'text', (c) => c.references('notices.id'))
    .addColumn('row_version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('award_nominations_idx').on('award_nominations').columns(['campaign_id', 'status']).execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward only');
}
