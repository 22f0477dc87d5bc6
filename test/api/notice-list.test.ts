/**
 * A campaign's notices a page at a time: a cursor walks every notice the reader may list exactly
 * once, newest first (equal instants by id), never another campaign's; `total` is the true count
 * of those matching kind, state, unit, subject or "bulletin"; a unit's staff see their unit's
 * notices only, never a draft, on any page and in the total; a deputy county head sees the units in
 * his charge; each notice says whether it is published; a damaged cursor is refused with the
 * bilingual validation error; the pages come from an index.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTICE_KINDS, NOTICE_STATUSES } from '@luoshi/domain';
import { campaigns, publication, supervision } from '@luoshi/contracts';
import type { NoticesTable } from '../../apps/server/src/platform/db/schema.ts';
import { cursorOf } from '../../apps/server/src/platform/cursor.ts';
import { noticePage, noticesMatching } from '../../apps/server/src/modules/supervision/read-notices.ts';
import { freshIp, startApp, unitId, type TestApp } from '../support/harness.ts';
import { damaged, expectCursorRefused, expectOnceEach, someCursor, walk } from '../support/paging.ts';
import { planOf } from '../support/plan.ts';
import { loadActor } from '../../apps/server/src/platform/auth/actor.ts';

type Row = { id: string; kind: string; status: string; unitId: string; subjectId: string; criticism: boolean; published: boolean };
type Stored = Pick<NoticesTable, 'id' | 'drafted_at' | 'unit_id' | 'status' | 'approver_ids' | 'campaign_id'>;

let t: TestApp;
let campaignId: string;
let otherCampaign: string;
let jiaotong: string;
let qianyou: string;
let deputyPerson: string;
let deputyUnits: string[];
const db = () => t.services.db.kysely;
const as = (u: string) => t.as(u, undefined, freshIp());
const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
const BULLETIN_STATES = ['issued', 'fulfilled', 'lapsed'];
const isBulletin = (n: Row) => BULLETIN_STATES.includes(n.status) && (n.kind === 'commend' || n.criticism);

/** The campaign's notices as the database holds them, in the list's order. */
async function stored(campaign = campaignId): Promise<Stored[]> {
  const rows = await db().selectFrom('notices').select(['id', 'drafted_at', 'unit_id', 'status', 'approver_ids', 'campaign_id']).where('campaign_id', '=', campaign).execute();
  return rows.sort((a, b) => (a.drafted_at !== b.drafted_at ? (a.drafted_at < b.drafted_at ? 1 : -1) : a.id < b.id ? 1 : -1));
}

/** Who may list which notice: a reader of its unit; drafts and withdrawn ones also its approvers; opinions under review those with a person. */
function listable(n: Stored, units: string[], personId: string): boolean {
  if (!units.includes(n.unit_id)) return false;
  return !['draft', 'withdrawn'].includes(n.status) || (JSON.parse(n.approver_ids) as string[]).includes(personId);
}

