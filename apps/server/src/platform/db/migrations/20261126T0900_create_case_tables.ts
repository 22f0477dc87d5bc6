import type { Kysely } from 'kysely';

/** Citizens' cases (R-PUB-2, R-PUB-5): categories, routing rules, cases, their timeline and the
 *  messages the submitter is sent. Personal data columns hold SM4 ciphertext only. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('case_categories')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('group_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('keywords', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('petition', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('handle_days', 'integer')
    .addColumn('attributes', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('open311', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('case_routing_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('category_id', 'text', (c) => c.references('case_categories.id'))
    .addColumn('region_id', 'text', (c) => c.references('regions.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('check_code', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('category_id', 'text', (c) => c.notNull().references('case_categories.id'))
    .addColumn('region_id', 'text', (c) => c.references('regions.id'))
    .addColumn('address', 'text')
    .addColumn('lat', 'real')
    .addColumn('lng', 'real')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('attributes', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('petition', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('anonymous', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('name_enc', 'text')
    .addColumn('phone_enc', 'text')
    .addColumn('id_no_enc', 'text')
    .addColumn('email_enc', 'text')
    .addColumn('owner_unit_id', 'text', (c) => c.references('units.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('transfers', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('escalated_at', 'text')
    .addColumn('received_on', 'text', (c) => c.notNull())
    .addColumn('acceptance_on', 'text')
    .addColumn('accepted', 'integer')
    .addColumn('acceptance_note', 'text')
    .addColumn('due_on', 'text')
    .addColumn('extension', 'text')
    .addColumn('pauses', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('replied_on', 'text')
    .addColumn('reply', 'text')
    .addColumn('review_requested_on', 'text')
    .addColumn('review_decided_on', 'text')
    .addColumn('re_review_requested_on', 'text')
    .addColumn('re_review_decided_on', 'text')
    .addColumn('satisfaction', 'text')
    .addColumn('rated_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('duplicate_of', 'text')
    .addColumn('backlog', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('dispute', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('resolved_on', 'text')
    .addColumn('published', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('token', 'text', (c) => c.notNull().unique())
    .addColumn('api_key_id', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('row_version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('cases_owner_idx').on('cases').columns(['owner_unit_id', 'status']).execute();
  await db.schema.createIndex('cases_status_idx').on('cases').columns(['status', 'received_on']).execute();
  await db.schema.createIndex('cases_category_idx').on('cases').columns(['category_id', 'received_on']).execute();
  await db.schema
    .createTable('case_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor_name', 'text')
    .addColumn('from_unit_id', 'text')
    .addColumn('to_unit_id', 'text')
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('public', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('case_events_case_idx').on('case_events').columns(['case_id', 'at']).execute();
  await db.schema
    .createTable('case_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('recipient_enc', 'text')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema.createIndex('case_messages_case_idx').on('case_messages').column('case_id').execute();
}

export async function down(): Promise<void> {
  throw new Error('forward only');
}
