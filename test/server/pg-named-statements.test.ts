/**
 * On PostgreSQL the queries on nearly every request's path (prepared.ts: the session, the data
 * versions, a task by id) are named statements, parsed and planned once per connection; every
 * other query stays unnamed, so a connection never piles up statements.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { campaigns, tasks } from '@luoshi/contracts';
import { startApp, type Client, type TestApp } from '../support/harness.ts';
import { testDbKind } from '../support/db.ts';
import { readConfig } from '../../apps/server/src/platform/config.ts';

let t: TestApp;
let office: Client;

describe.runIf(testDbKind() === 'postgres')('named statements on PostgreSQL', () => {
  beforeAll(async () => {
    // one connection, so the statements it prepared are the ones this test can see
    t = await startApp({ pgPoolSize: 1 });
    office = await t.as('duchashi');
  });
  afterAll(async () => t?.close());

  const named = async () =>
    (await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements where name like 'luoshi_%'`.execute(t.services.db.kysely)).rows;

  it('the session and a task page run as named statements, prepared once however often they run', async () => {
    const campaignId = (await office.call(campaigns.listCampaigns)).body.items[0].id;
    const tree = (await office.call(tasks.listTasks, { params: { id: campaignId } })).body.items;
    for (let i = 0; i < 5; i++) expect((await office.call(tasks.getTask, { params: { id: tree[0].id } })).status).toBe(200);
    const first = await named();
    expect(first.some((s) => s.statement.includes('from "sessions"'))).toBe(true);
    expect(first.some((s) => s.statement.includes('from "tasks"') && s.statement.includes('"tasks_version"'))).toBe(true);
    // the same requests again prepare nothing new
    for (let i = 0; i < 5; i++) expect((await office.call(tasks.getTask, { params: { id: tree[i % tree.length].id } })).status).toBe(200);
    expect((await named()).map((s) => s.name).sort()).toEqual(first.map((s) => s.name).sort());
  });

  it('other queries stay unnamed: many different ones leave no statement behind', async () => {
    const before = (await named()).length;
    for (let i = 0; i < 30; i++) await sql`select ${i}::int + ${i % 7}::int as n, ${`x${i}`} as s`.execute(t.services.db.kysely);
    const all = (await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements`.execute(t.services.db.kysely)).rows[0]!.n;
    expect((await named()).length).toBe(before);
    expect(all).toBe(before);
  });
});

describe('the PostgreSQL pool size (LUOSHI_PG_POOL)', () => {
  it('is 10 by default, a whole number from 1 to 200 when set, and refused otherwise before anything starts', () => {
    expect(readConfig({}).pgPoolSize).toBe(10);
    expect(readConfig({ LUOSHI_PG_POOL: '25' }).pgPoolSize).toBe(25);
    for (const bad of ['0', '201', '2.5', 'many', '-3']) expect(() => readConfig({ LUOSHI_PG_POOL: bad }), bad).toThrow(/LUOSHI_PG_POOL/);
  });
});
