import type { Kysely } from 'kysely';

/** The task tree with indicators, cooperating units, dated responsibilities; background jobs. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('parent_id', 'text', (c) => c.references('tasks.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('node_type', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('stream_key', 'text')
    .addColumn('source_kind', 'text', (c) => c.notNull().defaultTo('other'))
    .addColumn('source_ref', 'text')
    .addColumn('list_id', 'text', (c) => c.references('project_lists.id'))
    .addColumn('priority', 'text', (c) => c.notNull().defaultTo('normal'))
    .addColumn('lead_unit_id', 'text', (c) => c.references('units.id'))
    .addColumn('post_id', 'text', (c) => c.references('posts.id'))
    .addColumn('acceptance_standard', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('planned_start', 'text')
    .addColumn('planned_end', 'text')
    .addColumn('actual_start', 'text')
    .addColumn('actual_end', 'text')
    .addColumn('weight', 'real', (c) => c.notNull().defaultTo(1))
    .addColumn('progress', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('not_started'))
    .addColumn('obstacle_kind', 'text')
    .addColumn('coordinator_person_id', 'text', (c) => c.references('people.id'))
    .addColumn('published', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('row_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('tasks_code_uq', ['campaign_id', 'code'])
    .execute();
  await db.schema.createIndex('tasks_parent_idx').on('tasks').columns(['campaign_id', 'parent_id']).execute();
  await db.schema.createIndex('tasks_lead_idx').on('tasks').columns(['lead_unit_id', 'campaign_id']).execute();
  await db.schema.createIndex('tasks_due_idx').on('tasks').columns(['campaign_id', 'planned_end']).execute();
  await db.schema
    .createTable('task_cooperators')
    .addColumn('task_id', 'text', (c) => c.notNull().references('tasks.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addPrimaryKeyConstraint('task_cooperators_pk', ['task_id', 'unit_id'])
    .execute();
  await db.schema.createIndex('task_cooperators_unit_idx').on('task_cooperators').column('unit_id').execute();
  await db.schema
    .createTable('task_indicators')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('task_id', 'text', (c) => c.notNull().references('tasks.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('target', 'real')
    .addColumn('baseline', 'real')
    .addColumn('actual', 'real')
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('task_indicators_task_idx').on('task_indicators').column('task_id').execute();
  await db.schema
    .createTable('task_responsibilities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('task_id', 'text', (c) => c.notNull().references('tasks.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('from_date', 'text', (c) => c.notNull())
    .addColumn('to_date', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('task_resp_task_idx').on('task_responsibilities').column('task_id').execute();
  await db.schema.createIndex('task_resp_person_idx').on('task_responsibilities').column('person_id').execute();
  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text')
    .addColumn('result', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward only');
}
