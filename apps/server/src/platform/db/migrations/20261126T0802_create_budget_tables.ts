import type { Kysely } from 'kysely';

/** 经费挂钩: each unit's annual work budget as the finance bureau entered it, in whole fen. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('unit_budgets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('entered_by', 'text', (c) => c.notNull())
    .addColumn('entered_name', 'text', (c) => c.notNull())
    .addColumn('entered_at', 'text', (c) => c.notNull())
    .addColumn('row_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('unit_budgets_uq', ['campaign_id', 'unit_id'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward only');
}
