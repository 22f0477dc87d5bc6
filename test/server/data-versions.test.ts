/**
 * Data versions: the database raises a scope's counter on every write to a table it covers, in
 * the same transaction, whatever code (or none) made the write; the caches built on them never
 * serve what a write has changed, even a write made straight in SQL as another app instance or a
 * repair script would make it. On PostgreSQL, concurrent writers to different tasks neither block
 * each other before commit nor deadlock over the counter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { campaigns, cases, portal, progress, tasks } from '@luoshi/contracts';
import { freshIp, startApp, unitId, type Client, type TestApp } from '../support/harness.ts';
import { allVersionsKey, scopes, versionKey } from '../../apps/server/src/platform/db/versions.ts';
import { SCOPED_TABLES } from '../../apps/server/src/platform/db/migrations/20261126T1300_create_data_versions.ts';
import { CASE_SCOPED_TABLES } from '../../apps/server/src/platform/db/migrations/20261126T1500_version_cases.ts';
import { PUBLIC_LIMITS } from '../../apps/server/src/modules/cases/routes.ts';

let t: TestApp;
let office: Client;
let campaignId: string;
let tree: any[];
let qianyou: string;
const db = () => t.services.db.kysely;

beforeAll(async () => {
  t = await startApp();
  office = await t.as('duchashi');
  campaignId = (await office.call(campaigns.listCampaigns)).body.items[0].id;
  tree = (await office.call(tasks.listTasks, { params: { id: campaignId } })).body.items;
  qianyou = await unitId(t, '乾佑镇');
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
    for (const { table } of [...SCOPED_TABLES, ...CASE_SCOPED_TABLES]) {
      if (t.services.db.dialect === 'postgres') expect(names).toContain(`luoshi_dv_${table}`);

      else for (const op of ['insert', 'update', 'delete']) expect(names).toContain(`dv_${table}_${op}`);
    }
  });
});

/** Two cases reported on the portal, routed to 乾佑镇: id, number, check code, category and owner unit. */
let made: { id: string; number: string; check_code: string; category_id: string; owner_unit_id: string }[] | undefined;
async function twoCases() {
  if (made) return made;
  const category = (await db().selectFrom('case_categories').select('id').where('code', '=', 'streetlight').executeTakeFirstOrThrow()).id;
  await office.call(cases.createRoutingRule, { body: { categoryId: category, regionId: null, unitId: await unitId(t, '乾佑镇') } });
  made = [];
  for (const content of ['乾佑镇幸福小区门口的路灯坏了好几天。', '乾佑镇中学路口的路灯一直不亮。']) {
    const r = await t.anon(freshIp()).call(portal.submitCase, { body: { categoryCode: 'streetlight', content, anonymous: true } });
    expect(r.status).toBe(200);
    const row = await db().selectFrom('cases').select(['id', 'number', 'check_code', 'category_id', 'owner_unit_id']).where('number', '=', r.body.number).executeTakeFirstOrThrow();
    made.push({ ...row, owner_unit_id: row.owner_unit_id! });
  }
  return made;
}

