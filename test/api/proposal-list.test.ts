/**
 * The sweep's proposals a page at a time: a cursor walks every proposal of the campaign exactly
 * once, newest first (equal instants by id), never another campaign's; `total` is the true count of
 * those matching the state, kind and words asked for, and the words are looked for in the subject,
 * the unit and the reason as the list shows them; only the office may list them, on any page; a
 * damaged cursor is refused with the bilingual validation error; the pages come from an index.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaigns, cases, supervision } from '@luoshi/contracts';
import type { ProposalsTable } from '../../apps/server/src/platform/db/schema.ts';
import { cursorOf } from '../../apps/server/src/platform/cursor.ts';
import { proposalPage, proposalsMatching } from '../../apps/server/src/modules/supervision/proposals.ts';
import { freshIp, startApp, type TestApp } from '../support/harness.ts';
import { damaged, expectCursorRefused, expectOnceEach, someCursor, walk } from '../support/paging.ts';
import { planOf } from '../support/plan.ts';

type Row = { id: string; kind: string; status: string; subjectType: string; subjectTitle: string; unitName: string; reason: string; parentNotice: unknown };

let t: TestApp;
let campaignId: string;
let otherCampaign: string;
const db = () => t.services.db.kysely;
const as = (u: string) => t.as(u, undefined, freshIp());
const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
const KINDS = ['supervise', 'urge', 'investigate'] as const;
const STATES = ['open', 'drafted', 'dismissed'] as const;

/** The campaign's proposals as the database holds them, in the list's order. */
async function inOrder(campaign: string): Promise<{ id: string }[]> {
  const rows = await db().selectFrom('proposals').select(['id', 'created_at']).where('campaign_id', '=', campaign).execute();
  return rows.sort((a, b) => (a.created_at !== b.created_at ? (a.created_at < b.created_at ? 1 : -1) : a.id < b.id ? 1 : -1));
}

beforeAll(async () => {
  t = await startApp({ now: '2013-06-01T01:00:00.000Z' });
  const office = await as('duchashi');
  campaignId = (await office.call(campaigns.listCampaigns)).body.items[0].id;
  const created = await office.call(campaigns.createCampaign, { body: { year: 2014, name: '2014年专项督查', startDate: '2014-03-01', endDate: '2014-12-31', streams: [{ key: 's1', title: '专项' }] } });
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  otherCampaign = created.body.id;
  const tasks = await db().selectFrom('tasks').select(['id', 'lead_unit_id']).where('campaign_id', '=', campaignId).where('lead_unit_id', 'is not', null).execute();
  const units = await db().selectFrom('units').select('id').execute();
  const road = (await db().selectFrom('case_categories').select('id').where('code', '=', 'road').executeTakeFirstOrThrow()).id;
  const aCase = (await office.call(cases.intakeCase, { body: { channel: 'hotline', categoryId: road, title: '南街路灯不亮', content: '南街路灯连续三晚不亮', anonymous: true } })).body.case;
  const rows: ProposalsTable[] = [];
  for (let i = 0; i < 160; i++) {
    const campaign = i < 140 ? campaignId : otherCampaign;
    const task = tasks[i % tasks.length]!;
    const unit = units[i % units.length]!.id;
    const subject = i % 10 === 7 ? { type: 'case', id: aCase.id, unit } : i % 5 === 3 ? { type: 'plan', id: unit, unit } : i % 5 === 4 ? { type: 'unit', id: unit, unit } : { type: 'task', id: task.id, unit: task.lead_unit_id! };
    const at = new Date(Date.parse('2013-05-20T00:00:00.000Z') + Math.floor(i / 3) * 3_600_000).toISOString();
    rows.push({
      id: `p${String(i).padStart(3, '0')}${(i * 7919) % 1000}`,
      campaign_id: campaign,
      kind: KINDS[i % 3]!,
      subject_type: subject.type,
      subject_id: subject.id,
      unit_id: subject.unit,
      parent_notice_id: null,
      reason: i % 8 === 0 ? `第${i}号:工作进度落后于计划,差距超过 20%` : `第${i}号:逾期未完成`,
      rule: 'test_rule',
      dedupe_key: `test:${i}`,
      status: STATES[i % 7 === 0 ? 2 : i % 4 === 0 ? 1 : 0]!,
      created_at: at,
      decided_by: null,
      decided_at: null,
      decision_reason: null,
      notice_id: null,
    });
  }
  for (let i = 0; i < rows.length; i += 50) await db().insertInto('proposals').values(rows.slice(i, i + 50)).execute();
});
afterAll(async () => t?.close());

