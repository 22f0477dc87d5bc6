import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaigns } from '@luoshi/contracts';
import { startApp, unitId, type Client, type TestApp } from '../support/harness.ts';

let t: TestApp;
let office: Client;
let campaignId: string;
beforeAll(async () => {
  t = await startApp();
  office = await t.as('duchashi');
  campaignId = (await office.call(campaigns.listCampaigns)).body.items[0].id;
});
afterAll(async () => t?.close());

async function auditCount(action: string) {
  const r = await t.services.db.kysely.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', action).executeTakeFirst();
  return Number(r!.n);
}

describe('campaigns and their policy (R-PLAN-1)', () => {
  it('the demo campaign carries the seed: four goals, five streams, four lists of ten, deductions 0.5/1/1.5', async () => {
    const c = (await office.call(campaigns.getCampaign, { params: { id: campaignId } })).body;
    expect(c.goals).toHaveLength(4);
    expect(c.streams).toHaveLength(5);
    expect(c.lists.map((l: any) => [l.name, l.size])).toEqual([
      ['十大创建工程', 10],
      ['十大城市建设工程', 10],
      ['十大城市管理工程', 10],
      ['十大民生工程', 10],
    ]);
    expect(c.policy.policy.deductions).toEqual({ supervise: 0.5, urge: 1, investigate: 1.5 });
    expect(c.policy.policy.deadlines.planSubmission).toBe(`${c.year}-04-30`);
  });

  it('the office creates a campaign; a unit handler may read campaigns but not create one', async () => {
    const body = { year: 2014, name: '2014年专项督查', startDate: '2014-03-01', endDate: '2014-12-31', streams: [{ key: 's1', title: '专项' }], lists: [{ name: '十大民生工程', size: 10 }] };
    const handler = await t.as('qianyou.cb');
    expect((await handler.call(campaigns.listCampaigns)).status).toBe(200);
    const denied = await handler.call(campaigns.createCampaign, { body });
    expect(denied.status).toBe(403);
    const before = await auditCount('campaign.create');
    const r = await office.call(campaigns.createCampaign, { body });
    expect(r.status).toBe(200);
    expect(r.body.policy.version).toBe(1);
    expect(await auditCount('campaign.create')).toBe(before + 1);
    const dup = await office.call(campaigns.createCampaign, { body });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('DUPLICATE');
  });

  it('refuses an end date before the start date, with a bilingual message', async () => {
    const body = { year: 2015, name: '倒置日期', startDate: '2015-12-01', endDate: '2015-01-01' };
    const zh = await office.call(campaigns.createCampaign, { body });
    expect(zh.status).toBe(400);
    expect(zh.body.error.issues[0]).toEqual({ path: 'endDate', message: '结束日期不能早于开始日期' });
    const en = await office.call(campaigns.createCampaign, { body, headers: { 'accept-language': 'en' } });
    expect(en.body.error.issues[0].message).toBe('the end date is before the start date');
  });

  it('next year is a copy of this year’s structure, lists and policy, with dates moved a year', async () => {
    const src = (await office.call(campaigns.getCampaign, { params: { id: campaignId } })).body;
    const r = await office.call(campaigns.copyCampaign, { params: { id: campaignId }, body: { year: src.year + 1 } });
    expect(r.status).toBe(200);
    expect(r.body.name).toBe(src.name.replace(String(src.year), String(src.year + 1)));
    expect(r.body.streams).toEqual(src.streams);
    expect(r.body.lists.map((l: any) => l.name)).toEqual(src.lists.map((l: any) => l.name));
    expect(r.body.startDate).toBe(`${src.year + 1}${src.startDate.slice(4)}`);
    expect(r.body.policy.policy.deadlines.planSubmission).toBe(`${src.year + 1}-04-30`);
    expect(r.body.copiedFromId).toBe(campaignId);
    expect(r.body.taskCount).toBe(0);
  });

  it('a policy change is a new version from its effective date and does not rewrite the old one', async () => {
    const versions = (await office.call(campaigns.listPolicyVersions, { params: { id: campaignId } })).body.items;
    const current = versions.at(-1);
    const changed = { ...current.policy, deductions: { supervise: 1, urge: 2, investigate: 3 } };
    const r = await office.call(campaigns.addPolicyVersion, { params: { id: campaignId }, body: { effectiveFrom: '2013-07-01', policy: changed, note: '加重扣分' } });
    expect(r.status).toBe(200);
    expect(r.body.version).toBe(current.version + 1);
    const after = (await office.call(campaigns.listPolicyVersions, { params: { id: campaignId } })).body.items;
    expect(after.find((v: any) => v.version === current.version).policy.deductions).toEqual({ supervise: 0.5, urge: 1, investigate: 1.5 });
    // in force today (May) is still the old version; from July the new one
    expect((await office.call(campaigns.getCampaign, { params: { id: campaignId } })).body.policy.version).toBe(current.version);
    t.clock.set('2013-07-02T02:00:00Z');
    const later = await t.as('duchashi');
    expect((await later.call(campaigns.getCampaign, { params: { id: campaignId } })).body.policy.policy.deductions.urge).toBe(2);
    t.clock.set('2013-05-01T01:00:00Z');
  });

  it('a policy with red below yellow is refused and nothing is written', async () => {
    const before = (await office.call(campaigns.listPolicyVersions, { params: { id: campaignId } })).body.items.length;
    const bad = await office.call(campaigns.addPolicyVersion, {
      params: { id: campaignId },
      body: { effectiveFrom: '2013-08-01', policy: { lights: { yellowBehindPoints: 50, redBehindPoints: 10, dueSoonDays: 3, notStartedRedDays: 90 } } },
    });
    expect(bad.status).toBe(400);
    expect((await office.call(campaigns.listPolicyVersions, { params: { id: campaignId } })).body.items.length).toBe(before);
  });

  it('project lists are data: the office adds a list; a list cannot shrink below its items', async () => {
    const r = await office.call(campaigns.saveProjectList, { params: { id: campaignId }, body: { name: '十大产业项目', size: 10 } });
    expect(r.status).toBe(200);
    const lists = (await office.call(campaigns.getCampaign, { params: { id: campaignId } })).body.lists;
    const minsheng = lists.find((l: any) => l.name === '十大民生工程');
    expect(minsheng.taskCount).toBe(3);
    const shrink = await office.call(campaigns.saveProjectList, { params: { id: campaignId }, body: { listId: minsheng.id, name: '十大民生工程', size: 2 } });
    expect(shrink.status).toBe(400);
  });
});