describe('data versions of cases', () => {
  it('a case’s row, events and decisions raise that case’s version and no other case’s; categories raise theirs', async () => {
    const [a, b] = await twoCases();
    const of = () => Promise.all([version(scopes.case(a!.id)), version(scopes.case(b!.id)), version(scopes.caseCategories)]);
    const steps: [string, () => Promise<unknown>, 'case' | 'other' | 'both' | 'categories'][] = [
      ['case row', () => sql`update cases set title = title where id = ${a!.id}`.execute(db()), 'case'],
      ['event insert', () => sql`insert into case_events (id, case_id, at, kind, note, public) values ('dv-ev', ${a!.id}, '2013-06-30T00:00:00.000Z', 'visit', '', 1)`.execute(db()), 'case'],
      ['event update', () => sql`update case_events set note = '走访' where id = 'dv-ev'`.execute(db()), 'case'],
      ['event delete', () => sql`delete from case_events where id = 'dv-ev'`.execute(db()), 'case'],
      ['decision insert', () => sql`insert into case_decisions (id, case_id, stage, decided_on, at, text) values ('dv-dec', ${a!.id}, 'reply', '2013-06-30', '2013-06-30T00:00:00.000Z', '答复')`.execute(db()), 'case'],
      ['decision update', () => sql`update case_decisions set text = '答复二' where id = 'dv-dec'`.execute(db()), 'case'],
      ['decision delete', () => sql`delete from case_decisions where id = 'dv-dec'`.execute(db()), 'case'],
      ['event moved to the other case', () => sql`insert into case_events (id, case_id, at, kind, note, public) values ('dv-ev3', ${b!.id}, '2013-06-30T00:00:00.000Z', 'visit', '', 1)`.execute(db()), 'other'],
      ['event moved back', () => sql`update case_events set case_id = ${a!.id} where id = 'dv-ev3'`.execute(db()), 'both'],
      ['category', () => sql`update case_categories set name = name where id = ${a!.category_id}`.execute(db()), 'categories'],
    ];
    for (const [what, step, raises] of steps) {
      const [va, vb, vc] = await of();
      await step();
      const [na, nb, nc] = await of();
      expect(na, what).toBe(raises === 'case' || raises === 'both' ? va + 1 : va);
      expect(nb, what).toBe(raises === 'other' || raises === 'both' ? vb + 1 : vb);
      expect(nc, what).toBe(raises === 'categories' ? vc + 1 : vc);
    }
  });

  it('on PostgreSQL a case written leaves no setting behind in the database session (a flag per case would pile up on a pooled connection)', async () => {
    if (t.services.db.dialect !== 'postgres') return;
    const [a] = await twoCases();
    const v = await version(scopes.case(a!.id));
    await db()
      .connection()
      .execute(async (c) => {
        await sql`update cases set title = title where id = ${a!.id}`.execute(c);
        const left = await sql<{ v: string | null }>`select current_setting('luoshi.dv_' || md5(${scopes.case(a!.id)}), true) as v`.execute(c);
        expect(left.rows[0]!.v).toBeNull();
      });
    expect(await version(scopes.case(a!.id))).toBe(v + 1);
  });

  it('the portal’s key over every scope leaves the per-case scopes out (a county has thousands)', async () => {
    const [a] = await twoCases();
    const before = await allVersionsKey(db());
    await sql`update cases set title = title where id = ${a!.id}`.execute(db());
    expect(await allVersionsKey(db())).toBe(before);
    expect(before).not.toContain('case:');
    // and every campaign's scopes and the global ones are in it
    const leaf = tree.find((x) => x.childCount === 0);
    for (const write of [sql`update tasks set title = title where id = ${leaf.id}`, sql`update tasks set light = light where id = ${leaf.id}`, sql`update units set name = name`, sql`update case_categories set name = name`]) {
      const k = await allVersionsKey(db());
      await write.execute(db());
      expect(await allVersionsKey(db())).not.toBe(k);
    }
    expect(await allVersionsKey(db())).toContain(`${scopes.tasks(campaignId)}=`);
  });
});

