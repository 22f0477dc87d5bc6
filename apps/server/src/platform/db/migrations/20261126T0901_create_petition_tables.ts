import type { Kysely } from 'kysely';

/** 信访值周 (the leaders' weekly petition duty roster) and the four visits (四访) with the cases they touched. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('petition_duty')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('week_start', 'text', (c) => c.notNull())
    .addColumn('week_end', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('petition_duty_week_uq', ['person_id', 'week_start'])
    .execute();
  await db.schema
    .createTable('petition_visits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('scheduled_on', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('purpose', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('record', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('done_on', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('petition_visits_date_idx').on('petition_visits').column('scheduled_on').execute();
  await db.schema
    .createTable('petition_visit_cases')
    .addColumn('visit_id', 'text', (c) => c.notNull().references('petition_visits.id'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addPrimaryKeyConstraint('petition_visit_cases_pk', ['visit_id', 'case_id'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('forward only');
}
