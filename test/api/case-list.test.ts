/**
 * The staff case list a page at a time: a cursor walks every case the reader may see exactly once,
 * newest first (equal instants by id); `total` is the true count of the cases matching the
 * filters, every filter (overdue among them) combines with the paging; a unit's handler never sees
 * another unit's case on any page nor in the total; a damaged cursor is refused with the bilingual
 * validation error; the pages and the count are read through indexes.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '@luoshi/domain';
import { cases, type Endpoint } from '@luoshi/contracts';
import { cursorOf } from '../../apps/server/src/platform/cursor.ts';
import type { CasesTable } from '../../apps/server/src/platform/db/schema.ts';
import { clocksOf, currentDue } from '../../apps/server/src/modules/cases/clocks.ts';
import { categoriesById, readCasePolicy } from '../../apps/server/src/modules/cases/repo.ts';
import { casePage, casesMatching } from '../../apps/server/src/modules/cases/read-cases.ts';
import { freshIp, startApp, unitId, type Result, type TestApp } from '../support/harness.ts';
import { damaged, expectCursorRefused, expectOnceEach, someCursor, walk } from '../support/paging.ts';
import { planOf } from '../support/plan.ts';

type Row = { id: string; number: string; title: string; content: string; ownerUnitId: string | null; status: string; petition: boolean; backlog: boolean; dispute: boolean; overdue: boolean; createdAt: string };

let t: TestApp;
let qianyou: string;
let jiaotong: string;
let yingpan: string;
const db = () => t.services.db.kysely;
const as = (u: string) => t.as(u, undefined, freshIp());
/** sets the clock to 09:00 in Zhashui on a day (sign in again afterwards: sessions expire when idle) */
const on = (date: string) => t.clock.set(`${date}T01:00:00.000Z`);
const BULK = 130;

/** Every case in the database, in the list's order: newest first, equal instants by id. */
async function allInOrder(): Promise<{ id: string; owner_unit_id: string | null }[]> {
  const rows = await db().selectFrom('cases').select(['id', 'created_at', 'owner_unit_id']).execute();
  return rows.sort((a, b) => (a.created_at !== b.created_at ? (a.created_at < b.created_at ? 1 : -1) : a.id < b.id ? 1 : -1));
}

/** Many cases at once, as intake would store them, four to an instant so the id must break ties. */
async function bulkCases(): Promise<void> {
  const policy = await readCasePolicy(db());
  const cats = await categoriesById(db());
  const road = [...cats.values()].find((c) => c.code === 'road')!;
  const petition = cats.get('cat_petition')!;
  const owners = [qianyou, jiaotong, yingpan];
  const rows: CasesTable[] = [];
  for (let i = 0; i < BULK; i++) {
    const isPetition = i % 4 === 0;
    const receivedOn = addDays('2013-03-01', i % 60);
    const state = i % 5 === 0 ? 'replied' : i % 5 === 1 ? 'handling' : 'received';
    const accepted = isPetition && state !== 'received';
    const at = new Date(Date.parse('2013-04-20T00:00:00.000Z') + Math.floor(i / 4) * 60_000).toISOString();
    const row: CasesTable = {
      id: `bulk${String(i).padStart(3, '0')}${randomBytes(8).toString('hex')}`,
      number: `PG2013-${String(i).padStart(6, '0')}`,
      check_code: 'ABCDEF',
      channel: 'hotline',
      category_id: isPetition ? petition.id : road.id,
      region_id: null,
      address: null,
      lat: null,
      lng: null,
      title: `分页诉求 ${i}`,
      content: i % 10 === 3 ? '路灯不亮 100%' : '道路破损',
      attributes: '{}',
      petition: isPetition ? 1 : 0,
      anonymous: 1,
      name_enc: null,
      phone_enc: null,
      id_no_enc: null,
      email_enc: null,
      owner_unit_id: owners[i % 3]!,
      status: state,
      transfers: 0,
      escalated_at: null,
      received_on: receivedOn,
      acceptance_on: accepted ? addDays(receivedOn, 2) : null,
      accepted: accepted ? 1 : null,
      acceptance_note: null,
      due_on: null,
      extension: null,
      // an open hearing on some, one that ended on others
      pauses: i % 11 === 0 && state !== 'replied' ? JSON.stringify([{ from: '2013-04-25', to: null }]) : i % 13 === 0 ? JSON.stringify([{ from: '2013-04-10', to: '2013-04-20' }]) : '[]',
      replied_on: state === 'replied' ? addDays(receivedOn, 5) : null,
      reply: state === 'replied' ? '已处理' : null,
      review_requested_on: null,
      review_decided_on: null,
      re_review_requested_on: null,
      re_review_decided_on: null,
      satisfaction: null,
      rated_at: null,
      closed_at: null,
      duplicate_of: null,
      backlog: i % 6 === 0 ? 1 : 0,
      dispute: i % 9 === 0 ? 1 : 0,
      resolved_on: null,
      published: 0,
      token: randomBytes(16).toString('hex'),
      api_key_id: null,
      created_by: null,
      created_at: at,
      updated_at: at,
      row_version: 1,
    };
    row.due_on = currentDue(clocksOf(row, policy, (isPetition ? petition : road).handle_days, '2013-04-30'));
    rows.push(row);
  }
  for (let i = 0; i < rows.length; i += 50) await db().insertInto('cases').values(rows.slice(i, i + 50)).execute();
}