beforeAll(async () => {
  t = await startApp({ now: '2013-06-01T01:00:00.000Z' });
  const office = await as('duchashi');
  campaignId = (await office.call(campaigns.listCampaigns)).body.items[0].id;
  const created = await office.call(campaigns.createCampaign, { body: { year: 2014, name: '2014年专项督查', startDate: '2014-03-01', endDate: '2014-12-31', streams: [{ key: 's1', title: '专项' }] } });
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  otherCampaign = created.body.id;
  jiaotong = await unitId(t, '交通局');
  qianyou = await unitId(t, '乾佑镇');
  deputyPerson = (await db().selectFrom('users').select('person_id').where('username', '=', 'fuxianzhang').executeTakeFirstOrThrow()).person_id!;
  deputyUnits = (await db().selectFrom('leader_charges').select('unit_id').where('person_id', '=', deputyPerson).execute()).map((c) => c.unit_id);
  expect(deputyUnits.length).toBeGreaterThan(1);
  const tasks = await db().selectFrom('tasks').select(['id', 'lead_unit_id']).where('campaign_id', '=', campaignId).where('lead_unit_id', 'is not', null).execute();
  const units = [jiaotong, qianyou, ...deputyUnits.slice(0, 3)];
  const rows: NoticesTable[] = [];
  for (let i = 0; i < 170; i++) {
    const status = NOTICE_STATUSES[i % NOTICE_STATUSES.length]!;
    const kind = NOTICE_KINDS[i % NOTICE_KINDS.length]!;
    const task = tasks[i % 3]!;
    const at = new Date(Date.parse('2013-05-20T00:00:00.000Z') + Math.floor(i / 3) * 3_600_000).toISOString();
    const issued = !['draft', 'pending_approval', 'rejected', 'withdrawn'].includes(status);
    rows.push({
      id: `n${String(i).padStart(3, '0')}${(i * 7919) % 1000}`,
      campaign_id: i < 150 ? campaignId : otherCampaign,
      kind,
      subject_type: 'task',
      subject_id: task.id,
      unit_id: units[i % units.length]!,
      parent_notice_id: null,
      proposal_id: null,
      status,
      title: `测试通知 ${i}`,
      body: '正文',
      criticism: i % 5 === 0 ? 1 : 0,
      major_impact: 0,
      deadline: null,
      doc_prefix: issued ? '柞政测' : null,
      doc_year: issued ? 2013 : null,
      doc_seq: issued ? i : null,
      doc_number: issued ? `柞政测〔2013〕${i}号` : null,
      approver_ids: JSON.stringify(i % 6 === 0 ? [deputyPerson] : []),
      drafted_by: 'x',
      drafted_name: '督查室',
      drafted_at: at,
      submitted_at: null,
      decided_by: null,
      decided_person_id: null,
      decided_name: null,
      decided_at: null,
      decision_reason: null,
      issued_at: issued ? at : null,
      issued_on: issued ? at.slice(0, 10) : null,
      closed_at: null,
      row_version: 1,
    });
  }
  for (let i = 0; i < rows.length; i += 50) await db().insertInto('notices').values(rows.slice(i, i + 50)).execute();
});
afterAll(async () => t?.close());

describe('the office pages through every notice of the campaign', () => {
  it("each once, newest first and equal instants by id, with the true total; never another campaign's", async () => {
    const office = await as('duchashi');
    const expected = await stored();
    expect(expected.length).toBeGreaterThanOrEqual(150);
    for (const limit of [8, 100, 500]) {
      const w = await walk<Row>(office, supervision.listNotices, { params: { id: campaignId }, limit });
      expectOnceEach(ids(w.items), ids(expected));
      expect(new Set(w.totals)).toEqual(new Set([expected.length]));
    }
    const other = await walk<Row>(office, supervision.listNotices, { params: { id: otherCampaign }, limit: 6 });
    expectOnceEach(ids(other.items), ids(await stored(otherCampaign)));
    expect(other.totals[0]).toBe(20);
  });
});

describe('filters combine with the paging', () => {
  const filters: [string, Record<string, string>, (n: Row) => boolean][] = [
    ['kind', { kind: 'urge' }, (n) => n.kind === 'urge'],
    ['state', { status: 'issued' }, (n) => n.status === 'issued'],
    ['unit and kind', { unitId: '$jiaotong', kind: 'supervise' }, (n) => n.unitId === jiaotong && n.kind === 'supervise'],
    ['bulletins', { bulletin: 'true' }, isBulletin],
    ['not bulletins, of a unit', { bulletin: 'false', unitId: '$qianyou' }, (n) => !isBulletin(n) && n.unitId === qianyou],
    ['a subject', { subjectId: '$subject' }, (n) => n.subjectId === '$subject'],
  ];
  for (const [name, query, keep] of filters) {
    it(name, async () => {
      const office = await as('duchashi');
      const all = (await walk<Row>(office, supervision.listNotices, { params: { id: campaignId }, limit: 500 })).items;
      const subject = all[0]!.subjectId;
      const fill = (v: string) => ({ $jiaotong: jiaotong, $qianyou: qianyou, $subject: subject })[v] ?? v;
      const q = Object.fromEntries(Object.entries(query).map(([k, v]) => [k, fill(v)]));
      const expected = all.filter((n) => keep({ ...n, subjectId: n.subjectId === subject ? '$subject' : n.subjectId }));
      expect(expected.length).toBeGreaterThan(4);
      expect(expected.length).toBeLessThan(all.length);
      const w = await walk<Row>(office, supervision.listNotices, { params: { id: campaignId }, limit: 4, query: q });
      expectOnceEach(ids(w.items), ids(expected));
      expect(new Set(w.totals)).toEqual(new Set([expected.length]));
    });
  }
});

