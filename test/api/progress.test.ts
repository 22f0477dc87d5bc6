import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaigns, progress, tasks } from '@luoshi/contracts';
import { runSweep } from '../../apps/server/src/modules/sweep/sweep.ts';
import { startApp, type Client, type TestApp } from '../support/harness.ts';

let t: TestApp;
let office: Client;
let handler: Client;
let campaignId: string;
let tree: any[];
const byTitle = (title: string) => tree.find((x) => x.title === title);

beforeAll(async () => {
  t = await startApp({ now: '2013-05-10T02:00:00.000Z' });
  office = await t.as('duchashi');
  handler = await t.as('qianyou.cb');
  campaignId = (await office.call(campaigns.listCampaigns)).body.items[0].id;
  tree = (await office.call(tasks.listTasks, { params: { id: campaignId } })).body.items;
});
afterAll(async () => t?.close());

describe('progress reports: fill once, never edited in place (R-PROG-1)', () => {
  it('a handler drafts, edits the draft, submits; the task shows the reported progress everywhere', async () => {
    const task = byTitle('完成征地拆迁'); // led by 乾佑镇
    const draft = await handler.call(progress.createReport, { params: { id: task.id }, body: { narrative: '已完成 40 户', percent: 30 } });
    expect(draft.status).toBe(200);
    expect(draft.body.status).toBe('draft');
    const edited = await handler.call(progress.updateDraft, { params: { id: draft.body.id }, body: { narrative: '已完成 52 户签约', percent: 40 } });
    expect(edited.body.narrative).toBe('已完成 52 户签约');
    const sub = await handler.call(progress.submitReport, { params: { id: draft.body.id } });
    expect(sub.body.status).toBe('submitted');
    const again = await handler.call(progress.updateDraft, { params: { id: draft.body.id }, body: { narrative: '改', percent: 90 } });
    expect(again.status).toBe(409);
    const detail = (await office.call(tasks.getTask, { params: { id: task.id } })).body;
    expect(detail.progress).toBe(40);
    expect(detail.status).toBe('in_progress');
    expect(detail.actualStart).toBe('2013-05-10');
    const parent = (await office.call(tasks.getTask, { params: { id: detail.parentId } })).body;
    const row = parent.working.find((w: any) => w.id === task.id);
    expect(row.progress).toBe(40);
  });

  it('the office returns with reasons; the handler is told; her correction is version 2 showing what changed; accepted', async () => {
    const task = byTitle('完成征地拆迁');
    const [current] = (await office.call(progress.listReports, { params: { id: task.id } })).body.items;
    const noReason = await office.call(progress.reviewReport, { params: { id: current.id }, body: { decision: 'return' } });
    expect(noReason.status).toBe(400);
    const ret = await office.call(progress.reviewReport, { params: { id: current.id }, body: { decision: 'return', comment: '请补充签约台账照片' } });
    expect(ret.body.status).toBe('returned');
    const reverted = (await office.call(tasks.getTask, { params: { id: task.id } })).body;
    expect(reverted.progress).toBe(0);
    const inbox = (await handler.call(progress.listNotifications)).body;
    expect(inbox.items[0].title).toContain('进度填报被退回');
    expect(inbox.items[0].body).toBe('请补充签约台账照片');
    const fix = await handler.call(progress.correctReport, { params: { id: current.id }, body: { narrative: '已完成 52 户签约,附台账', percent: 45 } });
    expect(fix.body.version).toBe(2);
    expect(fix.body.changes.map((c: any) => c.field).sort()).toEqual(['narrative', 'percent']);
    await handler.call(progress.submitReport, { params: { id: fix.body.id } });
    const all = (await office.call(progress.listReports, { params: { id: task.id } })).body.items;
    expect(all.map((r: any) => [r.version, r.status])).toEqual([
      [2, 'submitted'],
      [1, 'superseded'],
    ]);
    const ok = await office.call(progress.reviewReport, { params: { id: fix.body.id }, body: { decision: 'accept' } });
    expect(ok.body.status).toBe('accepted');
    expect((await office.call(tasks.getTask, { params: { id: task.id } })).body.progress).toBe(45);
  });

  it('indicator actuals flow into the task; an accepted completion claim makes the task 办结', async () => {
    const kinder = byTitle('新建乾佑镇中心幼儿园'); // led by 教体局, 乾佑镇 cooperates
    const d = (await office.call(tasks.getTask, { params: { id: kinder.id } })).body;
    const ind = d.indicators[0];
    const r = await handler.call(progress.createReport, {
      params: { id: kinder.id },
      body: { narrative: '幼儿园建成投用', percent: 100, indicatorActuals: [{ indicatorId: ind.id, actual: 360 }], completionClaim: true },
    });
    expect(r.body.unitName).toBe('乾佑镇人民政府');
    await handler.call(progress.submitReport, { params: { id: r.body.id } });
    expect((await office.call(tasks.getTask, { params: { id: kinder.id } })).body.indicators[0].actual).toBe(360);
    const queue = (await office.call(progress.reviewQueue, { params: { id: campaignId } })).body.items;
    expect(queue.map((q: any) => q.taskTitle)).toContain('新建乾佑镇中心幼儿园');
    await office.call(progress.reviewReport, { params: { id: r.body.id }, body: { decision: 'accept', comment: '验收合格' } });
    const done = (await office.call(tasks.getTask, { params: { id: kinder.id } })).body;
    expect(done.status).toBe('completed');
    expect(done.light).toBe('done');
    expect(done.actualEnd).toBe('2013-05-10');
    const late = await handler.call(progress.createReport, { params: { id: kinder.id }, body: { narrative: 'x', percent: 100 } });
    expect(late.status).toBe(409);
  });

  it('a unit cannot report on another unit’s task, nor review; an indicator of another task is refused', async () => {
    const heat = byTitle('县城集中供热工程');
    const denied = await handler.call(progress.createReport, { params: { id: heat.id }, body: { narrative: 'x', percent: 1 } });
    expect(denied.status).toBe(403);
    const task = byTitle('完成征地拆迁');
    const heatDetail = (await office.call(tasks.getTask, { params: { id: heat.id } })).body;
    const wrong = await handler.call(progress.createReport, {
      params: { id: task.id },
      body: { narrative: 'x', percent: 50, indicatorActuals: [{ indicatorId: heatDetail.indicators[0].id, actual: 1 }] },
    });
    expect(wrong.status).toBe(400);
    const [mine] = (await handler.call(progress.listReports, { params: { id: task.id } })).body.items;
    expect((await handler.call(progress.reviewReport, { params: { id: mine.id }, body: { decision: 'accept' } })).status).toBe(403);
  });

  it('when the policy requires it, the unit’s deputy confirms before the office sees the report; the author cannot confirm', async () => {
    const versions = (await office.call(campaigns.listPolicyVersions, { params: { id: campaignId } })).body.items;
    const p = versions.at(-1).policy;
    await office.call(campaigns.addPolicyVersion, {
      params: { id: campaignId },
      body: { effectiveFrom: '2013-05-01', policy: { ...p, approval: { ...p.approval, reportConfirmation: 'deputy' } } },
    });
    const task = byTitle('城区环境卫生综合整治'); // 乾佑镇 cooperates
    const r = await handler.call(progress.createReport, { params: { id: task.id }, body: { narrative: '清理垃圾 30 吨', percent: 20 } });
    const sub = await handler.call(progress.submitReport, { params: { id: r.body.id } });
    expect(sub.body.status).toBe('pending_confirmation');
    expect((await office.call(tasks.getTask, { params: { id: task.id } })).body.progress).toBe(0);
    expect((await handler.call(progress.confirmReport, { params: { id: r.body.id } })).status).toBe(403);
    const deputy = await t.as('qianyou.fz');
    expect((await deputy.call(progress.listNotifications)).body.items.some((n: any) => n.kind === 'report.confirm')).toBe(true);
    const ok = await deputy.call(progress.confirmReport, { params: { id: r.body.id } });
    expect(ok.body.status).toBe('submitted');
    expect(ok.body.confirmedBy).toBeTruthy();
    expect((await office.call(tasks.getTask, { params: { id: task.id } })).body.progress).toBe(20);
  });

  it('every report change writes its audit entry; a refused submission writes none', async () => {
    const count = async () => Number((await t.services.db.kysely.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('entity_type', '=', 'report').executeTakeFirst())!.n);
    const before = await count();
    const task = byTitle('化解信访积案和矛盾纠纷');
    const r = await handler.call(progress.createReport, { params: { id: task.id }, body: { narrative: '化解 3 件', percent: 15 } });
    await handler.call(progress.submitReport, { params: { id: r.body.id } });
    expect(await count()).toBe(before + 2);
    const bad = await handler.call(progress.submitReport, { params: { id: r.body.id } });
    expect(bad.status).toBe(409);
    expect(await count()).toBe(before + 2);
  });
});