/** Cases through the use cases, in the clock states the overdue filter must tell apart. */
async function casesInEveryState(): Promise<void> {
  const office = await as('duchashi');
  const intake = async (body: Record<string, unknown>) => {
    const r = await office.call(cases.intakeCase, { body: { channel: 'visit', regionId: null, anonymous: true, ...body } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.case as { id: string; rowVersion: number };
  };
  const act = async (c: { id: string; rowVersion: number }, e: Endpoint, body: Record<string, unknown>) => {
    const r = await (await as('duchashi')).call(e, { params: { id: c.id }, body: { rowVersion: c.rowVersion, ...body } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as { id: string; rowVersion: number };
  };
  const owned = (c: { id: string }) => db().updateTable('cases').set({ owner_unit_id: qianyou }).where('id', '=', c.id).where('owner_unit_id', 'is', null).execute();
  on('2013-05-01');
  const road = (await db().selectFrom('case_categories').select('id').where('code', '=', 'road').executeTakeFirstOrThrow()).id;
  // a case received a month ago, never answered
  const late = await intake({ categoryId: road, content: '状态测试:一个月前收到的道路问题', receivedOn: '2013-04-01' });
  await owned(late);
  // petitions: one paused for a hearing that stays open, one whose hearing ended, one replied and then under review
  let paused = await intake({ categoryId: 'cat_petition', content: '状态测试:听证未结束的信访' });
  let resumed = await intake({ categoryId: 'cat_petition', content: '状态测试:听证已结束的信访' });
  let reviewed = await intake({ categoryId: 'cat_petition', content: '状态测试:复查中的信访' });
  let extended = await intake({ categoryId: road, content: '状态测试:延期的道路问题' });
  for (const c of [paused, resumed, reviewed, extended]) await owned(c);
  [paused, resumed, reviewed, extended] = await Promise.all([paused, resumed, reviewed, extended].map(async (c) => (await (await as('duchashi')).call(cases.getCase, { params: { id: c.id } })).body));
  on('2013-05-03');
  paused = await act(paused, cases.acceptCase, { accept: true });
  resumed = await act(resumed, cases.acceptCase, { accept: true });
  reviewed = await act(reviewed, cases.acceptCase, { accept: true });
  extended = await act(extended, cases.extendCase, { days: 10, approvedBy: '县政府办主任', reason: '需协调多部门' });
  on('2013-05-10');
  paused = await act(paused, cases.pauseCase, { action: 'start', note: '听证' });
  resumed = await act(resumed, cases.pauseCase, { action: 'start', note: '听证' });
  reviewed = await act(reviewed, cases.replyCase, { reply: '已答复' });
  on('2013-05-25');
  resumed = await act(resumed, cases.pauseCase, { action: 'end', note: '听证结束' });
  reviewed = await act(reviewed, cases.reviewCase, { action: 'request', note: '申请复查' });
}

beforeAll(async () => {
  t = await startApp({ now: '2013-05-01T01:00:00.000Z' });
  qianyou = await unitId(t, '乾佑镇');
  jiaotong = await unitId(t, '交通局');
  yingpan = await unitId(t, '营盘镇');
  await bulkCases();
  await casesInEveryState();
  on('2013-06-01');
});
afterAll(async () => t?.close());

const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

describe('the office pages through every case', () => {
  it('each case once, newest first and equal instants by id, with the true total on every page', async () => {
    const office = await as('duchashi');
    const expected = await allInOrder();
    expect(expected.length).toBeGreaterThan(BULK);
    for (const limit of [7, 50, 500]) {
      const w = await walk<Row>(office, cases.listCases, { limit });
      expectOnceEach(ids(w.items), ids(expected));
      expect(new Set(w.totals)).toEqual(new Set([expected.length]));
      expect(w.sizes.length).toBe(Math.ceil(expected.length / limit));
    }
  });

  it('a case added after a page was read comes first in a new walk, and is not repeated in the old one', async () => {
    const office = await as('duchashi');
    const first = await office.call(cases.listCases, { query: { limit: '10' } });
    const road = (await db().selectFrom('case_categories').select('id').where('code', '=', 'road').executeTakeFirstOrThrow()).id;
    t.clock.advance(60_000);
    const added = (await office.call(cases.intakeCase, { body: { channel: 'hotline', categoryId: road, content: '翻页期间新登记的诉求', anonymous: true } })).body.case;
    const rest = await walk<Row>(office, cases.listCases, { limit: 10, query: {} });
    expect(rest.items[0]!.id).toBe(added.id);
    const next = await office.call(cases.listCases, { query: { limit: '10', cursor: first.body.nextCursor } });
    expect(ids(next.body.items)).not.toContain(added.id);
    expect(ids(next.body.items)[0]).toBe(ids(rest.items)[10 + 1]);
    expect(next.body.total).toBe(first.body.total + 1);
  });
});

describe('filters combine with the paging', () => {
  const filters: [string, Record<string, string>, (c: Row) => boolean][] = [
    ['status', { status: 'received' }, (c) => c.status === 'received'],
    ['unit and backlog', { unitId: '$qianyou', backlog: 'true' }, (c) => c.ownerUnitId === qianyou && c.backlog],
    ['petition and overdue', { petition: 'true', overdue: 'true' }, (c) => c.petition && c.overdue],
    ['not overdue and handling', { overdue: 'false', status: 'handling' }, (c) => !c.overdue && c.status === 'handling'],
    ['dispute, not a petition', { dispute: 'true', petition: 'false' }, (c) => c.dispute && !c.petition],
    ['search', { q: '分页诉求 1' }, (c) => c.title.includes('分页诉求 1')],
    ['search for a literal %', { q: '100%' }, (c) => c.content.includes('100%')],
  ];
  for (const [name, query, keep] of filters) {
    it(name, async () => {
      const office = await as('duchashi');
      const all = (await walk<Row>(office, cases.listCases, { limit: 500 })).items;
      const q = Object.fromEntries(Object.entries(query).map(([k, v]) => [k, v === '$qianyou' ? qianyou : v]));
      const w = await walk<Row>(office, cases.listCases, { limit: 4, query: q });
      const expected = all.filter(keep);
      expect(expected.length).toBeGreaterThan(4);
      expectOnceEach(ids(w.items), ids(expected));
      expect(new Set(w.totals)).toEqual(new Set([expected.length]));
    });
  }
});

describe('overdue, read from the stored due date, agrees with the clocks day by day', () => {
  for (const day of ['2013-05-02', '2013-05-20', '2013-06-20', '2013-07-12', '2013-08-05', '2013-09-30']) {
    it(day, async () => {
      on(day);
      const office = await as('duchashi');
      const all = (await walk<Row>(office, cases.listCases, { limit: 500 })).items;
      const over = await walk<Row>(office, cases.listCases, { limit: 9, query: { overdue: 'true' } });
      const notOver = await walk<Row>(office, cases.listCases, { limit: 9, query: { overdue: 'false' } });
      expectOnceEach(ids(over.items), ids(all.filter((c) => c.overdue)));
      expectOnceEach(ids(notOver.items), ids(all.filter((c) => !c.overdue)));
      expect(over.totals[0]! + notOver.totals[0]!).toBe(all.length);
      expect(over.items.every((c) => c.overdue)).toBe(true);
      expect(over.items.length).toBeGreaterThan(0);
      expect(notOver.items.length).toBeGreaterThan(0);
    });
  }
  it("still agrees after a category's handling days change (the open cases of the category are re-dated)", async () => {
    on('2013-05-20');
    const office = await as('duchashi');
    const road = (await db().selectFrom('case_categories').select(['id', 'handle_days']).where('code', '=', 'road').executeTakeFirstOrThrow());
    const before = (await walk<Row>(office, cases.listCases, { limit: 500, query: { overdue: 'true' } })).items.length;
    const changed = await office.call(cases.updateCategory, { params: { id: road.id }, body: { handleDays: 90 } });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    const all = (await walk<Row>(office, cases.listCases, { limit: 500 })).items;
    const over = await walk<Row>(office, cases.listCases, { limit: 9, query: { overdue: 'true' } });
    expectOnceEach(ids(over.items), ids(all.filter((c) => c.overdue)));
    expect(over.items.length).toBeLessThan(before);
    expect((await office.call(cases.updateCategory, { params: { id: road.id }, body: { handleDays: road.handle_days } })).status).toBe(200);
    expect((await walk<Row>(office, cases.listCases, { limit: 500, query: { overdue: 'true' } })).items.length).toBe(before);
  });

  it('the state cases show a paused and a resumed hearing and a review as the clocks do', async () => {
    on('2013-07-20');
    const office = await as('duchashi');
    const byContent = async (content: string) => (await office.call(cases.listCases, { query: { q: content } })).body.items[0] as Row & { clocks: { status: string }[] };
    expect((await byContent('听证未结束')).overdue).toBe(false);
    expect((await byContent('听证未结束')).clocks.some((c) => c.status === 'paused')).toBe(true);
    expect((await byContent('一个月前收到')).overdue).toBe(true);
    const overdueIds = ids((await walk<Row>(office, cases.listCases, { limit: 100, query: { overdue: 'true', q: '状态测试' } })).items);
    expect(overdueIds).toContain((await byContent('一个月前收到')).id);
    expect(overdueIds).not.toContain((await byContent('听证未结束')).id);
  });
});

describe("a unit's handler", () => {
  it("pages through its own unit's cases only, and the total counts only them", async () => {
    on('2013-06-01');
    const handler = await as('jiaotong.cb');
    const own = (await allInOrder()).filter((r) => r.owner_unit_id === jiaotong);
    expect(own.length).toBeGreaterThan(10);
    const w = await walk<Row>(handler, cases.listCases, { limit: 6 });
    expect(w.items.every((c) => c.ownerUnitId === jiaotong)).toBe(true);
    expectOnceEach(ids(w.items), ids(own));
    expect(new Set(w.totals)).toEqual(new Set([own.length]));
    for (const query of [{ unitId: qianyou }, { unitId: yingpan, overdue: 'true' }, { q: '分页诉求', unitId: qianyou }]) {
      const foreign = await walk<Row>(handler, cases.listCases, { limit: 6, query });
      expect(foreign.items).toEqual([]);
      expect(foreign.totals).toEqual([0]);
    }
  });

  it("a cursor taken from the office's walk shows the handler nothing of another unit", async () => {
    const office = await as('duchashi');
    const handler = await as('jiaotong.cb');
    let cursor: string | null = null;
    do {
      const page: Result = await office.call(cases.listCases, { query: { limit: '25', ...(cursor ? { cursor } : {}) } });
      cursor = page.body.nextCursor;
      if (!cursor) break;
      const theirs = await handler.call(cases.listCases, { query: { limit: '25', cursor } });
      expect(theirs.status).toBe(200);
      expect(theirs.body.items.every((c: Row) => c.ownerUnitId === jiaotong)).toBe(true);
    } while (cursor);
  });
});

describe('a damaged cursor', () => {
  it('is refused with 400 VALIDATION_FAILED in Chinese, or in English when asked, never a 500', async () => {
    const office = await as('duchashi');
    const good = await someCursor(office, cases.listCases);
    // a well-made cursor of another list, of the same shape
    const foreign = cursorOf('notices', ['2013-05-01T00:00:00.000Z', 'x']);
    for (const bad of damaged(good, foreign)) await expectCursorRefused(office, cases.listCases, {}, bad);
    expect((await office.call(cases.listCases, { query: { cursor: 'x'.repeat(401) } })).status).toBe(400);
    expect((await office.call(cases.listCases, { query: { limit: '501' } })).status).toBe(400);
    expect((await office.call(cases.listCases, { query: { cursor: good } })).status).toBe(200);
  });
});

describe('the query plans', () => {
  it('the office and a unit page newest first from an index, with no sort; the overdue count reads the due-date index', async () => {
    const key = ['2013-05-01T00:00:00.000Z', 'x'];
    const office = await planOf(t, casePage(casesMatching(db(), null, {}, '2013-06-01'), key, 50));
    expect(office).toContain('cases_created_idx');
    expect(office).not.toMatch(/TEMP B-TREE|Sort/);
    const unit = await planOf(t, casePage(casesMatching(db(), [jiaotong], {}, '2013-06-01'), key, 50));
    expect(unit, unit).toContain('cases_owner_created_idx');
    expect(unit).not.toMatch(/TEMP B-TREE|Sort/);
    const overdue = await planOf(t, casesMatching(db(), null, { overdue: 'true' }, '2013-06-01').select((eb) => eb.fn.countAll().as('n')));
    expect(overdue).toContain('cases_due_on_idx');
  });
});
