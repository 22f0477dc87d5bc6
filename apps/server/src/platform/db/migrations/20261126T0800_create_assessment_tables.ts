import type { Kysely } from 'kysely';

/** The annual assessment: bonus records (加分), the closed year (封账) with its snapshot, and the
 *  corrections of a closed year proposed by the office and approved by the county head. Scores
 *  themselves are never stored as truth; the snapshot is the frozen record of what was announced. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('assessment_bonuses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('points', 'double precision', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_name', 'text')
    .addColumn('revoke_reason', 'text')
    .execute();
  await db.schema.createIndex('assessment_bonuses_idx').on('assessment_bonuses').columns(['campaign_id', 'unit_id']).execute();
  await db.schema
    .createTable('assessment_closes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.notNull().unique().references('campaigns.id'))
    .addColumn('as_of', 'text', (c) => c.notNull())
    .addColumn('results', 'text', (c) => c.notNull())
    .addColumn('closed_by', 'text', (c) => c.notNull())
    .addColumn('closed_name', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('assessment_corrections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('before_result', 'text', (c) => c.notNull())
    .addColumn('after_result', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('proposed_by', 'text', (c) => c.notNull())
    .addColumn('proposed_name', 'text', (c) => c.notNull())
    .addColumn('proposed_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_name', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decision_reason', 'text')
    .execute();
  await db.schema.createIndex('assessment_corrections_idx').on('assessment_corrections').columns(['campaign_id', 'unit_id']).execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward only');
}
