/**
 * Moving a county from SQLite to PostgreSQL: `luoshi backup` on a SQLite install, then
 * `luoshi restore` of that backup with DATABASE_URL set to an empty PostgreSQL database. Every row
 * arrives as it was (the data-version counters included), the audit chain verifies, a server on
 * PostgreSQL serves the evidence byte for byte and signs users in to their tasks. A database that
 * already holds a county is refused and left as it was; a copy that fails midway leaves nothing.
 *
 * It needs a PostgreSQL server, so it runs in the PostgreSQL pass of the suite (its SQLite side is
 * a data directory of its own, seeded by `luoshi demo`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { files, fillPath, progress, tasks } from '@luoshi/contracts';
import { createTestDb, testDbKind, type TestDb } from '../support/db.ts';
import { luoshi } from '../support/cli.ts';
import { HttpClient, startLive, type LiveServer } from '../support/live.ts';
import { integrityCheck } from '../support/integrity.ts';
import { taskIdByTitle } from '../support/report-load.ts';
import { photoUpload, png } from '../support/work.ts';
import { SEED_INSTANT } from '../support/global-setup.ts';
import { copyOrder, type TableShape } from '../../apps/server/src/platform/db/sqlite-to-postgres.ts';
import { MIGRATIONS } from '../../apps/server/src/platform/db/migrate.ts';

const NOW = '2013-05-10T02:00:00.000Z';
const NARRATIVE = '征地拆迁已完成七成,附现场照片';
const MIGRATOR = new Set(['kysely_migration', 'kysely_migration_lock']);

let dir: string;
/** the SQLite install: a data directory of its own */
let source: { dataDir: string; databaseUrl: null };
let target: TestDb;
const servers: LiveServer[] = [];
const dbs: TestDb[] = [];

/** what the handler made on SQLite before the move */
const made = { taskId: '', reportId: '', attachmentId: '', campaignId: '', mine: [] as string[] };

async function withPg<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Row counts of the Luoshi tables in a PostgreSQL database (none before it is migrated). */
async function pgCounts(url: string): Promise<Record<string, number>> {
  return withPg(url, async (c) => {
    const tables = await c.query<{ name: string }>("select tablename as name from pg_tables where schemaname = 'public' order by tablename");
    const out: Record<string, number> = {};
    for (const { name } of tables.rows) {
      if (MIGRATOR.has(name)) continue;
      out[name] = Number((await c.query(`select count(*) n from "${name}"`)).rows[0].n);
    }
    return out;
  });
}

/** Nothing of a county: every table empty but the default case categories the migrations write. */
function noCounty(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).filter(([t, n]) => n > 0 && !(t === 'case_categories' && n === 13)));
}

/** A fingerprint of every table's content, to see that a refused restore changed nothing. */
async function pgFingerprint(url: string): Promise<Record<string, string>> {
  return withPg(url, async (c) => {
    const tables = await c.query<{ name: string }>("select tablename as name from pg_tables where schemaname = 'public' order by tablename");
    const out: Record<string, string> = {};
    for (const { name } of tables.rows) {
      const r = await c.query(`select count(*) n, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) h from "${name}" t`);
      out[name] = `${r.rows[0].n}:${r.rows[0].h}`;
    }
    return out;
  });
}

/** A value as both databases should hold it: PostgreSQL's real is 4 bytes wide, SQLite's 8. */
function norm(v: unknown, pgType: number): string {
  if (v === null || v === undefined) return 'null';
  if (pgType === 700) return `real:${Math.fround(Number(v))}`;
  if (pgType === 701) return `double:${Number(v)}`;
  if (pgType === 20 || pgType === 21 || pgType === 23) return `int:${BigInt(v as number | bigint | string).toString()}`;
  return `text:${String(v)}`;
}