describe('unit implementation plans (R-PLAN-2)', () => {
  const content = {
    organisation: '成立乾佑镇政府工作执行年活动领导小组,镇长任组长。',
    staff: [{ name: '汪宁陕', post: '党政办干事', phone: '0914-4321000' }],
    goals: ['完成县下达的各项目标任务'],
    measures: ['每周召开一次推进会'],
    timeNodes: [{ date: '2013-06-30', item: '完成半年目标' }],
  };

  it('the liaison drafts, the principal submits, the office returns with comments; the redraft is version 2; accepted at last', async () => {
    const town = await unitId(t, '乾佑镇');
    const liaison = await t.as('qianyou.ll');
    const principal = await t.as('qianyou');
    const d1 = await liaison.call(campaigns.saveUnitPlan, { params: { id: campaignId, unitId: town }, body: content });
    expect(d1.status).toBe(200);
    expect(d1.body.status).toBe('draft');
    const liaisonSubmit = await liaison.call(campaigns.submitUnitPlan, { params: { id: campaignId, unitId: town } });
    expect(liaisonSubmit.status).toBe(403);
    const s1 = await principal.call(campaigns.submitUnitPlan, { params: { id: campaignId, unitId: town } });
    expect(s1.body.status).toBe('submitted');
    expect(s1.body.late).toBe(true); // submitted 1 May, the deadline was 30 April
    const noComment = await office.call(campaigns.reviewUnitPlan, { params: { id: campaignId, unitId: town }, body: { decision: 'return' } });
    expect(noComment.status).toBe(400);
    const ret = await office.call(campaigns.reviewUnitPlan, { params: { id: campaignId, unitId: town }, body: { decision: 'return', comment: '时间节点不够具体' } });
    expect(ret.body.status).toBe('returned');
    const d2 = await liaison.call(campaigns.saveUnitPlan, { params: { id: campaignId, unitId: town }, body: { ...content, measures: ['每周推进会', '每月通报'] } });
    expect(d2.body.versions.map((v: any) => [v.version, v.status])).toEqual([
      [2, 'draft'],
      [1, 'returned'],
    ]);
    expect(d2.body.versions[1].reviewComment).toBe('时间节点不够具体');
    await principal.call(campaigns.submitUnitPlan, { params: { id: campaignId, unitId: town } });
    const ok = await office.call(campaigns.reviewUnitPlan, { params: { id: campaignId, unitId: town }, body: { decision: 'accept' } });
    expect(ok.body.status).toBe('accepted');
    const locked = await liaison.call(campaigns.saveUnitPlan, { params: { id: campaignId, unitId: town }, body: content });
    expect(locked.status).toBe(409);
    const overview = (await office.call(campaigns.planOverview, { params: { id: campaignId } })).body;
    const row = overview.items.find((r: any) => r.unitId === town);
    expect(row).toMatchObject({ status: 'accepted', version: 2, late: true });
    expect(overview.items.filter((r: any) => r.status === 'missing').length).toBeGreaterThan(20);
  });

  it('a unit cannot draft or read another unit’s plan; the county deputy in charge can read it', async () => {
    const yingpan = await unitId(t, '营盘镇');
    const qianyouLiaison = await t.as('qianyou.ll');
    expect((await qianyouLiaison.call(campaigns.saveUnitPlan, { params: { id: campaignId, unitId: yingpan }, body: content })).status).toBe(403);
    expect((await qianyouLiaison.call(campaigns.getUnitPlan, { params: { id: campaignId, unitId: yingpan } })).status).toBe(403);
    expect((await qianyouLiaison.call(campaigns.planOverview, { params: { id: campaignId } })).status).toBe(403);
    const deputy = await t.as('fuxianzhang');
    const me = (await deputy.request('GET', '/api/v1/auth/session')).body.user;
    const charged = me.chargedUnitIds[0];
    expect((await deputy.call(campaigns.getUnitPlan, { params: { id: campaignId, unitId: charged } })).status).toBe(200);
  });
});
