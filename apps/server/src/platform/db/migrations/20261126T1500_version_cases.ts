import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * Data versions for cases (see 20261126T1300_create_data_versions): a counter per case,
 * `case:<case id>`, raised by every write to the case's row, its events and its decisions, and one
 * counter, `case_categories`, for the categories whose names and handling days a case is shown
 * with. The rest of what a case's answer is built from is already versioned: unit names (`org`)
 * and the case policy with its holiday calendar (`settings`). Per case rather than one counter
 * for all cases, so that handling one case does not make every other case's cached answer stale.
 *
 * Triggers as in 1300: on PostgreSQL deferred constraint triggers, run at commit; on SQLite a
 * trigger per row and operation. On PostgreSQL `case_categories` is raised once per transaction
 * through `luoshi_bump_version` (created in 1300), whose once-only flag is a setting named after
 * the scope; the per-case scopes are raised per row instead (`luoshi_bump_version_each`): a flag per
 * case would leave one setting behind in the database session for every case it ever wrote (a
 * pooled connection lives long, and a city has a million cases). Audited writes are ordered by the
 * audit chain's lock, so writers of several cases do not deadlock over their counters.
 */
export const CASE_SCOPED_TABLES: { table: string; scope: (row: string) => string; perRow?: boolean }[] = [
  { table: 'cases', scope: (r) => `'case:' || ${r}.id`, perRow: true },
  { table: 'case_events', scope: (r) => `'case:' || ${r}.case_id`, perRow: true },
  { table: 'case_decisions', scope: (r) => `'case:' || ${r}.case_id`, perRow: true },
  { table: 'case_categories', scope: () => `'case_categories'` },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  if (postgres) {
    await sql`
      CREATE FUNCTION luoshi_bump_version_each(p_scope text) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF p_scope IS NULL THEN RETURN; END IF;
        INSERT INTO data_versions (scope, version) VALUES (p_scope, 1)
          ON CONFLICT (scope) DO UPDATE SET version = data_versions.version + 1;
      END $$`.execute(db);
    for (const { table, scope, perRow } of CASE_SCOPED_TABLES) {
      const fn = `luoshi_dv_${table}`;
      const bump = perRow ? 'luoshi_bump_version_each' : 'luoshi_bump_version';
      await sql
        .raw(
          `CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN
            IF TG_OP = 'DELETE' THEN PERFORM ${bump}(${scope('OLD')});
            ELSE PERFORM ${bump}(${scope('NEW')});
              IF TG_OP = 'UPDATE' AND ${scope('OLD')} IS DISTINCT FROM ${scope('NEW')} THEN PERFORM ${bump}(${scope('OLD')}); END IF;
            END IF;
            RETURN NULL;
          END $$`,
        )
        .execute(db);
      await sql.raw(`CREATE CONSTRAINT TRIGGER ${fn} AFTER INSERT OR UPDATE OR DELETE ON ${table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ${fn}()`).execute(db);
    }
    return;
  }
  const bumpOf = (scope: string) =>
    `INSERT OR IGNORE INTO data_versions (scope, version) VALUES (${scope}, 0);
     UPDATE data_versions SET version = version + 1 WHERE scope = ${scope};`;
  for (const { table, scope } of CASE_SCOPED_TABLES) {
    await sql.raw(`CREATE TRIGGER dv_${table}_insert AFTER INSERT ON ${table} BEGIN ${bumpOf(scope('NEW'))} END`).execute(db);
    // a change that moves an event or a decision to another case makes both cases stale
    const moved = `UPDATE data_versions SET version = version + 1 WHERE scope = ${scope('OLD')} AND ${scope('OLD')} IS NOT ${scope('NEW')};`;
    await sql.raw(`CREATE TRIGGER dv_${table}_update AFTER UPDATE ON ${table} BEGIN ${bumpOf(scope('NEW'))} ${moved} END`).execute(db);
    await sql.raw(`CREATE TRIGGER dv_${table}_delete AFTER DELETE ON ${table} BEGIN ${bumpOf(scope('OLD'))} END`).execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward only');
}