describe("the office pages through a campaign's proposals", () => {
  it("each once, newest first and equal instants by id, with the true total; never another campaign's", async () => {
    const office = await as('duchashi');
    const expected = await inOrder(campaignId);
    expect(expected.length).toBe(140);
    for (const limit of [9, 100, 500]) {
      const w = await walk<Row>(office, supervision.listProposals, { params: { id: campaignId }, limit });
      expectOnceEach(ids(w.items), ids(expected));
      expect(new Set(w.totals)).toEqual(new Set([140]));
    }
    const other = await walk<Row>(office, supervision.listProposals, { params: { id: otherCampaign }, limit: 7 });
    expectOnceEach(ids(other.items), ids(await inOrder(otherCampaign)));
    expect(other.totals[0]).toBe(20);
  });

  it('the default page is 100 proposals', async () => {
    const office = await as('duchashi');
    const r = await office.call(supervision.listProposals, { params: { id: campaignId } });
    expect(r.body.items).toHaveLength(100);
    expect(r.body.total).toBe(140);
    expect(r.body.nextCursor).toEqual(expect.any(String));
  });
});

describe('state, kind and words combine with the paging', () => {
  const filters: [string, Record<string, string>, (p: Row) => boolean][] = [
    ['open', { status: 'open' }, (p) => p.status === 'open'],
    ['dismissed 催办', { status: 'dismissed', kind: 'urge' }, (p) => p.status === 'dismissed' && p.kind === 'urge'],
    ['words of the reason', { q: '超过 20%' }, (p) => p.reason.includes('超过 20%')],
    ['a unit', { q: '乾佑镇' }, (p) => p.unitName.includes('乾佑镇') || p.subjectTitle.includes('乾佑镇') || p.reason.includes('乾佑镇')],
    ['a plan', { q: '实施方案' }, (p) => p.subjectTitle.includes('实施方案')],
    ['a case by its title', { q: '南街路灯' }, (p) => p.subjectTitle.includes('南街路灯')],
    ['open 督办 of a plan', { status: 'open', kind: 'supervise', q: '实施方案' }, (p) => p.status === 'open' && p.kind === 'supervise' && p.subjectTitle.includes('实施方案')],
  ];
  for (const [name, query, keep] of filters) {
    it(name, async () => {
      const office = await as('duchashi');
      const all = (await walk<Row>(office, supervision.listProposals, { params: { id: campaignId }, limit: 500 })).items;
      const expected = all.filter(keep);
      expect(expected.length).toBeGreaterThan(3);
      expect(expected.length).toBeLessThan(all.length);
      const w = await walk<Row>(office, supervision.listProposals, { params: { id: campaignId }, limit: 3, query });
      expectOnceEach(ids(w.items), ids(expected));
      expect(new Set(w.totals)).toEqual(new Set([expected.length]));
    });
  }

  it('a task found by its code and title as the list shows them', async () => {
    const office = await as('duchashi');
    const all = (await walk<Row>(office, supervision.listProposals, { params: { id: campaignId }, limit: 500 })).items;
    const title = all.find((p) => p.subjectType === 'task')!.subjectTitle;
    const w = await walk<Row>(office, supervision.listProposals, { params: { id: campaignId }, limit: 2, query: { q: title } });
    expectOnceEach(ids(w.items), ids(all.filter((p) => p.subjectTitle.includes(title) || p.reason.includes(title) || p.unitName.includes(title))));
    expect(w.items.length).toBeGreaterThan(1);
  });
});

describe('only the office lists proposals', () => {
  it("a unit's staff are refused on the first page and on any later one", async () => {
    const office = await as('duchashi');
    const cursor = await someCursor(office, supervision.listProposals, { params: { id: campaignId } });
    for (const user of ['qianyou.cb', 'jiaotong.cb']) {
      const c = await as(user);
      expect((await c.call(supervision.listProposals, { params: { id: campaignId } })).status).toBe(403);
      expect((await c.call(supervision.listProposals, { params: { id: campaignId }, query: { cursor } })).status).toBe(403);
    }
  });
});

describe('a damaged cursor', () => {
  it('is refused with 400 VALIDATION_FAILED in Chinese, or in English when asked', async () => {
    const office = await as('duchashi');
    const opts = { params: { id: campaignId } };
    const good = await someCursor(office, supervision.listProposals, opts);
    for (const bad of damaged(good, cursorOf('cases', ['2013-05-01T00:00:00.000Z', 'x']))) await expectCursorRefused(office, supervision.listProposals, opts, bad);
    expect((await office.call(supervision.listProposals, { ...opts, query: { cursor: good } })).status).toBe(200);
  });
});

describe('the query plans', () => {
  it('the whole list and one state page from an index in order, with no sort', async () => {
    const key = ['2013-06-01T00:00:00.000Z', 'x'];
    const all = await planOf(t, proposalPage(proposalsMatching(db(), campaignId, {}), key, 50));
    expect(all, all).toContain('proposals_campaign_created_idx');
    expect(all).not.toMatch(/TEMP B-TREE|Sort/);
    const open = await planOf(t, proposalPage(proposalsMatching(db(), campaignId, { status: 'open' }), key, 50));
    expect(open, open).toContain('proposals_campaign_status_created_idx');
    expect(open).not.toMatch(/TEMP B-TREE|Sort/);
  });
});
