/** Forward-only migrations, identical on SQLite and PostgreSQL, run on start. */
import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './connect.ts';
import * as m0400 from './migrations/20261126T0400_create_org_tables.ts';
import * as m0401 from './migrations/20261126T0401_create_auth_tables.ts';
import * as m0402 from './migrations/20261126T0402_create_audit_log.ts';
import * as m0500 from './migrations/20261126T0500_create_campaign_tables.ts';
import * as m0501 from './migrations/20261126T0501_create_task_tables.ts';
import * as m0600 from './migrations/20261126T0600_create_progress_tables.ts';
import * as m0700 from './migrations/20261126T0700_create_supervision_tables.ts';
import * as m0800 from './migrations/20261126T0800_create_assessment_tables.ts';
import * as m0801 from './migrations/20261126T0801_create_award_tables.ts';
import * as m0802 from './migrations/20261126T0802_create_budget_tables.ts';
import * as m0803 from './migrations/20261126T0803_create_conduct_tables.ts';
import * as m0804 from './migrations/20261126T0804_create_evaluation_tables.ts';
import * as m0900 from './migrations/20261126T0900_create_case_tables.ts';
import * as m0901 from './migrations/20261126T0901_create_petition_tables.ts';
import * as m0902 from './migrations/20261126T0902_create_catalogue_tables.ts';
import * as m0903 from './migrations/20261126T0903_create_publication_tables.ts';
import * as m0904 from './migrations/20261126T0904_seed_case_categories.ts';
import * as m1000 from './migrations/20261126T1000_create_deliveries.ts';
import * as m1100 from './migrations/20261126T1100_add_read_path_indexes.ts';
import * as m1101 from './migrations/20261126T1101_index_published_tasks.ts';
import * as m1200 from './migrations/20261126T1200_create_case_decisions.ts';
import * as m1300 from './migrations/20261126T1300_create_data_versions.ts';
import * as m1301 from './migrations/20261126T1301_index_case_due.ts';
import * as m1500 from './migrations/20261126T1500_version_cases.ts';
import * as m1600 from './migrations/20261126T1600_index_reports_by_task_submitted.ts';
import * as m1700 from './migrations/20261126T1700_index_case_list.ts';
import * as m1701 from './migrations/20261126T1701_index_proposal_list.ts';
import * as m1702 from './migrations/20261126T1702_index_notice_list.ts';
import * as m1703 from './migrations/20261126T1703_index_people_and_account_lists.ts';
import * as m1704 from './migrations/20261126T1704_index_publication_list.ts';

/** Every migration, in order. A new one is added here with a timestamped name. */
export const MIGRATIONS: Record<string, Migration> = {
  '20261126T0400_create_org_tables': m0400,
  '20261126T0401_create_auth_tables': m0401,
  '20261126T0402_create_audit_log': m0402,
  '20261126T0500_create_campaign_tables': m0500,
  '20261126T0501_create_task_tables': m0501,
  '20261126T0600_create_progress_tables': m0600,
  '20261126T0700_create_supervision_tables': m0700,
  '20261126T0800_create_assessment_tables': m0800,
  '20261126T0801_create_award_tables': m0801,
  '20261126T0802_create_budget_tables': m0802,
  '20261126T0803_create_conduct_tables': m0803,
  '20261126T0804_create_evaluation_tables': m0804,
  '20261126T0900_create_case_tables': m0900,
  '20261126T0901_create_petition_tables': m0901,
  '20261126T0902_create_catalogue_tables': m0902,
  '20261126T0903_create_publication_tables': m0903,
  '20261126T0904_seed_case_categories': m0904,
  '20261126T1000_create_deliveries': m1000,
  '20261126T1100_add_read_path_indexes': m1100,
  '20261126T1101_index_published_tasks': m1101,
  '20261126T1200_create_case_decisions': m1200,
  '20261126T1300_create_data_versions': m1300,
  '20261126T1301_index_case_due': m1301,
  '20261126T1500_version_cases': m1500,
  '20261126T1600_index_reports_by_task_submitted': m1600,
  '20261126T1700_index_case_list': m1700,
  '20261126T1701_index_proposal_list': m1701,
  '20261126T1702_index_notice_list': m1702,
  '20261126T1703_index_people_and_account_lists': m1703,
  '20261126T1704_index_publication_list': m1704,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export async function migrateToLatest(db: Pick<Db, 'kysely'>): Promise<string[]> {
  const migrator = new Migrator({ db: db.kysely, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export async function pendingMigrations(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db: db.kysely, provider });
  const all = await migrator.getMigrations();
  return all.filter((m) => !m.executedAt).map((m) => m.name);
}
