import type { Kysely } from 'kysely';

/** 五个一: the discipline rectification drive (作风纪律集中整顿) with its checks of units, and the
 *  cases of violations investigated (查处) with findings, decision and the people concerned. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rectification_drives')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('end_date', 'text', (c) => c.notNull())
    .addColumn('unit_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('rectification_checks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('drive_id', 'text', (c) => c.notNull().references('rectification_drives.id'))
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('checked_on', 'text', (c) => c.notNull())
    .addColumn('checker_unit_id', 'text', (c) => c.references('units.id'))
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('findings', 'text', (c) => c.notNull())
    .addColumn('requirement', 'text', (c) => c.notNull())
    .addColumn('deadline', 'text')
    .addColumn('rectified_on', 'text')
    .addColumn('rectified_note', 'text')
    .addColumn('created_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rectification_checks_idx').on('rectification_checks').columns(['campaign_id', 'unit_id']).execute();
  await db.schema
    .createTable('conduct_cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('allegation', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('violation', 'integer')
    .addColumn('findings', 'text')
    .addColumn('decision', 'text')
    .addColumn('people', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('opened_name', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('decided_name', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decided_on', 'text')
    .execute();
  await db.schema.createIndex('conduct_cases_idx').on('conduct_cases').columns(['campaign_id', 'unit_id']).execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward only');
}