describe('what each reader may list', () => {
  it("a unit's handler: its own unit's notices only and never a draft, on every page and in the total", async () => {
    const handler = await as('jiaotong.cb');
    const person = (await db().selectFrom('users').select('person_id').where('username', '=', 'jiaotong.cb').executeTakeFirstOrThrow()).person_id!;
    const expected = (await stored()).filter((n) => listable(n, [jiaotong], person));
    expect(expected.length).toBeGreaterThan(10);
    const w = await walk<Row>(handler, supervision.listNotices, { params: { id: campaignId }, limit: 5 });
    expect(w.items.every((n) => n.unitId === jiaotong && !['draft', 'withdrawn'].includes(n.status))).toBe(true);
    expectOnceEach(ids(w.items), ids(expected));
    expect(new Set(w.totals)).toEqual(new Set([expected.length]));
    // another unit's notices: refused, or nothing at all
    for (const query of [{ unitId: qianyou }, { unitId: qianyou, bulletin: 'true' }]) {
      const r = await handler.call(supervision.listNotices, { params: { id: campaignId }, query });
      if (r.status === 200) expect([r.body.items, r.body.total]).toEqual([[], 0]);
      else expect(r.status).toBe(403);
    }
    // a cursor from the office's walk shows the handler nothing more
    let cursor: string | null = null;
    const office = await as('duchashi');
    do {
      const page: { body: { nextCursor: string | null } } = await office.call(supervision.listNotices, { params: { id: campaignId }, query: { limit: '40', ...(cursor ? { cursor } : {}) } });
      cursor = page.body.nextCursor;
      if (!cursor) break;
      const theirs = await handler.call(supervision.listNotices, { params: { id: campaignId }, query: { limit: '40', cursor } });
      expect(theirs.body.items.every((n: Row) => n.unitId === jiaotong && !['draft', 'withdrawn'].includes(n.status))).toBe(true);
    } while (cursor);
  });

  it('a deputy county head: the units in his charge, and the drafts he is to approve', async () => {
    const deputy = await as('fuxianzhang');
    const expected = (await stored()).filter((n) => listable(n, deputyUnits, deputyPerson));
    expect(expected.some((n) => n.status === 'draft')).toBe(true);
    const w = await walk<Row>(deputy, supervision.listNotices, { params: { id: campaignId }, limit: 7 });
    expectOnceEach(ids(w.items), ids(expected));
    expect(new Set(w.totals)).toEqual(new Set([expected.length]));
  });
});

describe('publication', () => {
  it('each notice says whether it is published on the portal', async () => {
    const office = await as('duchashi');
    const bulletins = (await walk<Row>(office, supervision.listNotices, { params: { id: campaignId }, limit: 500, query: { bulletin: 'true' } })).items;
    expect(bulletins.every((n) => !n.published)).toBe(true);
    const chosen = bulletins[3]!;
    expect((await office.call(publication.setPublished, { body: { entityType: 'notice', entityId: chosen.id, published: true } })).status).toBe(200);
    const after = (await walk<Row>(office, supervision.listNotices, { params: { id: campaignId }, limit: 10, query: { bulletin: 'true' } })).items;
    expect(after.filter((n) => n.published).map((n) => n.id)).toEqual([chosen.id]);
    expect((await office.call(supervision.getNotice, { params: { id: chosen.id } })).body.published).toBe(true);
  });
});

describe('a damaged cursor', () => {
  it('is refused with 400 VALIDATION_FAILED in Chinese, or in English when asked', async () => {
    const office = await as('duchashi');
    const opts = { params: { id: campaignId } };
    const good = await someCursor(office, supervision.listNotices, opts);
    for (const bad of damaged(good, cursorOf('proposals', ['2013-05-01T00:00:00.000Z', 'x']))) await expectCursorRefused(office, supervision.listNotices, opts, bad);
    expect((await office.call(supervision.listNotices, { ...opts, query: { cursor: good } })).status).toBe(200);
  });
});

describe('the query plans', () => {
  it("the office's and a unit's pages come from an index in order, with no sort", async () => {
    const key = ['2013-06-01T00:00:00.000Z', 'x'];
    const actor = async (username: string) => (await loadActor(db(), (await db().selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id))!;
    const office = await planOf(t, noticePage(noticesMatching(db(), await actor('duchashi'), campaignId, {}), key, 50));
    expect(office, office).toContain('notices_campaign_drafted_idx');
    expect(office).not.toMatch(/TEMP B-TREE|Sort/);
    const unit = await planOf(t, noticePage(noticesMatching(db(), await actor('jiaotong.cb'), campaignId, {}), key, 50));
    expect(unit, unit).toContain('notices_campaign_unit_drafted_idx');
    expect(unit).not.toMatch(/TEMP B-TREE|Sort/);
  });
});
