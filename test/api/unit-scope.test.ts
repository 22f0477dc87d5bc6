/**
 * Unit-scoped routes, own unit against foreign unit: plans, tasks, progress reports,
 * self-inspection, dashboards. A unit's staff work on their own unit's rows; another unit's
 * staff are refused (403) or simply do not see them. The permission matrix checks who may call
 * each route at all; this file checks which rows they reach.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, campaigns, progress, tasks } from '@luoshi/contracts';
import { freshIp, startApp, type Client, type TestApp } from '../support/harness.ts';
import { Fixtures } from '../support/routes.ts';
import { download, sheetValues } from '../support/sheets.ts';

let t: TestApp;
let f: Fixtures;
const clients = new Map<string, Client>();

async function clientFor(username: string): Promise<Client> {
  let c = clients.get(username);
  if (!c) {
    c = await t.as(username, undefined, freshIp());
    clients.set(username, c);
  }
  return c;
}
async function ok(r: Promise<{ status: number; body: any }>) {
  const res = await r;
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}
async function refused(r: Promise<{ status: number; body: any }>, code = 'FORBIDDEN') {
  const res = await r;
  expect([res.status, res.body?.error?.code], JSON.stringify(res.body)).toEqual([403, code]);
}
/** a leaf task of the demo campaign led by the unit with this short name, without 乾佑镇 cooperating */
async function foreignTask(short: string): Promise<string> {
  const db = t.services.db.kysely;
  const unit = await db.selectFrom('units').select('id').where('short_name', '=', short).executeTakeFirstOrThrow();
  const row = await db
    .selectFrom('tasks')
    .select('id')
    .where('campaign_id', '=', f.ids.campaign!)
    .where('lead_unit_id', '=', unit.id)
    .where('id', 'not in', db.selectFrom('tasks as c').select('c.parent_id').where('c.parent_id', 'is not', null).$castTo<string>())
    .where('id', 'not in', db.selectFrom('task_cooperators').select('task_id').where('unit_id', '=', f.ids.qianyou!))
    .where('status', 'not in', ['completed', 'cancelled'])
    .executeTakeFirstOrThrow();
  return row.id;
}

beforeAll(async () => {
  t = await startApp();
  f = await Fixtures.create(t);
});
afterAll(async () => t?.close());

