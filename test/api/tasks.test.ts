import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaigns, tasks } from '@luoshi/contracts';
import { startApp, unitId, type Client, type TestApp } from '../support/harness.ts';

let t: TestApp;
let office: Client;
let campaignId: string;
let tree: any[];
beforeAll(async () => {
  t = await startApp();
  office = await t.as('duchashi');
  campaignId = (await office.call(campaigns.listCampaigns)).body.items[0].id;
  tree = (await office.call(tasks.listTasks, { params: { id: campaignId } })).body.items;
});
afterAll(async () => t?.close());

const byTitle = (title: string) => tree.find((x) => x.title === title);

describe('the task tree (R-TASK-1..4)', () => {
  it('the office sees the whole tree in code order, with parents rolled up', async () => {
    expect(tree.map((x) => x.code).slice(0, 4)).toEqual(['1', '1.1', '1.1.1', '1.1.2']);
    expect(tree.every((x) => x.match)).toBe(true);
    expect(byTitle('县城集中供热工程').childCount).toBe(5);
  });

  it('a town handler sees only tasks her unit leads or cooperates on, with their ancestors for context', async () => {
    const h = await t.as('qianyou.cb');
    const town = await unitId(t, '乾佑镇');
    const r = (await h.call(tasks.listTasks, { params: { id: campaignId } })).body.items;
    const matches = r.filter((x: any) => x.match);
    expect(matches.length).toBeGreaterThan(0);
    for (const m of matches) expect([m.leadUnitId, ...m.cooperatingUnitIds]).toContain(town);
    expect(r.find((x: any) => x.title === '县城集中供热工程')).toBeUndefined();
    const other = byTitle('县城集中供热工程');
    const denied = await h.call(tasks.getTask, { params: { id: other.id } });
    expect(denied.status).toBe(403);
    const own = await h.call(tasks.getTask, { params: { id: matches[0].id } });
    expect(own.status).toBe(200);
  });

  it('a deputy county head’s "units in my charge" lists only tasks led by those units', async () => {
    const d = await t.as('fuxianzhang');
    const me = (await d.request('GET', '/api/v1/auth/session')).body.user;
    const r = (await d.call(tasks.listTasks, { params: { id: campaignId }, query: { scope: 'charge', includeAncestors: 'false' } })).body.items;
    expect(r.length).toBeGreaterThan(0);
    for (const x of r) expect(me.chargedUnitIds).toContain(x.leadUnitId);
  });

  it('filters by stream, kind, due window and Chinese text', async () => {
    const q = async (query: Record<string, string>) =>
      (await office.call(tasks.listTasks, { params: { id: campaignId }, query: { includeAncestors: 'false', ...query } })).body.items;
    const obstacles = await q({ nodeType: 'obstacle' });
    expect(obstacles.map((x: any) => x.obstacleKind).sort()).toEqual(['funding', 'land', 'social']);
    const text = await q({ q: '幼儿园' });
    expect(text.map((x: any) => x.title)).toEqual(['新建乾佑镇中心幼儿园']);
    const fullWidthSpace = await q({ q: '　幼儿园　' });
    expect(fullWidthSpace).toHaveLength(1);
    const due = await q({ dueFrom: '2013-05-01', dueTo: '2013-06-30' });
    expect(due.length).toBeGreaterThan(0);
    for (const x of due) expect(x.plannedEnd >= '2013-05-01' && x.plannedEnd <= '2013-06-30').toBe(true);
    const stream = await q({ streamKey: 'five_ones' });
    expect(stream.every((x: any) => x.streamKey === 'five_ones')).toBe(true);
  });

  it('a task records 定量 定性 定岗 定责: indicators, acceptance standard, post, lead and cooperating units, three named people', async () => {
    const kinder = byTitle('新建乾佑镇中心幼儿园');
    const d = (await office.call(tasks.getTask, { params: { id: kinder.id } })).body;
    expect(d.indicators[0]).toMatchObject({ name: '学位', unit: '个', target: 360 });
    expect(d.acceptanceStandard).toBe('秋季开学前投入使用。');
    expect(d.leadUnitName).toBe('柞水县教育体育局');
    expect(d.cooperatingUnits.map((u: any) => u.name)).toEqual(['乾佑镇人民政府']);
    expect(d.responsible.principal?.name).toBeTruthy();
    expect(d.responsible.deputy?.name).toBeTruthy();
    expect(d.responsible.handler?.name).toBeTruthy();
    expect(d.path.map((p: any) => p.title)).toEqual(['开展四个十工程攻坚战']);
  });
});