describe('self-inspection, lights, dashboard and daily tracking', () => {
  it('a unit rates its own task once per period; a foreign unit cannot', async () => {
    const task = byTitle('完成征地拆迁');
    const r = await handler.call(progress.addSelfInspection, { params: { id: task.id }, body: { period: '2013-05', rating: 'fair', comment: '签约进度偏慢' } });
    expect(r.status).toBe(200);
    expect((await handler.call(progress.addSelfInspection, { params: { id: task.id }, body: { period: '2013-05', rating: 'good' } })).status).toBe(409);
    const other = await t.as('jiaotong.cb');
    const heat = byTitle('县城集中供热工程');
    expect((await other.call(progress.addSelfInspection, { params: { id: heat.id }, body: { period: '2013-05', rating: 'good' } })).status).toBe(403);
    expect((await handler.call(progress.listSelfInspections, { params: { id: task.id } })).body.items[0].rating).toBe('fair');
  });

  it('every row carries its light and the rule that set it', async () => {
    t.clock.set('2013-07-05T02:00:00Z');
    const o = await t.as('duchashi');
    const rows = (await o.call(tasks.listTasks, { params: { id: campaignId }, query: { includeAncestors: 'false' } })).body.items;
    const landing = rows.find((x: any) => x.title === '完成征地拆迁'); // due 30 June at 45%
    expect(landing.light).toBe('red');
    expect(landing.lightRule).toBe('overdue');
    expect(landing.lightText.zh).toBe('已逾期 5 天');
    const reds = (await o.call(tasks.listTasks, { params: { id: campaignId }, query: { includeAncestors: 'false', light: 'red' } })).body.items;
    expect(reds.every((x: any) => x.light === 'red')).toBe(true);
    expect(reds.length).toBeGreaterThan(0);
  });

  it('the dashboard counts leaves by unit, stream and leader, and lists the overdue', async () => {
    const o = await t.as('duchashi');
    const d = (await o.call(progress.dashboard, { params: { id: campaignId } })).body;
    expect(d.date).toBe('2013-07-05');
    const { green, yellow, red, done, none } = d.totals;
    expect(green + yellow + red + done + none).toBe(d.totals.total);
    expect(d.totals.done).toBe(1);
    expect(d.overdue.map((x: any) => x.title)).toContain('完成征地拆迁');
    expect(d.byStream.map((s: any) => s.name)).toContain('四个十工程攻坚战');
    const town = d.byUnit.find((u: any) => u.name === '乾佑镇人民政府');
    expect(town.counts.total).toBeGreaterThan(0);
    expect(d.byLeader.length).toBeGreaterThan(0);
    expect(d.trend).toHaveLength(30);
    // a town handler's dashboard covers only her unit's work
    const h = await t.as('qianyou.cb');
    const mine = (await h.call(progress.dashboard, { params: { id: campaignId } })).body;
    expect(mine.totals.total).toBeLessThan(d.totals.total);
    expect(mine.byUnit.every((u: any) => ['乾佑镇人民政府', '柞水县教育体育局', '柞水县住房和城乡建设局', '柞水县交通运输局', '柞水县水务局', '柞水县信访局'].includes(u.name))).toBe(true);
  });

  it('the sweep records light changes once and reminds the handler 3 days before a due date, once', async () => {
    t.clock.set('2013-10-28T01:00:00Z'); // 路基工程完工 (交通局) is due 31 October
    const first = await runSweep(t.services);
    expect(first.tasksEvaluated).toBe(tree.length);
    expect(first.lightChanges).toBeGreaterThan(0);
    expect(first.reminders).toBeGreaterThan(0);
    const second = await runSweep(t.services);
    expect(second.lightChanges).toBe(0);
    expect(second.reminders).toBe(0);
    const jt = await t.as('jiaotong.cb');
    const inbox = (await jt.call(progress.listNotifications)).body.items.filter((n: any) => n.kind === 'task.due_soon');
    expect(inbox.map((n: any) => n.title)).toContain(`还有 3 天到期:${byTitle('路基工程完工').code} 路基工程完工`);
    expect(inbox).toHaveLength(1);
    const o = await t.as('duchashi');
    const daily = (await o.call(progress.dailyTracking, { params: { id: campaignId } })).body;
    expect(daily.lightChanges.length).toBe(first.lightChanges);
    expect(daily.lightChanges.every((c: any) => c.on === '2013-10-28')).toBe(true);
    const read = await jt.call(progress.markNotificationsRead, { body: { all: true } });
    expect(read.body.updated).toBeGreaterThan(0);
    expect((await jt.call(progress.listNotifications)).body.unread).toBe(0);
  });
});