describe('unit-scoped plans and tasks: own unit against foreign unit', () => {
  const planOf = (unit: string) => ({ params: { id: f.ids.campaign!, unitId: unit } });
  const draft = { organisation: '镇执行年活动办公室', goals: ['按期完成'] };

  it('a handler of 乾佑镇 reads and drafts the plan of 乾佑镇 but not that of 营盘镇', async () => {
    await f.plan('editable');
    const c = await clientFor('qianyou.cb');
    expect((await c.call(campaigns.getUnitPlan, planOf(f.ids.qianyou!))).status).toBe(200);
    const saved = await c.call(campaigns.saveUnitPlan, { ...planOf(f.ids.qianyou!), body: draft });
    expect(saved.status).toBe(200);
    expect(saved.body.status).toBe('draft');
    const office = await clientFor('duchashi');
    const foreignBefore = (await office.call(campaigns.getUnitPlan, planOf(f.ids.yingpan!))).body;
    const read = await c.call(campaigns.getUnitPlan, planOf(f.ids.yingpan!));
    const write = await c.call(campaigns.saveUnitPlan, { ...planOf(f.ids.yingpan!), body: draft });
    expect([read.status, read.body.error.code, write.status, write.body.error.code]).toEqual([403, 'FORBIDDEN', 403, 'FORBIDDEN']);
    expect((await office.call(campaigns.getUnitPlan, planOf(f.ids.yingpan!))).body).toEqual(foreignBefore);
  });

  it('only the principal of 乾佑镇 submits its plan, and not the plan of another town', async () => {
    await f.plan('draft');
    const handler = await clientFor('qianyou.cb');
    const principal = await clientFor('qianyou');
    const byHandler = await handler.call(campaigns.submitUnitPlan, planOf(f.ids.qianyou!));
    expect([byHandler.status, byHandler.body.error.code]).toEqual([403, 'FORBIDDEN']);
    const foreign = await principal.call(campaigns.submitUnitPlan, planOf(f.ids.yingpan!));
    expect([foreign.status, foreign.body.error.code]).toEqual([403, 'FORBIDDEN']);
    expect(await f.planStatus()).toBe('draft');
    const own = await principal.call(campaigns.submitUnitPlan, planOf(f.ids.qianyou!));
    expect(own.status).toBe(200);
    expect(own.body.status).toBe('submitted');
  });

  it('a deputy county head reads the plans of the units in his charge and no others', async () => {
    const c = await clientFor('fuxianzhang');
    const me = (await c.call(auth.session)).body.user;
    expect(me.chargedUnitIds).toContain(f.ids.jiaotong);
    expect(me.chargedUnitIds).not.toContain(f.ids.qianyou);
    expect((await c.call(campaigns.getUnitPlan, planOf(f.ids.jiaotong!))).status).toBe(200);
    expect((await c.call(campaigns.getUnitPlan, planOf(f.ids.qianyou!))).status).toBe(403);
  });

  it('a handler of 乾佑镇 opens tasks 乾佑镇 leads or cooperates on, and not a task of 住建局 alone', async () => {
    const db = t.services.db.kysely;
    const coop = await db
      .selectFrom('task_cooperators')
      .innerJoin('tasks', 'tasks.id', 'task_cooperators.task_id')
      .select('tasks.id')
      .where('task_cooperators.unit_id', '=', f.ids.qianyou!)
      .where('tasks.campaign_id', '=', f.ids.campaign!)
      .executeTakeFirstOrThrow();
    const zhujian = await db.selectFrom('units').select('id').where('short_name', '=', '住建局').executeTakeFirstOrThrow();
    const foreign = await db
      .selectFrom('tasks')
      .select('id')
      .where('lead_unit_id', '=', zhujian.id)
      .where('id', 'not in', db.selectFrom('task_cooperators').select('task_id').where('unit_id', '=', f.ids.qianyou!))
      .executeTakeFirstOrThrow();
    const c = await clientFor('qianyou.cb');
    expect((await c.call(tasks.getTask, { params: { id: f.ids.qianyouTask! } })).status).toBe(200);
    expect((await c.call(tasks.getTask, { params: { id: coop.id } })).status).toBe(200);
    const denied = await c.call(tasks.getTask, { params: { id: foreign.id } });
    expect([denied.status, denied.body.error.code]).toEqual([403, 'FORBIDDEN']);
    expect((await (await clientFor('duchashi')).call(tasks.getTask, { params: { id: foreign.id } })).status).toBe(200);
  });

  it('the task list of a unit handler holds only tasks of that unit (ancestors shown for context only)', async () => {
    const all = (await (await clientFor('duchashi')).call(tasks.listTasks, { params: { id: f.ids.campaign! } })).body.items;
    for (const [role, unit] of [
      ['qianyou.cb', f.ids.qianyou!],
      ['jiaotong.cb', f.ids.jiaotong!],
    ] as const) {
      const mine = (await (await clientFor(role)).call(tasks.listTasks, { params: { id: f.ids.campaign! } })).body.items as {
        id: string;
        match: boolean;
        leadUnitId: string | null;
        cooperatingUnitIds: string[];
      }[];
      const matched = mine.filter((r) => r.match);
      expect(matched.length, role).toBeGreaterThan(0);
      expect(matched.length, role).toBeLessThan(all.length);
      for (const r of matched) expect([r.leadUnitId, ...r.cooperatingUnitIds], `${role} ${r.id}`).toContain(unit);
      const expected = all.filter((r: { leadUnitId: string; cooperatingUnitIds: string[] }) => [r.leadUnitId, ...r.cooperatingUnitIds].includes(unit));
      expect(matched.map((r) => r.id).sort(), role).toEqual(expected.map((r: { id: string }) => r.id).sort());
    }
  });
});

