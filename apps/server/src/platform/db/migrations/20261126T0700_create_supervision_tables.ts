import type { Kysely } from 'kysely';

/** The supervision ladder: proposals, notices with gap-free document numbers, the deduction
 *  ledger, lost award eligibility, accountability cases and appeals. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('notices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('parent_notice_id', 'text', (c) => c.references('notices.id'))
    .addColumn('proposal_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('criticism', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('major_impact', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('deadline', 'text')
    .addColumn('doc_prefix', 'text')
    .addColumn('doc_year', 'integer')
    .addColumn('doc_seq', 'integer')
    .addColumn('doc_number', 'text')
    .addColumn('approver_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('drafted_by', 'text', (c) => c.notNull())
    .addColumn('drafted_name', 'text', (c) => c.notNull())
    .addColumn('drafted_at', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_person_id', 'text')
    .addColumn('decided_name', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decision_reason', 'text')
    .addColumn('issued_at', 'text')
    .addColumn('issued_on', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('row_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('notices_doc_number_uq', ['doc_prefix', 'doc_year', 'doc_seq'])
    .execute();
  await db.schema.createIndex('notices_subject_idx').on('notices').columns(['subject_type', 'subject_id']).execute();
  await db.schema.createIndex('notices_campaign_idx').on('notices').columns(['campaign_id', 'status']).execute();
  await db.schema.createIndex('notices_unit_idx').on('notices').column('unit_id').execute();
  await db.schema
    .createTable('doc_sequences')
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('doc_sequences_pk', ['prefix', 'year'])
    .execute();
  await db.schema
    .createTable('proposals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('parent_notice_id', 'text', (c) => c.references('notices.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decision_reason', 'text')
    .addColumn('notice_id', 'text')
    .execute();
  await db.schema.createIndex('proposals_campaign_idx').on('proposals').columns(['campaign_id', 'status']).execute();
  await db.schema
    .createTable('deductions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('notice_id', 'text', (c) => c.notNull().references('notices.id'))
    .addColumn('points', 'real', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('appeal_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('deductions_unit_idx').on('deductions').columns(['campaign_id', 'unit_id']).execute();
  await db.schema
    .createTable('eligibility_losses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('person_id', 'text', (c) => c.references('people.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('notice_id', 'text', (c) => c.notNull().references('notices.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('reversed_at', 'text')
    .addColumn('appeal_id', 'text')
    .execute();
  await db.schema.createIndex('eligibility_losses_idx').on('eligibility_losses').columns(['campaign_id', 'unit_id']).execute();
  await db.schema
    .createTable('accountability_cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id'))
    .addColumn('notice_id', 'text', (c) => c.notNull().references('notices.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('people', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('decision', 'text')
    .addColumn('measures', 'text')
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .addColumn('decided_by_name', 'text')
    .execute();
  await db.schema
    .createTable('appeals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('notice_id', 'text', (c) => c.notNull().references('notices.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('submitted_by', 'text', (c) => c.notNull())
    .addColumn('submitted_name', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('decider_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('decided_by_name', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decision_reason', 'text')
    .execute();
  await db.schema.createIndex('appeals_notice_idx').on('appeals').column('notice_id').execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward only');
}