describe('caches built on them', () => {
  it('a case changed straight in the database shows at once in the office’s detail and the public look-up', async () => {
    const [a] = await twoCases();
    const lookup = async () => (await t.anon(freshIp()).call(portal.lookupCase, { body: { number: a!.number, code: a!.check_code } })).body;
    const detail = async () => (await office.call(cases.getCase, { params: { id: a!.id } })).body;
    // warm the caches
    const before = await detail();
    const publicBefore = await lookup();
    expect(await detail()).toEqual(before);
    expect(await lookup()).toEqual(publicBefore);
    await sql`update cases set title = ${'直改标题'} where id = ${a!.id}`.execute(db());
    expect((await detail()).title).toBe('直改标题');
    expect((await lookup()).title).toBe('直改标题');
    await sql`insert into case_events (id, case_id, at, kind, note, public) values ('dv-ev2', ${a!.id}, '2099-01-01T00:00:00.000Z', 'visit', '县领导走访测试', 1)`.execute(db());
    expect((await detail()).events.at(-1).note).toBe('县领导走访测试');
    expect((await lookup()).timeline.at(-1).note).toBe('县领导走访测试');
    await sql`insert into case_decisions (id, case_id, stage, decided_on, at, text) values ('dv-dec2', ${a!.id}, 'reply', '2099-01-01', '2099-01-01T00:00:00.000Z', '直改答复')`.execute(db());
    expect((await detail()).decisions.at(-1).text).toBe('直改答复');
    await sql`update case_categories set name = ${'直改分类'} where id = ${a!.category_id}`.execute(db());
    expect((await detail()).categoryName).toBe('直改分类');
    expect((await lookup()).categoryName).toBe('直改分类');
    await sql`update units set name = ${'直改单位'} where id = ${a!.owner_unit_id}`.execute(db());
    expect((await detail()).ownerUnitName).toBe('直改单位');
    expect((await lookup()).ownerUnitName).toBe('直改单位');
  });

  it('a cached case still checks each reader: the check code only for those who may see personal data, other units refused', async () => {
    const [row] = await twoCases();
    expect(row!.owner_unit_id).toBe(await unitId(t, '乾佑镇'));
    const read = async (username: string) => (await t.as(username)).call(cases.getCase, { params: { id: row!.id } });
    // the office warms the cache with its view; each reader after it gets its own
    expect((await office.call(cases.getCase, { params: { id: row!.id } })).body.checkCode).toBe(row!.check_code);
    expect((await read('qianyou.ll')).body.checkCode).toBeNull();
    expect((await read('qianyou.cb')).body.checkCode).toBe(row!.check_code);
    expect((await read('jiaotong.cb')).status).toBe(403);
    expect((await read('qianyou.ll')).body.checkCode).toBeNull();
  });

  it('a cached public view still needs the right code every time, and the per-address limit still counts', async () => {
    const [a] = await twoCases();
    const c = t.anon(freshIp());
    expect((await c.call(portal.lookupCase, { body: { number: a!.number, code: a!.check_code } })).status).toBe(200);
    const wrong = await c.call(portal.lookupCase, { body: { number: a!.number, code: 'ABCDEF' === a!.check_code ? 'ABCDEG' : 'ABCDEF' } });
    expect(wrong.status).toBe(404);
    for (let i = 2; i < PUBLIC_LIMITS.lookup.max; i++) expect((await c.call(portal.lookupCase, { body: { number: a!.number, code: a!.check_code } })).status).toBe(200);
    const over = await c.call(portal.lookupCase, { body: { number: a!.number, code: a!.check_code } });
    expect(over.status).toBe(429);
  });

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

  it('a report’s review changed straight in the database shows at once in the task’s report history (read with its versions in one statement)', async () => {
    const handler = await t.as('qianyou.cb', undefined, freshIp());
    const task = tree.find((x) => x.title.includes('完成征地拆迁'));
    const draft = (await handler.call(progress.createReport, { params: { id: task.id }, body: { narrative: '已完成 40 户', percent: 30 } })).body;
    expect((await handler.call(progress.submitReport, { params: { id: draft.id } })).status).toBe(200);
    const r = { id: draft.id as string, task_id: task.id as string };
    const before = (await office.call(progress.listReports, { params: { id: r.task_id } })).body.items;
    expect(before.map((x: any) => x.id)).toContain(r.id);
    await sql`update progress_reports set review_comment = ${'直接改库的意见'} where id = ${r.id}`.execute(db());
    const after = (await office.call(progress.listReports, { params: { id: r.task_id } })).body.items;
    expect(after.find((x: any) => x.id === r.id).reviewComment).toBe('直接改库的意见');
  });

  it('the office dashboard counts a task completed straight in the database at once (it reads the campaign with its versions in one statement)', async () => {
    const before = (await office.call(progress.dashboard, { params: { id: campaignId } })).body;
    const leaf = tree.find((x) => x.childCount === 0 && x.status !== 'completed');
    await sql`update tasks set status = ${'completed'}, progress = ${100} where id = ${leaf.id}`.execute(db());
    const after = (await office.call(progress.dashboard, { params: { id: campaignId } })).body;
    expect(after).not.toEqual(before);
    expect(JSON.stringify(after)).not.toBe(JSON.stringify(before));
  });

  it('a task page built from the cached tree shows a child renamed straight in the database at once (the page reads the tree version with the task)', async () => {
    const parent = tree.find((x) => x.childCount > 0);
    const child = tree.find((x) => x.parentId === parent.id);
    expect((await office.call(tasks.getTask, { params: { id: parent.id } })).body.children.map((c: any) => c.id)).toContain(child.id);
    await sql`update tasks set title = ${'子任务改名 ' + child.title} where id = ${child.id}`.execute(db());
    const page = (await office.call(tasks.getTask, { params: { id: parent.id } })).body;
    expect(page.children.find((c: any) => c.id === child.id).title).toBe('子任务改名 ' + child.title);
  });

  it('a post ended straight in the database takes the signed-in holder’s access away on the next request (the session reads the org version with itself)', async () => {
    const handler = await t.as('qianyou.cb', undefined, freshIp());
    const own = tree.find((x) => x.leadUnitId === qianyou && x.childCount === 0) ?? tree.find((x) => x.leadUnitId === qianyou);
    expect((await handler.call(tasks.getTask, { params: { id: own.id } })).status).toBe(200);
    const person = await db().selectFrom('users').select('person_id').where('username', '=', 'qianyou.cb').executeTakeFirstOrThrow();
    await sql`update post_terms set to_date = ${'2013-01-01'} where person_id = ${person.person_id} and to_date is null`.execute(db());
    expect((await handler.call(tasks.getTask, { params: { id: own.id } })).status).toBe(403);
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