describe('progress: own unit against foreign unit', () => {
  const report = { narrative: '已完成 30 户征地', percent: 30 };

  it('乾佑镇’s staff report on their task; another unit’s staff cannot touch it, and a draft stays inside its unit', async () => {
    const mine = await ok((await clientFor('qianyou.cb')).call(progress.createReport, { params: { id: f.ids.task! }, body: report }));
    expect([mine.status, mine.unitId]).toEqual(['draft', f.ids.qianyou]);
    const other = await clientFor('jiaotong.cb');
    await refused(other.call(progress.createReport, { params: { id: f.ids.task! }, body: report }));
    await refused(other.call(progress.updateDraft, { params: { id: mine.id }, body: report }));
    await refused(other.call(progress.submitReport, { params: { id: mine.id } }));
    await refused(other.call(progress.listReports, { params: { id: f.ids.task! } }));
    await refused((await clientFor('qianyou.cb')).call(progress.createReport, { params: { id: await foreignTask('住建局') }, body: report }));
    const ids = async (username: string) => (await ok((await clientFor(username)).call(progress.listReports, { params: { id: f.ids.task! } }))).items.map((r: { id: string }) => r.id);
    expect(await ids('qianyou')).toContain(mine.id);
    expect(await ids('duchashi')).not.toContain(mine.id);
    expect((await t.services.db.kysely.selectFrom('progress_reports').select('status').where('id', '=', mine.id).executeTakeFirstOrThrow()).status).toBe('draft');
  });

  it('a report is confirmed by a leader of its own unit, not by another unit’s principal, and never by its author', async () => {
    const pending = await f.report('pending');
    await refused((await clientFor('jiaotong')).call(progress.confirmReport, { params: { id: pending } }));
    await refused((await clientFor('qianyou.cb')).call(progress.confirmReport, { params: { id: pending } }));
    expect((await ok((await clientFor('qianyou')).call(progress.confirmReport, { params: { id: pending } }))).status).toBe('submitted');
    const deputy = await clientFor('qianyou.fz');
    const own = await ok(deputy.call(progress.createReport, { params: { id: f.ids.confirmTask! }, body: report }));
    expect((await ok(deputy.call(progress.submitReport, { params: { id: own.id } }))).status).toBe('pending_confirmation');
    await refused(deputy.call(progress.confirmReport, { params: { id: own.id } }), 'SELF_APPROVAL');
  });

  it('only the reporting unit corrects a report, and the correction is a new version in the same chain', async () => {
    const submitted = await f.report('submitted');
    await refused((await clientFor('jiaotong.cb')).call(progress.correctReport, { params: { id: submitted }, body: report }));
    const v2 = await ok((await clientFor('qianyou')).call(progress.correctReport, { params: { id: submitted }, body: { ...report, percent: 35 } }));
    expect(v2).toMatchObject({ chainId: submitted, version: 2, status: 'draft', percent: 35, unitId: f.ids.qianyou });
  });

  it('self-inspection: a unit rates its own tasks only, and another unit cannot read the ratings', async () => {
    const body = { period: '2013-05', rating: 'fair', comment: '进度略慢' };
    const rated = await ok((await clientFor('qianyou.cb')).call(progress.addSelfInspection, { params: { id: f.ids.task! }, body }));
    expect(rated.unitId).toBe(f.ids.qianyou);
    await refused((await clientFor('qianyou.cb')).call(progress.addSelfInspection, { params: { id: await foreignTask('住建局') }, body }));
    await refused((await clientFor('jiaotong.cb')).call(progress.listSelfInspections, { params: { id: f.ids.task! } }));
    const list = await ok((await clientFor('qianyou')).call(progress.listSelfInspections, { params: { id: f.ids.task! } }));
    expect(list.items.map((s: { id: string }) => s.id)).toContain(rated.id);
  });

  it('the dashboard of a town handler counts exactly the tasks the town leads or cooperates on', async () => {
    const all = (await ok((await clientFor('duchashi')).call(tasks.listTasks, { params: { id: f.ids.campaign! } }))).items as {
      id: string;
      childCount: number;
      leadUnitId: string | null;
      leadUnitName: string | null;
      cooperatingUnitIds: string[];
    }[];
    const leaves = all.filter((r) => r.childCount === 0);
    const ours = leaves.filter((r) => [r.leadUnitId, ...r.cooperatingUnitIds].includes(f.ids.qianyou!));
    expect(ours.length).toBeGreaterThan(0);
    const board = await ok((await clientFor('qianyou.cb')).call(progress.dashboard, { params: { id: f.ids.campaign! } }));
    const officeBoard = await ok((await clientFor('duchashi')).call(progress.dashboard, { params: { id: f.ids.campaign! } }));
    expect(board.totals.total).toBe(ours.length);
    expect(officeBoard.totals.total).toBe(leaves.length);
    const names = new Set(ours.map((r) => r.leadUnitName));
    for (const g of board.byUnit) expect(names.has(g.name), g.name).toBe(true);
  });

  it('daily tracking shows a transport report to the transport bureau and the office, not to 乾佑镇', async () => {
    const road = await foreignTask('交通局');
    const jt = await clientFor('jiaotong.cb');
    const r = await ok(jt.call(progress.createReport, { params: { id: road }, body: { narrative: '路基完成一半', percent: 50 } }));
    await ok(jt.call(progress.submitReport, { params: { id: r.id } }));
    const seen = async (username: string) =>
      (await ok((await clientFor(username)).call(progress.dailyTracking, { params: { id: f.ids.campaign! } }))).reports.some((x: { id: string }) => x.id === r.id);
    expect([await seen('jiaotong.cb'), await seen('duchashi'), await seen('qianyou.cb')]).toEqual([true, true, false]);
  });
});

describe('the task sheet: own unit against foreign unit', () => {
  it('the sheet a town handler exports holds the town’s tasks and not a task of 住建局 alone; the office’s holds both', async () => {
    const db = t.services.db.kysely;
    const title = async (id: string) => (await db.selectFrom('tasks').select('title').where('id', '=', id).executeTakeFirstOrThrow()).title;
    const [own, foreign] = [await title(f.ids.qianyouTask!), await title(await foreignTask('住建局'))];
    const cells = async (username: string) => {
      const r = await download(t, await clientFor(username), `/api/v1/campaigns/${f.ids.campaign}/tasks/export.xlsx`);
      expect(r.status).toBe(200);
      return new Set((await sheetValues(r.file)).flat().map(String));
    };
    const town = await cells('qianyou.cb');
    const office = await cells('duchashi');
    expect([town.has(own), town.has(foreign)]).toEqual([true, false]);
    expect([office.has(own), office.has(foreign)]).toEqual([true, true]);
  });
});