/** Every row of every Luoshi table of the SQLite file and of PostgreSQL, compared column by column. */
async function compareAll(sqliteFile: string, url: string): Promise<{ differences: string[]; counts: Record<string, number> }> {
  const src = new Database(sqliteFile, { readonly: true });
  src.defaultSafeIntegers(true);
  const differences: string[] = [];
  const counts: Record<string, number> = {};
  try {
    const tables = (src.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").all() as { name: string }[])
      .map((t) => t.name)
      .filter((t) => !MIGRATOR.has(t));
    await withPg(url, async (c) => {
      for (const table of tables) {
        const key = (src.pragma(`table_info("${table}")`) as { name: string; pk: bigint }[]).filter((col) => col.pk > 0n).map((col) => col.name);
        const got = await c.query(`select * from "${table}"`);
        const types = Object.fromEntries(got.fields.map((f) => [f.name, f.dataTypeID]));
        const rowOf = (r: Record<string, unknown>) => Object.fromEntries(Object.keys(types).map((k) => [k, norm(r[k], types[k]!)]));
        const keyOf = (r: Record<string, string>) => JSON.stringify(key.map((k) => r[k]));
        const want = new Map((src.prepare(`select * from "${table}"`).all() as Record<string, unknown>[]).map((r) => rowOf(r)).map((r) => [keyOf(r), r]));
        counts[table] = want.size;
        if (got.rows.length !== want.size) differences.push(`${table}: SQLite ${want.size} rows, PostgreSQL ${got.rows.length}`);
        for (const r of got.rows.map(rowOf)) {
          const w = want.get(keyOf(r));
          if (!w) differences.push(`${table} ${keyOf(r)}: only on PostgreSQL`);
          else if (JSON.stringify(w) !== JSON.stringify(r)) differences.push(`${table} ${keyOf(r)}: ${JSON.stringify(w)} ≠ ${JSON.stringify(r)}`);
        }
      }
    });
  } finally {
    src.close();
  }
  return { differences, counts };
}

/** A copy of the SQLite install's database, changed by `change`: a backup as a restore may meet one. */
/** The tables, indexes and triggers a database migrated up to (not including) `first` holds. */
async function objectsBefore(first: string): Promise<Set<string>> {
  const raw = new Database(':memory:');
  const kysely = new Kysely<unknown>({ dialect: new SqliteDialect({ database: raw }) });
  try {
    const names = Object.keys(MIGRATIONS).sort();
    const last = names[names.indexOf(first) - 1]!;
    const { error } = await new Migrator({ db: kysely, provider: { getMigrations: async () => MIGRATIONS } }).migrateTo(last);
    if (error) throw error;
    return new Set((raw.prepare("select name from sqlite_master where name not like 'sqlite_%'").all() as { name: string }[]).map((r) => r.name));
  } finally {
    await kysely.destroy();
  }
}

async function variant(name: string, change: (db: Database.Database) => void): Promise<string> {
  const file = path.join(dir, `${name}.sqlite`);
  const from = new Database(path.join(source.dataDir, 'luoshi.sqlite'), { readonly: true });
  await from.backup(file);
  from.close();
  const db = new Database(file);
  try {
    change(db);
  } finally {
    db.close();
  }
  return file;
}

describe('the order tables are copied in', () => {
  const shape = (name: string, parents: string[], self = false): TableShape => ({
    name,
    columns: ['id'],
    parents: new Set(parents),
    selfRefs: self ? [{ columns: ['parent_id'], refs: ['id'] }] : [],
  });
  const shapes = (...list: TableShape[]) => new Map(list.map((t) => [t.name, t]));

  it('puts every table a foreign key points to first; a table pointing to itself is no obstacle', () => {
    const order = copyOrder(shapes(shape('reports', ['tasks', 'units']), shape('tasks', ['campaigns', 'units'], true), shape('units', [], true), shape('campaigns', [])));
    expect(order.map((t) => t.name)).toEqual(['campaigns', 'units', 'tasks', 'reports']);
  });

  it('refuses tables whose foreign keys form a cycle', () => {
    expect(() => copyOrder(shapes(shape('a', ['b']), shape('b', ['c']), shape('c', ['a']), shape('d', [])))).toThrow(
      'The foreign keys between these tables form a cycle, so no copy order exists: a, b, c',
    );
  });
});

describe.runIf(testDbKind() === 'postgres')('moving a county from SQLite to PostgreSQL with luoshi restore', () => {
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-move-'));
    source = { dataDir: path.join(dir, 'sqlite'), databaseUrl: null };
    const demo = await luoshi(['demo'], source, { LUOSHI_NOW: SEED_INSTANT });
    expect(demo.code, demo.stderr).toBe(0);

    // a handler reports with a photo on SQLite: a report, an attachment, a file, audit entries, raised counters
    const server = await startLive({ ...source, now: NOW });
    servers.push(server);
    const client = new HttpClient(server.url);
    await client.login('qianyou.cb');
    made.taskId = await taskIdByTitle(client, '完成征地拆迁');
    const draft = await client.request('POST', fillPath(progress.createReport.path, { id: made.taskId }), { narrative: NARRATIVE, percent: 37.5 });
    expect(draft.status, JSON.stringify(draft.body)).toBe(200);
    made.reportId = draft.body.id;
    const up = photoUpload();
    const sent = await client.send('POST', fillPath(files.uploadReportAttachments.path, { id: made.reportId }), { data: up.body, contentType: up.contentType });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    made.attachmentId = sent.body.items[0].id;
    expect((await client.request('POST', fillPath(progress.submitReport.path, { id: made.reportId }))).status).toBe(200);
    made.campaignId = (await client.request('GET', '/api/v1/campaigns')).body.items[0].id;
    const mine = await client.request('GET', `${fillPath(tasks.listTasks.path, { id: made.campaignId })}?scope=mine`);
    made.mine = (mine.body.items as { id: string }[]).map((t) => t.id).sort();
    expect(made.mine).toContain(made.taskId);
    await server.stop();

    target = await createTestDb({ seeded: false });
    dbs.push(target);
  }, 120_000);

  afterAll(async () => {
    for (const s of servers) await s.kill();
    for (const d of dbs) await d.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('backup on SQLite, restore with DATABASE_URL: every row, the counters, the chain and the evidence arrive', { timeout: 180_000 }, async () => {
    const file = path.join(dir, 'county.tar');
    const b = await luoshi(['backup', file], source);
    expect(b.code, b.stderr).toBe(0);
    const evidence = /evidence files: (\d+)/.exec(b.stdout)?.[1];
    expect(Number(evidence)).toBeGreaterThanOrEqual(1); // the photo (and its thumbnail)

    const r = await luoshi(['restore', file], target);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Copied from SQLite into PostgreSQL: \d+ 行 rows/);
    expect(r.stdout).toMatch(/audit chain: 完整 intact \(\d+\)/);
    expect(r.stdout).toContain(`evidence files: ${evidence}`);
    expect(r.stderr).toMatch(/ {2}progress_reports: \d+ 行 rows, [\d.]+ s/); // progress, a line per table

    // every table, row by row and column by column, as on SQLite; data_versions among them
    const sqliteFile = path.join(source.dataDir, 'luoshi.sqlite');
    const { differences, counts } = await compareAll(sqliteFile, target.databaseUrl!);
    expect(differences).toEqual([]);
    expect(await pgCounts(target.databaseUrl!)).toEqual(counts);
    expect(counts.audit_log).toBeGreaterThan(100);
    expect(counts.data_versions).toBeGreaterThan(3);
    expect(await integrityCheck(target)).toBe('ok');

    // the rows the handler made, spelled out: Chinese text, a real, nulls, the raised counters
    await withPg(target.databaseUrl!, async (c) => {
      const report = (await c.query('select narrative, percent, reviewed_at from progress_reports where id = $1', [made.reportId])).rows[0];
      expect(report).toEqual({ narrative: NARRATIVE, percent: 37.5, reviewed_at: null });
      const src = new Database(sqliteFile, { readonly: true });
      try {
        const versions = src.prepare('select scope, version from data_versions order by scope').all() as { scope: string; version: number }[];
        const got = (await c.query('select scope, version from data_versions')).rows.map((v) => ({ scope: v.scope, version: Number(v.version) }));
        expect(got.sort((x, y) => (x.scope < y.scope ? -1 : 1))).toEqual(versions);
        expect(versions.map((v) => v.scope)).toContain(`reports:${made.campaignId}`);
      } finally {
        src.close();
      }
      // the counters' triggers are on again
      expect((await c.query("select tgrelid::regclass::text t from pg_trigger where not tgisinternal and tgenabled <> 'O'")).rows).toEqual([]);
    });

    // a server on PostgreSQL: the photo byte for byte, the handler's tasks, and a write raises its counter
    const live = await startLive({ ...target, now: NOW });
    servers.push(live);
    const client = new HttpClient(live.url);
    await client.login('qianyou.cb');
    const photo = await client.request('GET', fillPath(files.downloadAttachment.path, { id: made.attachmentId }));
    expect(photo.status).toBe(200);
    expect(Buffer.compare(photo.body as Buffer, png())).toBe(0);
    const mine = await client.request('GET', `${fillPath(tasks.listTasks.path, { id: made.campaignId })}?scope=mine`);
    expect((mine.body.items as { id: string }[]).map((t) => t.id).sort()).toEqual(made.mine);
    const version = () =>
      withPg(target.databaseUrl!, async (c) => Number((await c.query('select version from data_versions where scope = $1', [`reports:${made.campaignId}`])).rows[0].version));
    const before = await version();
    expect((await client.request('POST', fillPath(progress.createReport.path, { id: made.taskId }), { narrative: '迁移后的第一份报告', percent: 40 })).status).toBe(200);
    expect(await version()).toBe(before + 1);
    await live.stop();
  });

  it('refuses to restore into a database that already holds a county, and changes nothing', { timeout: 60_000 }, async () => {
    const before = await pgFingerprint(target.databaseUrl!);
    const r = await luoshi(['restore', path.join(dir, 'county.tar')], target);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('目标 PostgreSQL 数据库已有落实数据');
    expect(r.stderr).toContain('The target PostgreSQL database already holds Luoshi data and was left unchanged');
    expect(r.stderr).toMatch(/audit_log: \d+/);
    expect(await pgFingerprint(target.databaseUrl!)).toEqual(before);
  });

  it('copies a table that points to itself parents first, also when they are many COPY statements apart', { timeout: 120_000 }, async () => {
    const db = await createTestDb({ seeded: false });
    dbs.push(db);
    // a task moved under a task made after it: the child's rowid comes first, 60,000 rows before its parent's
    const moved = await variant('moved', (sqlite) => {
      const cols = (sqlite.pragma('table_info(tasks)') as { name: string }[]).map((c) => c.name);
      const given: Record<string, string> = { id: '@id', code: '@code', parent_id: '@parent' };
      const copy = sqlite.prepare(`insert into tasks (${cols.join(', ')}) select ${cols.map((c) => given[c] ?? c).join(', ')} from tasks where id = @from`);
      const parentOf = (sqlite.prepare('select parent_id from tasks where id = ?').get(made.taskId) as { parent_id: string }).parent_id;
      sqlite.transaction(() => {
        copy.run({ id: 'moved_child', code: 'moved.1', parent: null, from: made.taskId });
        for (let i = 0; i < 60_000; i++) copy.run({ id: `filler_${i}`, code: `filler.${i}`, parent: parentOf, from: made.taskId });
        copy.run({ id: 'later_parent', code: 'moved', parent: null, from: made.taskId });
        sqlite.prepare("update tasks set parent_id = 'later_parent' where id = 'moved_child'").run();
      })();
    });
    const r = await luoshi(['restore', moved], db);
    expect(r.code, r.stderr).toBe(0);
    const counts = await pgCounts(db.databaseUrl!);
    expect(counts.tasks).toBe(60_032);
    await withPg(db.databaseUrl!, async (c) => {
      expect((await c.query("select parent_id from tasks where id = 'moved_child'")).rows).toEqual([{ parent_id: 'later_parent' }]);
    });
  });

  it('a copy that fails midway leaves no row behind; refusals come before anything is written', { timeout: 180_000 }, async () => {
    const empty = await createTestDb({ seeded: false });
    dbs.push(empty);
    const url = empty.databaseUrl!;

    // a backup from a newer Luoshi: refused before the target is even migrated
    const newer = await variant('newer', (db) => db.prepare("insert into kysely_migration (name, timestamp) values ('20991231T0000_from_a_newer_release', '2099-12-31T00:00:00.000Z')").run());
    let r = await luoshi(['restore', newer], empty);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('本版本没有这些数据库迁移');
    expect(r.stderr).toContain('migrations this version does not know: 20991231T0000_from_a_newer_release');
    expect(await pgCounts(url)).toEqual({});

    // a NUL character in a text: PostgreSQL cannot hold it, so the copy stops and is rolled back
    const nul = await variant('nul', (db) => db.prepare('update progress_reports set narrative = ? where id = ?').run('照片\u0000说明', made.reportId));
    r = await luoshi(['restore', nul], empty);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Table progress_reports, row id = ${made.reportId}: column narrative holds a NUL character`);
    expect(r.stderr).toContain('The copy was rolled back');
    expect(r.stderr).toMatch(/ {2}audit_log: \d+ 行 rows/); // tables before it were copied, then undone
    const migrated = await pgCounts(url);
    expect(Object.keys(migrated).length).toBeGreaterThan(50);
    expect(noCounty(migrated)).toEqual({});

    // binary data where a text belongs (SQLite keeps what it is given): no Luoshi column holds any
    const blob = await variant('blob', (db) => db.prepare('update progress_reports set narrative = ? where id = ?').run(Buffer.from([0xff, 0x00, 0x01]), made.reportId));
    r = await luoshi(['restore', blob], empty);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Table progress_reports, row id = ${made.reportId}: column narrative holds binary data`);
    expect(r.stderr).toContain('The copy was rolled back');
    expect(noCounty(await pgCounts(url))).toEqual({});

    // a value PostgreSQL refuses (SQLite keeps text in a real column): refused by the server midway
    const text = await variant('text-in-real', (db) => db.prepare("update tasks set weight = 'heavy' where id = ?").run(made.taskId));
    r = await luoshi(['restore', text], empty);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('PostgreSQL refused a row of table tasks');
    expect(r.stderr).toContain('invalid input syntax for type real: "heavy"');
    expect(r.stderr).toContain('The copy was rolled back');
    expect(noCounty(await pgCounts(url))).toEqual({});
    await withPg(url, async (c) => {
      expect((await c.query("select tgrelid::regclass::text t from pg_trigger where not tgisinternal and tgenabled <> 'O'")).rows).toEqual([]);
    });

    // a task whose parent is gone (written while SQLite's foreign keys were off): refused, parents must come first
    const orphan = await variant('orphan', (db) => {
      db.pragma('foreign_keys = off');
      db.prepare("update tasks set parent_id = 'no_such_task' where id = ?").run(made.taskId);
    });
    r = await luoshi(['restore', orphan], empty);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('1 rows of table tasks point (parent_id) to a row that does not exist');
    expect(noCounty(await pgCounts(url))).toEqual({});

    // a table whose columns are not those the migrations make
    const odd = await variant('odd', (db) => db.exec('alter table settings add column extra text'));
    r = await luoshi(['restore', odd], empty);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Table settings of the backup does not match the PostgreSQL one (extra extra)');
    expect(noCounty(await pgCounts(url))).toEqual({});

    // and after all that the database takes a backup from before the data versions: migrated forward, then copied
    // (every table, index and trigger the migrations from 1300 on made is dropped, and their names
    // forgotten: what a database of that release held)
    const kept = await objectsBefore('20261126T1300_create_data_versions');
    const older = await variant('older', (db) => {
      const made = db.prepare("select type, name from sqlite_master where type in ('trigger', 'index', 'table') and name not like 'sqlite_%'").all() as { type: string; name: string }[];
      for (const type of ['trigger', 'index', 'table']) for (const o of made) if (o.type === type && !kept.has(o.name)) db.exec(`drop ${type} if exists "${o.name}"`);
      db.prepare("delete from kysely_migration where name >= '20261126T1300'").run();
    });
    r = await luoshi(['restore', older], empty);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/audit chain: 完整 intact/);
    const counts = await pgCounts(url);
    const want = (await compareAll(path.join(source.dataDir, 'luoshi.sqlite'), url)).counts;
    expect({ ...counts, data_versions: 0 }).toEqual({ ...want, data_versions: 0 });
    expect(counts.data_versions).toBe(0); // the backup had none; the copy adds none
  });
});
