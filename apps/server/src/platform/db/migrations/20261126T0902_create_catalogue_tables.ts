import type { Kysely } from 'kysely';

/** The catalogue of administrative approval items (R-PUB-4) and their cleanup decisions. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('catalogue_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('legal_basis', 'text', (c) => c.notNull())
    .addColumn('materials', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('steps', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('legal_days', 'integer')
    .addColumn('promised_days', 'integer')
    .addColumn('fee', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('decision', 'text')
    .addColumn('decision_on', 'text')
    .addColumn('decision_note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('published', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('row_version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('catalogue_items_unit_idx').on('catalogue_items').column('unit_id').execute();
}

export async function down(): Promise<void> {
  throw new Error('forward only');
}
