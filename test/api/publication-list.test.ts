/**
 * The items listed as published, a page at a time: a cursor walks every one exactly once, newest
 * first (equal instants by kind, then id), of all kinds or of one; `total` is the true count; each
 * item is named; only the office lists them, on any page; a damaged cursor, or one of the wrong
 * shape, is refused with the bilingual validation error; the pages come from an index.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaigns, publication } from '@luoshi/contracts';
import type { PublicationsTable } from '../../apps/server/src/platform/db/schema.ts';
import { cursorOf } from '../../apps/server/src/platform/cursor.ts';
import { publishedMatching, publishedPage } from '../../apps/server/src/modules/publication/publish.ts';
import { freshIp, startApp, type TestApp } from '../support/harness.ts';
import { damaged, expectCursorRefused, expectOnceEach, someCursor, walk } from '../support/paging.ts';
import { planOf } from '../support/plan.ts';

type Item = { entityType: string; entityId: string; title: string; publishedBy: string; publishedAt: string };

let t: TestApp;
let campaignId: string;
let campaignName: string;
const db = () => t.services.db.kysely;
const as = (u: string) => t.as(u, undefined, freshIp());
const keyOf = (i: { entityType: string; entityId: string }) => `${i.entityType}:${i.entityId}`;
const KINDS = ['notice', 'report', 'attachment', 'ranking'];

/** Every listed item as the database holds it, in the list's order. */
async function inOrder(kind?: string) {
  let q = db().selectFrom('publications').selectAll();
  if (kind) q = q.where('entity_type', '=', kind);
  const rows = await q.execute();
  const cmp = (a: string, b: string) => (a < b ? 1 : a > b ? -1 : 0);
  return rows.sort((a, b) => cmp(a.published_at, b.published_at) || cmp(a.entity_type, b.entity_type) || cmp(a.entity_id, b.entity_id)).map((r) => ({ entityType: r.entity_type, entityId: r.entity_id }));
}

beforeAll(async () => {
  t = await startApp();
  const office = await as('duchashi');
  const c = (await office.call(campaigns.listCampaigns)).body.items[0];
  campaignId = c.id;
  campaignName = c.name;
  const rows: PublicationsTable[] = [];
  for (let i = 0; i < 130; i++) {
    // four to an instant, two of each of two kinds: the kind and then the id order them
    const at = new Date(Date.parse('2013-04-20T00:00:00.000Z') + Math.floor(i / 4) * 60_000).toISOString();
    rows.push({ entity_type: KINDS[Math.floor(i / 2) % 4]!, entity_id: `e${String((i * 41) % 130).padStart(3, '0')}`, published_by: '督查室', published_at: at });
  }
  rows.push({ entity_type: 'ranking', entity_id: campaignId, published_by: '督查室', published_at: '2013-04-30T00:00:00.000Z' });
  for (let i = 0; i < rows.length; i += 50) await db().insertInto('publications').values(rows.slice(i, i + 50)).execute();
});
afterAll(async () => t?.close());

describe('the office pages through what it published', () => {
  it('each item once, newest first and equal instants by kind and id, with the true total', async () => {
    const office = await as('duchashi');
    const expected = await inOrder();
    expect(expected.length).toBe(131);
    for (const limit of [9, 100, 500]) {
      const w = await walk<Item>(office, publication.listPublished, { limit });
      expectOnceEach(w.items.map(keyOf), expected.map(keyOf));
      expect(new Set(w.totals)).toEqual(new Set([131]));
    }
  });

  for (const kind of KINDS) {
    it(`of one kind: ${kind}`, async () => {
      const office = await as('duchashi');
      const expected = await inOrder(kind);
      expect(expected.length).toBeGreaterThan(30);
      const w = await walk<Item>(office, publication.listPublished, { limit: 4, query: { entityType: kind } });
      expectOnceEach(w.items.map(keyOf), expected.map(keyOf));
      expect(new Set(w.totals)).toEqual(new Set([expected.length]));
    });
  }

  it('names each item: a ranking by its campaign; an item that is gone has no name', async () => {
    const office = await as('duchashi');
    const items = (await walk<Item>(office, publication.listPublished, { limit: 500, query: { entityType: 'ranking' } })).items;
    expect(items.find((i) => i.entityId === campaignId)?.title).toBe(campaignName);
    expect(items.find((i) => i.entityId !== campaignId)?.title).toBe('');
  });

  it('a kind asked for on later pages with a cursor of another kind still lists only that kind', async () => {
    const office = await as('duchashi');
    const first = await office.call(publication.listPublished, { query: { limit: '10' } });
    const reports = await walk<Item>(office, publication.listPublished, { limit: 10, query: { entityType: 'report', cursor: first.body.nextCursor } });
    expect(reports.items.every((i) => i.entityType === 'report')).toBe(true);
    const last = first.body.items.at(-1) as Item;
    expect(reports.items.every((i) => i.publishedAt <= last.publishedAt)).toBe(true);
  });
});

describe('only the office lists them', () => {
  it("a unit's staff are refused on the first page and on any later one", async () => {
    const cursor = await someCursor(await as('duchashi'), publication.listPublished);
    const handler = await as('qianyou.cb');
    expect((await handler.call(publication.listPublished)).status).toBe(403);
    expect((await handler.call(publication.listPublished, { query: { cursor } })).status).toBe(403);
  });
});

describe('a damaged cursor', () => {
  it('is refused with 400 VALIDATION_FAILED in Chinese, or in English when asked, as is one of the wrong shape', async () => {
    const office = await as('duchashi');
    const good = await someCursor(office, publication.listPublished);
    const bad = [...damaged(good, cursorOf('notices', ['2013-04-20T00:00:00.000Z', 'x'])), cursorOf('publications', ['2013-04-20T00:00:00.000Z', 'x']), cursorOf('publications', ['2013-04-20T00:00:00.000Z', 'report', 5])];
    for (const cursor of bad) await expectCursorRefused(office, publication.listPublished, {}, cursor);
    expect((await office.call(publication.listPublished, { query: { cursor: good } })).status).toBe(200);
  });
});

describe('the query plans', () => {
  it('the whole list and one kind page from an index in order, with no sort', async () => {
    const key = ['2013-05-01T00:00:00.000Z', 'report', 'x'];
    const all = await planOf(t, publishedPage(publishedMatching(db(), {}), key, 50));
    expect(all, all).toContain('publications_published_idx');
    expect(all).not.toMatch(/TEMP B-TREE|Sort/);
    const one = await planOf(t, publishedPage(publishedMatching(db(), { entityType: 'report' }), key, 50, 'report'));
    expect(one, one).toContain('publications_type_published_idx');
    expect(one).not.toMatch(/TEMP B-TREE|Sort/);
  });
});
