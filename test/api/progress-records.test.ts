/**
 * What reports leave behind stays put (R-PROG-1, SPEC §11 fill once): a task with reports cannot
 * be deleted, editing a task's indicators keeps the actuals reports recorded, a report names its
 * author. The dashboard and the task tree count the same way, so a chart's number is the number of
 * tasks its link lists (R-PROG-3). County leaders see the plan overview.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, campaigns, progress, tasks } from '@luoshi/contracts';
import { startApp, type Client, type TestApp } from '../support/harness.ts';

let t: TestApp;
let office: Client;
let handler: Client;
let campaignId: string;
let tree: any[];
const byTitle = (title: string) => tree.find((x) => x.title === title);
const matched = (items: { match: boolean }[]) => items.filter((r) => r.match).length;

beforeAll(async () => {
  t = await startApp({ now: '2013-05-10T02:00:00.000Z' });
  office = await t.as('duchashi');
  handler = await t.as('qianyou.cb');
  campaignId = (await office.call(campaigns.listCampaigns)).body.items[0].id;
  tree = (await office.call(tasks.listTasks, { params: { id: campaignId } })).body.items;
});
afterAll(async () => t?.close());

/** A task of 乾佑镇 with two indicators, and a submitted report with actuals for both. */
async function reportedTask() {
  const parent = byTitle('开展项目建设推进年活动');
  const created = await office.call(tasks.createTask, {
    params: { id: campaignId },
    body: {
      parentId: parent.id,
      nodeType: 'task',
      title: `安置房建设 ${Math.random().toString(36).slice(2, 7)}`,
      plannedStart: '2013-04-01',
      plannedEnd: '2013-10-31',
      leadUnitId: byTitle('完成征地拆迁').leadUnitId,
      indicators: [
        { name: '签约户数', unit: '户', target: 120 },
        { name: '开工面积', unit: '平方米', target: 5000 },
      ],
    },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  const [households, area] = created.body.indicators;
  const draft = await handler.call(progress.createReport, {
    params: { id: created.body.id },
    body: { narrative: '签约 52 户,开工 1200 平方米', percent: 30, indicatorActuals: [{ indicatorId: households.id, actual: 52 }, { indicatorId: area.id, actual: 1200 }] },
  });
  expect(draft.status, JSON.stringify(draft.body)).toBe(200);
  expect((await handler.call(progress.submitReport, { params: { id: draft.body.id } })).status).toBe(200);
  const task = (await office.call(tasks.getTask, { params: { id: created.body.id } })).body;
  expect(task.indicators.map((i: any) => i.actual)).toEqual([52, 1200]);
  return { task, reportId: draft.body.id as string, households, area };
}

describe('what reports leave behind', () => {
  it('a task with reports cannot be deleted: 409 IN_USE saying why, in both languages; nothing is removed', async () => {
    const { task } = await reportedTask();
    const r = await office.call(tasks.deleteTask, { params: { id: task.id } });
    expect([r.status, r.body.error.code]).toEqual([409, 'IN_USE']);
    expect(r.body.error.issues[0].message).toContain('进度填报');
    const en = await office.call(tasks.deleteTask, { params: { id: task.id }, headers: { 'accept-language': 'en' } });
    expect(en.body.error.issues[0].message).toContain('progress reports');
    expect((await office.call(tasks.getTask, { params: { id: task.id } })).status).toBe(200);
    expect((await handler.call(progress.listReports, { params: { id: task.id } })).body.items).toHaveLength(1);
  });

  it('editing the indicators keeps each one’s id and reported actual (renamed by id, matched by name); a new one starts empty; a dropped one goes', async () => {
    const { task, households, area, reportId } = await reportedTask();
    const r = await office.call(tasks.updateTask, {
      params: { id: task.id },
      body: {
        rowVersion: task.rowVersion,
        indicators: [
          { name: '开工面积', unit: '平方米', target: 6000 },
          { id: households.id, name: '签约户数(户)', unit: '户', target: 130 },
          { name: '竣工套数', unit: '套', target: 80 },
        ],
      },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.indicators.map((i: any) => [i.name, i.target, i.actual])).toEqual([
      ['开工面积', 6000, 1200],
      ['签约户数(户)', 130, 52],
      ['竣工套数', 80, null],
    ]);
    expect(r.body.indicators[0].id).toBe(area.id);
    expect(r.body.indicators[1].id).toBe(households.id);
    // the report's figures, in the order reported, still name their indicators
    const [report] = (await office.call(progress.listReports, { params: { id: task.id } })).body.items;
    expect(report.id).toBe(reportId);
    expect(report.indicatorActuals.map((a: any) => [a.name, a.actual])).toEqual([
      ['签约户数(户)', 52],
      ['开工面积', 1200],
    ]);
    // dropping one removes it; an id that is not this task's is refused
    const again = await office.call(tasks.updateTask, { params: { id: task.id }, body: { rowVersion: r.body.rowVersion, indicators: [{ id: area.id, name: '开工面积', unit: '平方米', target: 6000 }] } });
    expect(again.body.indicators.map((i: any) => [i.id, i.actual])).toEqual([[area.id, 1200]]);
    const foreign = await office.call(tasks.updateTask, { params: { id: task.id }, body: { rowVersion: again.body.rowVersion, indicators: [{ id: households.id, name: 'x' }] } });
    expect([foreign.status, foreign.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('a report names its author by user and name', async () => {
    const { task } = await reportedTask();
    const [report] = (await office.call(progress.listReports, { params: { id: task.id } })).body.items;
    const me = (await handler.call(auth.session)).body;
    expect(report.authorUserId).toBe(me.user.userId);
    expect(report.authorName).toBe(me.user.displayName);
  });
});

describe('the dashboard and the task tree count alike', () => {
  const list = async (c: Client, query: Record<string, string>) => {
    const r = await c.call(tasks.listTasks, { params: { id: campaignId }, query: { leaves: 'true', ...query } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return matched(r.body.items);
  };

  for (const username of ['duchashi', 'qianyou']) {
    it(`every number of ${username}’s dashboard is the number of tasks its link lists`, async () => {
      const c = username === 'duchashi' ? office : await t.as(username);
      const d = (await c.call(progress.dashboard, { params: { id: campaignId } })).body;
      expect(d.totals.total).toBeGreaterThan(0);
      expect(await list(c, {})).toBe(d.totals.total);
      for (const light of ['green', 'yellow', 'red', 'done', 'none'] as const) expect(await list(c, { light }), light).toBe(d.totals[light]);
      for (const g of d.byUnit) {
        expect(await list(c, { unitId: g.key, unitRole: 'lead' }), g.name).toBe(g.counts.total);
        expect(await list(c, { unitId: g.key, unitRole: 'lead', light: 'red' }), g.name).toBe(g.counts.red);
      }
      for (const g of d.byStream) {
        expect(await list(c, { streamKey: g.key }), g.name).toBe(g.counts.total);
        expect(await list(c, { streamKey: g.key, light: 'yellow' }), g.name).toBe(g.counts.yellow);
      }
      for (const g of d.byLeader) expect(await list(c, { leaderId: g.key }), g.name).toBe(g.counts.total);
    });
  }

  it('a unit’s dashboard counts reports awaiting review of its own tasks only', async () => {
    await reportedTask(); // 乾佑镇's report awaits review
    const all = (await office.call(progress.dashboard, { params: { id: campaignId } })).body.awaitingReview;
    const other = await t.as('jiaotong.cb');
    const own = (await other.call(progress.dashboard, { params: { id: campaignId } })).body.awaitingReview;
    expect(all).toBeGreaterThan(0);
    expect(own).toBeLessThan(all);
    const qianyou = (await handler.call(progress.dashboard, { params: { id: campaignId } })).body.awaitingReview;
    expect(qianyou).toBeGreaterThan(0);
  });
});

describe('the plan overview', () => {
  it('the county head sees every unit, a deputy county head the units in his charge, a unit’s staff not at all', async () => {
    const all = await office.call(campaigns.planOverview, { params: { id: campaignId } });
    expect(all.status).toBe(200);
    const head = await (await t.as('xianzhang')).call(campaigns.planOverview, { params: { id: campaignId } });
    expect(head.status).toBe(200);
    expect(head.body.items.map((i: any) => i.unitId)).toEqual(all.body.items.map((i: any) => i.unitId));
    const deputyClient = await t.as('fuxianzhang');
    const deputy = await deputyClient.call(campaigns.planOverview, { params: { id: campaignId } });
    expect(deputy.status).toBe(200);
    const charged = (await deputyClient.call(auth.session)).body.user.chargedUnitIds as string[];
    expect(charged.length).toBeGreaterThan(0);
    expect(deputy.body.items.map((i: any) => i.unitId).sort()).toEqual(all.body.items.map((i: any) => i.unitId).filter((u: string) => charged.includes(u)).sort());
    expect((await handler.call(campaigns.planOverview, { params: { id: campaignId } })).status).toBe(403);
  });
});
