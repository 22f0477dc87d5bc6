/**
 * The supervision ladder, own unit against foreign unit: notices are read by the unit they address
 * (and by inspectors and its leaders), drafts only by the office; a notice is approved only by the
 * leader the policy names; a unit's principal appeals the notices to their own unit; ledgers show
 * a unit its own deductions, and finance everybody's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { supervision } from '@luoshi/contracts';
import { freshIp, startApp, type Client, type TestApp } from '../support/harness.ts';
import { Fixtures } from '../support/routes.ts';
import { appeal, notice } from '../support/ladder.ts';

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
const listed = async (username: string) =>
  (await ok((await clientFor(username)).call(supervision.listNotices, { params: { id: f.ids.ownCampaign! } }))).items.map((n: { id: string }) => n.id);

beforeAll(async () => {
  t = await startApp();
  f = await Fixtures.create(t);
});
afterAll(async () => t?.close());

describe('notices: own unit against foreign unit', () => {
  it('a 督办 issued to 乾佑镇 is read by 乾佑镇 and the inspectors, not by 交通局', async () => {
    const id = await notice(f, 'supervise', 'issued');
    for (const username of ['qianyou.cb', 'qianyou', 'duchashi', 'jianchaju', 'xianzhang']) {
      expect((await ok((await clientFor(username)).call(supervision.getNotice, { params: { id } }))).unitId, username).toBe(f.ids.qianyou);
      expect(await listed(username), username).toContain(id);
    }
    await refused((await clientFor('jiaotong.cb')).call(supervision.getNotice, { params: { id } }));
    expect(await listed('jiaotong.cb')).not.toContain(id);
    await refused((await clientFor('jiaotong.cb')).call(supervision.listAppeals, { params: { id } }));
    await refused((await clientFor('qianyou.cb')).call(supervision.listNotices, { params: { id: f.ids.ownCampaign! }, query: { unitId: f.ids.yingpan! } }));
  });

  it('a draft is the office’s business: even the unit it addresses cannot read it yet', async () => {
    const id = await notice(f, 'supervise', 'draft');
    await refused((await clientFor('qianyou')).call(supervision.getNotice, { params: { id } }));
    expect(await listed('qianyou')).not.toContain(id);
    expect(await listed('duchashi')).toContain(id);
  });

  it('a commendation of 交通局 is approved by the deputy in charge of 交通局 only, and he sees it in his queue', async () => {
    const id = await notice(f, 'commend', 'pending');
    const queue = await ok((await clientFor('fuxianzhang')).call(supervision.approvalQueue));
    expect(queue.items.map((n: { id: string }) => n.id)).toContain(id);
    expect((await ok((await clientFor('fuxianzhang2')).call(supervision.approvalQueue))).items.map((n: { id: string }) => n.id)).not.toContain(id);
    for (const username of ['xianzhang', 'fuxianzhang2']) {
      await refused((await clientFor(username)).call(supervision.decideNotice, { params: { id }, body: { decision: 'approve', reason: '' } }));
    }
    const issued = await ok((await clientFor('fuxianzhang')).call(supervision.decideNotice, { params: { id }, body: { decision: 'approve', reason: '同意' } }));
    expect(issued.status).toBe('issued');
  });

  it('the escalation history of a task is read by its unit, not by another', async () => {
    const id = await notice(f, 'supervise', 'issued');
    const subject = (await ok((await clientFor('duchashi')).call(supervision.getNotice, { params: { id } }))).subjectId;
    const timeline = await ok((await clientFor('qianyou.cb')).call(supervision.subjectTimeline, { params: { id: subject } }));
    expect(timeline.notices.map((n: { id: string }) => n.id)).toEqual([id]);
    await refused((await clientFor('jiaotong.cb')).call(supervision.subjectTimeline, { params: { id: subject } }));
  });
});

describe('appeals: the principal of the unit addressed', () => {
  it('乾佑镇’s principal appeals a 督办 to 乾佑镇; its handler and another unit’s principal cannot', async () => {
    const id = await notice(f, 'supervise', 'issued');
    const body = { reasons: '逾期系审批延误所致' };
    await refused((await clientFor('qianyou.cb')).call(supervision.submitAppeal, { params: { id }, body }));
    await refused((await clientFor('jiaotong')).call(supervision.submitAppeal, { params: { id }, body }));
    const a = await ok((await clientFor('qianyou')).call(supervision.submitAppeal, { params: { id }, body }));
    expect([a.status, a.unitId]).toEqual(['pending', f.ids.qianyou]);
  });

  it('the office decides an appeal against its own 督办; a county leader who is not a decider cannot', async () => {
    const id = await appeal(f);
    await refused((await clientFor('xianzhang')).call(supervision.decideAppeal, { params: { id }, body: { decision: 'uphold', reason: '成立' } }));
    const decided = await ok((await clientFor('duchashi')).call(supervision.decideAppeal, { params: { id }, body: { decision: 'uphold', reason: '理由成立' } }));
    expect(decided.status).toBe('upheld');
  });
});

describe('ledgers: a unit sees its own deductions, finance sees every unit’s', () => {
  it('乾佑镇’s handler reads 乾佑镇’s ledger, not 营盘镇’s; the finance bureau reads both', async () => {
    await notice(f, 'supervise', 'issued');
    const params = { id: f.ids.ownCampaign! };
    const own = await ok((await clientFor('qianyou.cb')).call(supervision.deductionLedger, { params }));
    expect(own.entries.length).toBeGreaterThan(0);
    expect(new Set(own.entries.map((e: { unitId: string }) => e.unitId))).toEqual(new Set([f.ids.qianyou]));
    for (const e of [supervision.deductionLedger, supervision.eligibility]) {
      await refused((await clientFor('qianyou.cb')).call(e, { params, query: { unitId: f.ids.yingpan! } }));
      await refused((await clientFor('jiaotong.cb')).call(e, { params, query: { unitId: f.ids.qianyou! } }));
      expect((await (await clientFor('caizheng')).call(e, { params, query: { unitId: f.ids.yingpan! } })).status, e.id).toBe(200);
    }
    const finance = await ok((await clientFor('caizheng')).call(supervision.deductionLedger, { params }));
    expect(finance.entries.length).toBeGreaterThanOrEqual(own.entries.length);
  });
});
