import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * Data versions: one counter per scope, raised by the database itself whenever a row it covers is
 * inserted, changed or deleted, in the same transaction. Caches of what is read on most pages (a
 * campaign's task tree, who a signed-in user is, the security settings) ask for the counter, one
 * indexed row, instead of recomputing a stamp over thousands of rows; a write anywhere, by any app
 * instance, through any code path (the API, an import, the sweep, the command line, a restore),
 * makes every instance's copy stale at once. Triggers rather than code, so that no future write
 * can forget it.
 *
 * Scopes: `tasks:<campaign id>` (the campaign, its policy versions, its tasks with their cooperating
 * units, indicators and responsibilities), `lights:<campaign id>` (the light the sweep records on
 * each task: a change of it alone leaves the task tree current, which holds computed lights only),
 * `reports:<campaign id>` (its progress reports), `org`
 * (regions, units, people, posts, terms, leading groups, charges and accounts), `settings`,
 * `publications` (what the office chose to publish) and `attachments` (evidence files' records and
 * the stored files they name).
 *
 * On PostgreSQL the counter is raised by a deferred constraint trigger, at commit, once per
 * transaction and scope: the counter's row lock is then the last lock a transaction takes and is
 * held only while it commits, so writers to different tasks never wait on each other mid-way or
 * deadlock over it. SQLite has one writer at a time; its triggers raise the counter per row.
 */
export const SCOPED_TABLES: { table: string; scope: (row: string) => string; exceptColumn?: string }[] = [
  { table: 'campaigns', scope: (r) => `'tasks:' || ${r}.id` },
  { table: 'campaign_policies', scope: (r) => `'tasks:' || ${r}.campaign_id` },
  { table: 'tasks', scope: (r) => `'tasks:' || ${r}.campaign_id`, exceptColumn: 'light' },
  ...['task_cooperators', 'task_indicators', 'task_responsibilities'].map((table) => ({
    table,
    scope: (r: string) => `'tasks:' || (SELECT t.campaign_id FROM tasks t WHERE t.id = ${r}.task_id)`,
  })),
  { table: 'progress_reports', scope: (r) => `'reports:' || (SELECT t.campaign_id FROM tasks t WHERE t.id = ${r}.task_id)` },
  ...['regions', 'units', 'people', 'posts', 'post_terms', 'leading_groups', 'group_members', 'leader_charges', 'users'].map((table) => ({
    table,
    scope: () => `'org'`,
  })),
  { table: 'settings', scope: () => `'settings'` },
  { table: 'publications', scope: () => `'publications'` },
  { table: 'attachments', scope: () => `'attachments'` },
  { table: 'files', scope: () => `'attachments'` },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('data_versions')
    .addColumn('scope', 'text', (c) => c.primaryKey())
    .addColumn('version', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  if (postgres) {
    await sql`
      CREATE FUNCTION luoshi_bump_version(p_scope text) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE flag text := 'luoshi.dv_' || md5(p_scope);
      BEGIN
        IF p_scope IS NULL OR current_setting(flag, true) = '1' THEN RETURN; END IF;
        INSERT INTO data_versions (scope, version) VALUES (p_scope, 1)
          ON CONFLICT (scope) DO UPDATE SET version = data_versions.version + 1;
        PERFORM set_config(flag, '1', true);
      END $$`.execute(db);
    for (const { table, scope, exceptColumn } of SCOPED_TABLES) {
      const fn = `luoshi_dv_${table}`;
      const update = exceptColumn ? `UPDATE OF ${(await columnsOf(db, table)).filter((c) => c !== exceptColumn).join(', ')}` : 'UPDATE';
      await sql
        .raw(
          `CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN
            IF TG_OP = 'DELETE' THEN PERFORM luoshi_bump_version(${scope('OLD')});
            ELSE PERFORM luoshi_bump_version(${scope('NEW')});
              IF TG_OP = 'UPDATE' THEN PERFORM luoshi_bump_version(${scope('OLD')}); END IF;
            END IF;
            RETURN NULL;
          END $$`,
        )
        .execute(db);
      await sql
        .raw(`CREATE CONSTRAINT TRIGGER ${fn} AFTER INSERT OR ${update} OR DELETE ON ${table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ${fn}()`)
        .execute(db);
    }
    await sql`
      CREATE FUNCTION luoshi_dv_task_lights() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM luoshi_bump_version('lights:' || NEW.campaign_id); RETURN NULL; END $$`.execute(db);
    await sql`CREATE CONSTRAINT TRIGGER luoshi_dv_task_lights AFTER UPDATE OF light ON tasks DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION luoshi_dv_task_lights()`.execute(db);
    return;
  }
  const bumpOf = (scope: string) =>
    `INSERT OR IGNORE INTO data_versions (scope, version) VALUES (${scope}, 0);
     UPDATE data_versions SET version = version + 1 WHERE scope = ${scope};`;
  for (const { table, scope, exceptColumn } of SCOPED_TABLES) {
    const update = exceptColumn ? `UPDATE OF ${(await columnsOf(db, table)).filter((c) => c !== exceptColumn).join(', ')}` : 'UPDATE';
    await sql.raw(`CREATE TRIGGER dv_${table}_insert AFTER INSERT ON ${table} BEGIN ${bumpOf(scope('NEW'))} END`).execute(db);
    await sql.raw(`CREATE TRIGGER dv_${table}_update AFTER ${update} ON ${table} BEGIN ${bumpOf(scope('NEW'))} END`).execute(db);
    await sql.raw(`CREATE TRIGGER dv_${table}_delete AFTER DELETE ON ${table} BEGIN ${bumpOf(scope('OLD'))} END`).execute(db);
  }
  await sql.raw(`CREATE TRIGGER dv_task_lights AFTER UPDATE OF light ON tasks BEGIN ${bumpOf(`'lights:' || NEW.campaign_id`)} END`).execute(db);
}

/**
 * A table's columns as they are when this migration runs. A later migration that adds a column to
 * such a table must recreate its trigger with the new column (test/server/data-versions.test.ts
 * fails until it does).
 */
async function columnsOf(db: Kysely<unknown>, table: string): Promise<string[]> {
  const tables = await db.introspection.getTables();
  const t = tables.find((x) => x.name === table);
  if (!t) throw new Error(`no table ${table}`);
  return t.columns.map((c) => c.name);
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward only');
}