describe('changing the tree', () => {
  it('creates a milestone under a task with the next code and the lead unit’s people as responsible', async () => {
    const kinder = byTitle('新建乾佑镇中心幼儿园');
    const r = await office.call(tasks.createTask, {
      params: { id: campaignId },
      body: { parentId: kinder.id, nodeType: 'milestone', title: '主体封顶', plannedEnd: '2013-07-15', leadUnitId: kinder.leadUnitId },
    });
    expect(r.status).toBe(200);
    expect(r.body.code).toBe(`${kinder.code}.1`);
    expect(r.body.responsible.handler).not.toBeNull();
  });

  it('以目标倒逼程序: a child due after its parent is refused, and so is a leaf without a due date', async () => {
    const kinder = byTitle('新建乾佑镇中心幼儿园');
    const late = await office.call(tasks.createTask, {
      params: { id: campaignId },
      body: { parentId: kinder.id, nodeType: 'milestone', title: '竣工验收', plannedEnd: '2013-12-01' },
    });
    expect(late.status).toBe(400);
    expect(late.body.error.issues.map((i: any) => i.path)).toContain('plannedEnd');
    const undated = await office.call(tasks.createTask, { params: { id: campaignId }, body: { parentId: kinder.id, nodeType: 'task', title: '无日期' } });
    expect(undated.status).toBe(400);
  });

  it('a full list refuses an eleventh item', async () => {
    const c = (await office.call(campaigns.getCampaign, { params: { id: campaignId } })).body;
    const list = c.lists.find((l: any) => l.name === '十大创建工程');
    const parent = byTitle('开展四个十工程攻坚战');
    for (let i = list.taskCount; i < 10; i++) {
      const ok = await office.call(tasks.createTask, { params: { id: campaignId }, body: { parentId: parent.id, nodeType: 'task', title: `创建项目${i}`, plannedEnd: '2013-12-01', listId: list.id } });
      expect(ok.status).toBe(200);
    }
    const full = await office.call(tasks.createTask, { params: { id: campaignId }, body: { parentId: parent.id, nodeType: 'task', title: '第十一项', plannedEnd: '2013-12-01', listId: list.id } });
    expect(full.status).toBe(400);
    expect(full.body.error.issues[0].path).toBe('listId');
  });

  it('an update with a stale row version is a conflict; a good one is audited with before and after', async () => {
    const task = byTitle('城区主干道路灯亮化');
    const d = (await office.call(tasks.getTask, { params: { id: task.id } })).body;
    const ok = await office.call(tasks.updateTask, { params: { id: task.id }, body: { rowVersion: d.rowVersion, priority: 'urgent' } });
    expect(ok.status).toBe(200);
    expect(ok.body.rowVersion).toBe(d.rowVersion + 1);
    const stale = await office.call(tasks.updateTask, { params: { id: task.id }, body: { rowVersion: d.rowVersion, priority: 'high' } });
    expect(stale.status).toBe(409);
    const audit = await t.services.db.kysely.selectFrom('audit_log').selectAll().where('entity_id', '=', task.id).where('action', '=', 'task.update').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.before!).priority).toBe('normal');
    expect(JSON.parse(audit[0]!.after!).priority).toBe('urgent');
  });

  it('responsibility changes keep history: who was the handler on which day', async () => {
    const task = byTitle('农村安全饮水工程');
    const d = (await office.call(tasks.getTask, { params: { id: task.id } })).body;
    const someone = (await office.request('GET', '/api/v1/people', { query: { unitId: task.leadUnitId } })).body.items.find(
      (p: any) => p.id !== d.responsible.handler.personId,
    );
    const r = await office.call(tasks.setResponsibility, { params: { id: task.id }, body: { role: 'handler', personId: someone.id, from: '2013-06-01' } });
    expect(r.status).toBe(200);
    const handlers = r.body.responsibilityHistory.filter((h: any) => h.role === 'handler');
    expect(handlers).toHaveLength(2);
    expect(handlers[0]).toMatchObject({ personId: d.responsible.handler.personId, to: '2013-06-01' });
    expect(handlers[1]).toMatchObject({ personId: someone.id, from: '2013-06-01', to: null });
    const backwards = await office.call(tasks.setResponsibility, { params: { id: task.id }, body: { role: 'handler', personId: d.responsible.handler.personId, from: '2013-05-01' } });
    expect(backwards.status).toBe(400);
  });

  it('moving a task to another lead unit hands responsibility to that unit’s people', async () => {
    const task = byTitle('县医院住院综合楼建设');
    const d = (await office.call(tasks.getTask, { params: { id: task.id } })).body;
    const hospital = await unitId(t, '县医院');
    const r = await office.call(tasks.updateTask, { params: { id: task.id }, body: { rowVersion: d.rowVersion, leadUnitId: hospital } });
    expect(r.status).toBe(200);
    expect(r.body.leadUnitId).toBe(hospital);
    expect(r.body.responsible.principal.personId).not.toBe(d.responsible.principal.personId);
    expect(r.body.responsibilityHistory.filter((h: any) => h.to !== null)).toHaveLength(3);
  });

  it('units may not change the breakdown; a node with children cannot be deleted; a leaf can', async () => {
    const h = await t.as('qianyou.cb');
    const goal = byTitle('开展项目建设推进年活动');
    const denied = await h.call(tasks.createTask, { params: { id: campaignId }, body: { parentId: goal.id, nodeType: 'task', title: 'x', plannedEnd: '2013-09-01' } });
    expect(denied.status).toBe(403);
    const inUse = await office.call(tasks.deleteTask, { params: { id: goal.id } });
    expect(inUse.status).toBe(409);
    const leaf = await office.call(tasks.createTask, { params: { id: campaignId }, body: { parentId: goal.id, nodeType: 'task', title: '临时任务', plannedEnd: '2013-09-01' } });
    expect((await office.call(tasks.deleteTask, { params: { id: leaf.body.id } })).status).toBe(200);
    expect((await office.call(tasks.getTask, { params: { id: leaf.body.id } })).status).toBe(404);
  });

  it('an obstacle needs its kind and a parent; 难题 are listed under their key project', async () => {
    const project = byTitle('西康高速柞水连接线改建');
    const noKind = await office.call(tasks.createTask, { params: { id: campaignId }, body: { parentId: project.id, nodeType: 'obstacle', title: '环评未批', plannedEnd: '2013-08-01' } });
    expect(noKind.status).toBe(400);
    const ok = await office.call(tasks.createTask, {
      params: { id: campaignId },
      body: { parentId: project.id, nodeType: 'obstacle', obstacleKind: 'environment', title: '环评未批', plannedEnd: '2013-08-01', leadUnitId: await unitId(t, '环保局') },
    });
    expect(ok.status).toBe(200);
    const d = (await office.call(tasks.getTask, { params: { id: project.id } })).body;
    expect(d.children.filter((c: any) => c.nodeType === 'obstacle' && c.status !== 'completed').map((c: any) => c.obstacleKind)).toEqual(['social', 'environment']);
  });
});
