/**
 * Data versions: the database raises a scope's counter on every write to a table it covers, in
 * the same transaction, whatever code (or none) made the write; the caches built on them never
 * serve what a write has changed, even a write made straight in SQL as another app instance or a
 * repair script would make it. On PostgreSQL, concurrent writers to different tasks neither block
 * each other before commit nor deadlock over the counter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { campaigns, tasks } from '@luoshi/contracts';
import { startApp, type Client, type TestApp } from '../support/harness.ts';
import { scopes, versionKey } from '../../apps/server/src/platform/db/versions.ts';
import { SCOPED_TABLES } from '../../apps/server/src/platform/db/migrations/20261126T1300_create_data_versions.ts';

let t: TestApp;
let office: Client;
let campaignId: string;
let tree: any[];
const db = () => t.services.db.kysely;

beforeAll(async () => {
  t = await startApp();
  office = await t.as('duchashi');
  campaignId = (await office.call(campaigns.listCampaigns)).body.items[0].id;
  tree = (await office.call(tasks.listTasks, { params: { id: campaignId } })).body.items;
});
afterAll(async () => t?.close());

async function version(scope: string): Promise<number> {
  return Number(await versionKey(db(), scope));
}

describe('data versions raised by the database', () => {
  it('every covered table raises its scope on insert, update and delete, and nothing else does', async () => {
    const leaf = tree.find((x) => x.childCount === 0 && x.leadUnitId);
    const before = { tasks: await version(scopes.tasks(campaignId)), reports: await version(scopes.reports(campaignId)), org: await version(scopes.org), settings: await version(scopes.settings) };
    // a task: update
    await sql`update tasks set title = title where id = ${leaf.id}`.execute(db());
    expect(await version(scopes.tasks(campaignId))).toBeGreaterThan(before.tasks);
    // an indicator: insert and delete, through the task's campaign
    const t1 = await version(scopes.tasks(campaignId));
    await sql`insert into task_indicators (id, task_id, name) values ('dv-ind', ${leaf.id}, '测试指标')`.execute(db());
    const t2 = await version(scopes.tasks(campaignId));
    expect(t2).toBeGreaterThan(t1);
    await sql`delete from task_indicators where id = 'dv-ind'`.execute(db());
    expect(await version(scopes.tasks(campaignId))).toBeGreaterThan(t2);
    // a unit's name: org, not tasks
    const t3 = await version(scopes.tasks(campaignId));
    await sql`update units set name = name where id = ${leaf.leadUnitId}`.execute(db());
    expect(await version(scopes.org)).toBeGreaterThan(before.org);
    expect(await version(scopes.tasks(campaignId))).toBe(t3);
    // a setting
    await sql`update settings set value = value`.execute(db());
    const settingsNow = await version(scopes.settings);
    const settingRows = Number((await sql<{ n: number }>`select count(*) as n from settings`.execute(db())).rows[0]!.n);
    if (settingRows > 0) expect(settingsNow).toBeGreaterThan(before.settings);
    // sessions are not covered: signing in does not make the tree stale
    const t4 = await version(scopes.tasks(campaignId));
    const o4 = await version(scopes.org);
    await sql`update sessions set last_seen_at = last_seen_at`.execute(db());
    expect(await version(scopes.tasks(campaignId))).toBe(t4);
    expect(await version(scopes.org)).toBe(o4);
  });

  it('a change to any column of a task raises its campaign’s tasks version, except the recorded light, which raises its lights version', async () => {
    const leaf = tree.find((x) => x.childCount === 0);
    const columns = (await db().introspection.getTables()).find((x) => x.name === 'tasks')!.columns.map((c) => c.name);
    expect(columns).toContain('light');
    for (const column of columns) {
      if (column === 'id') continue;
      const tasksBefore = await version(scopes.tasks(campaignId));
      const lightsBefore = await version(scopes.lights(campaignId));
      await sql`update tasks set ${sql.ref(column)} = ${sql.ref(column)} where id = ${leaf.id}`.execute(db());
      if (column === 'light') {
        expect(await version(scopes.tasks(campaignId)), column).toBe(tasksBefore);
        expect(await version(scopes.lights(campaignId)), column).toBeGreaterThan(lightsBefore);
      } else {
        expect(await version(scopes.tasks(campaignId)), column).toBeGreaterThan(tasksBefore);
      }
    }
  });

  it('a rolled-back write leaves the counter where it was', async () => {
    const leaf = tree.find((x) => x.childCount === 0);
    const v = await version(scopes.tasks(campaignId));
    await db()
      .transaction()
      .execute(async (tx) => {
        await sql`update tasks set title = 'x' where id = ${leaf.id}`.execute(tx);
        throw new Error('rollback');
      })
      .catch(() => undefined);
    expect(await version(scopes.tasks(campaignId))).toBe(v);
  });

  it('each covered table has its triggers', async () => {
    const names =
      t.services.db.dialect === 'postgres'
        ? (await sql<{ name: string }>`select tgname as name from pg_trigger where not tgisinternal`.execute(db())).rows.map((r) => r.name)
        : (await sql<{ name: string }>`select name from sqlite_master where type = 'trigger'`.execute(db())).rows.map((r) => r.name);
    for (const { table } of SCOPED_TABLES) {
      if (t.services.db.dialect === 'postgres') expect(names).toContain(`luoshi_dv_${table}`);

      else for (const op of ['insert', 'update', 'delete']) expect(names).toContain(`dv_${table}_${op}`);
    }
  });
});

describe('caches built on them', () => {
  it('a task renamed straight in the database shows at once in the list and the detail', async () => {
    const leaf = tree.find((x) => x.childCount === 0);
    // warm the caches
    await office.call(tasks.listTasks, { params: { id: campaignId } });
    await office.call(tasks.getTask, { params: { id: leaf.id } });
    await sql`update tasks set title = ${'改名测试 ' + leaf.title} where id = ${leaf.id}`.execute(db());
    const list = (await office.call(tasks.listTasks, { params: { id: campaignId } })).body.items;
    expect(list.find((x: any) => x.id === leaf.id).title).toBe('改名测试 ' + leaf.title);
    const detail = (await office.call(tasks.getTask, { params: { id: leaf.id } })).body;
    expect(detail.title).toBe('改名测试 ' + leaf.title);
  });

  it('a unit renamed straight in the database shows at once on its tasks', async () => {
    const leaf = tree.find((x) => x.childCount === 0 && x.leadUnitId);
    await office.call(tasks.listTasks, { params: { id: campaignId } });
    await sql`update units set name = ${'新名称单位'} where id = ${leaf.leadUnitId}`.execute(db());
    const list = (await office.call(tasks.listTasks, { params: { id: campaignId } })).body.items;
    expect(list.find((x: any) => x.id === leaf.id).leadUnitName).toBe('新名称单位');
  });
});

describe('concurrent writers on PostgreSQL', () => {
  it('two transactions writing different tasks in opposite order both commit (no deadlock on the counter)', async () => {
    if (t.services.db.dialect !== 'postgres') return;
    const [a, b] = tree.filter((x) => x.childCount === 0).slice(0, 2);
    const v = await version(scopes.tasks(campaignId));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let aWrote!: () => void;
    const aFirst = new Promise<void>((r) => (aWrote = r));
    const one = db()
      .transaction()
      .execute(async (tx) => {
        await sql`update tasks set title = title where id = ${a.id}`.execute(tx);
        aWrote();
        await gate;
        await sql`update tasks set description = description where id = ${a.id}`.execute(tx);
      });
    await aFirst;
    // the second writes another task while the first is open: with an immediate counter it would wait here
    const two = db()
      .transaction()
      .execute(async (tx) => {
        await sql`update tasks set title = title where id = ${b.id}`.execute(tx);
      });
    await two;
    release();
    await one;
    expect(await version(scopes.tasks(campaignId))).toBe(v + 2);
  });
});
