/**
 * The portal's published tasks, a page at a time: a cursor walks every published task once, in
 * code order (1.9 before 1.10, as the staff app sorts), never an unpublished one; `total` counts the
 * tasks matching the search; a damaged cursor or a bad limit is refused with the usual bilingual
 * validation error; a task's own page has all it published; and a change made after a page was
 * answered shows in the next answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaigns, files, progress, publication, tasks } from '@luoshi/contracts';
import { compareCodes } from '@luoshi/domain';
import { publicTaskPage } from '../../apps/server/src/modules/portal/public-tasks.ts';
import { freshIp, startApp, unitId, type Client, type TestApp } from '../support/harness.ts';
import { photoUpload } from '../support/work.ts';

let t: TestApp;
let office: Client;
let handler: Client;
let campaignId: string;
let town: string;
let roads: string;
/** the tasks this file made: published or kept back */
const made: { id: string; code: string; title: string; lead: string; published: boolean }[] = [];

interface Summary {
  id: string;
  code: string;
  title: string;
  unitName: string | null;
  progress: number;
  latestReport: { date: string; percent: number; narrative: string } | null;
  evidenceCount: number;
}
interface Page {
  items: Summary[];
  nextCursor: string | null;
  total: number;
}

async function get(url: string, lang?: 'en') {
  const r = await t.app.inject({ method: 'GET', url, remoteAddress: freshIp(), headers: lang ? { 'accept-language': 'en' } : {} });
  return { status: r.statusCode, body: r.json() };
}
async function page(query: Record<string, string>): Promise<Page> {
  const r = await get(`/api/v1/portal/tasks?${new URLSearchParams(query)}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as Page;
}
/** every page of a list, following nextCursor; the number of requests it took */
async function walk(query: Record<string, string>): Promise<{ items: Summary[]; requests: number; totals: number[] }> {
  const items: Summary[] = [];
  const totals: number[] = [];
  let cursor: string | null = null;
  let requests = 0;
  do {
    const p = await page({ ...query, ...(cursor ? { cursor } : {}) });
    requests++;
    items.push(...p.items);
    totals.push(p.total);
    cursor = p.nextCursor;
    expect(requests).toBeLessThan(100);
  } while (cursor);
  return { items, requests, totals };
}
/** the published tasks as the database holds them, in the order the portal must give */
async function publishedInOrder(): Promise<{ id: string; code: string }[]> {
  const rows = await t.services.db.kysely.selectFrom('tasks').select(['id', 'code']).where('published', '=', 1).execute();
  return rows.sort((a, b) => compareCodes(a.code, b.code) || (a.id < b.id ? -1 : 1));
}
const publish = async (entityType: 'task' | 'report' | 'attachment', entityId: string, published = true) =>
  expect((await office.call(publication.setPublished, { body: { entityType, entityId, published } })).status).toBe(200);

beforeAll(async () => {
  t = await startApp({ now: '2013-05-20T02:00:00.000Z' });
  office = await t.as('duchashi', undefined, freshIp());
  handler = await t.as('qianyou.cb', undefined, freshIp());
  campaignId = (await office.call(campaigns.listCampaigns)).body.items[0].id;
  town = await unitId(t, '乾佑镇');
  roads = await unitId(t, '交通局');
  // 48 tasks under one project (codes p.1 … p.48): 45 published, three kept back
  const project = await office.call(tasks.createTask, { params: { id: campaignId }, body: { nodeType: 'project', title: '分页测试项目', leadUnitId: town } });
  expect(project.status, JSON.stringify(project.body)).toBe(200);
  for (let i = 1; i <= 48; i++) {
    const keep = i === 5 || i === 20 || i === 41;
    const title = keep ? `未公开任务第${i}项` : i === 7 ? 'Road Repair 乡村公路 ABC' : `分页测试任务第${i}项`;
    const lead = i % 3 === 0 ? roads : town;
    const r = await office.call(tasks.createTask, { params: { id: campaignId }, body: { nodeType: 'task', parentId: project.body.id, title, leadUnitId: lead, plannedEnd: '2013-12-31' } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    made.push({ id: r.body.id, code: r.body.code, title, lead, published: !keep });
    if (!keep) await publish('task', r.body.id);
  }
});
afterAll(async () => t?.close());

describe('the published tasks, a page at a time', () => {
  it('walks every published task once, in code order, never an unpublished one', async () => {
    const expected = await publishedInOrder();
    expect(expected.length).toBeGreaterThanOrEqual(45);
    const { items, requests, totals } = await walk({ limit: '20' });
    expect(items.map((x) => x.id)).toEqual(expected.map((x) => x.id));
    expect(new Set(items.map((x) => x.id)).size).toBe(items.length);
    expect(requests).toBe(Math.ceil(expected.length / 20));
    expect(new Set(totals)).toEqual(new Set([expected.length]));
    for (const hidden of made.filter((m) => !m.published)) expect(items.map((x) => x.id)).not.toContain(hidden.id);
    // the natural order of codes: p.9 before p.10, p.19 before p.20
    const at = (n: number) => items.findIndex((x) => x.id === made[n - 1]!.id);
    expect(at(9)).toBeLessThan(at(10));
    expect(at(19)).toBeLessThan(at(21));
    // a summary: no report, no file lists
    expect(Object.keys(items[0]!).sort()).toEqual(['code', 'evidenceCount', 'id', 'latestReport', 'light', 'plannedEnd', 'progress', 'status', 'title', 'unitName']);
    // the default page is twenty, the same as asked for
    const first = await page({});
    expect(first.items.map((x) => x.id)).toEqual(items.slice(0, 20).map((x) => x.id));
    expect(first.nextCursor).not.toBeNull();
    // other page sizes walk the same list
    expect((await walk({ limit: '7' })).items.map((x) => x.id)).toEqual(expected.map((x) => x.id));
    expect((await walk({ limit: '100' })).requests).toBe(1);
    // the staff's task list says which rows are published (the office's publication page reads it)
    const rows = (await office.call(tasks.listTasks, { params: { id: campaignId }, query: { includeAncestors: 'false' } })).body.items as { id: string; published: boolean }[];
    for (const m of made) expect(rows.find((r) => r.id === m.id)?.published, m.title).toBe(m.published);
  });

  it('the same first page twice is one shared answer (written to JSON once)', async () => {
    const db = t.services.db.kysely;
    const a = await publicTaskPage(db, { limit: 20 });
    expect(await publicTaskPage(db, { limit: 20 })).toBe(a);
    expect(await publicTaskPage(db, { limit: 20, q: '乡村公路' })).not.toBe(a);
  });

  it('searches codes, titles and lead units (Latin letters in either case), and pages a search', async () => {
    for (const q of ['road repair', 'ROAD REPAIR 乡村', '乡村公路', '  公路 abc  ', 'Repair']) {
      const p = await page({ q });
      expect(p.items.map((x) => x.title), q).toEqual(['Road Repair 乡村公路 ABC']);
      expect(p).toMatchObject({ total: 1, nextCursor: null });
    }
    // a unit's name: every published task it leads, in pages of five
    const unitName = (await t.services.db.kysely.selectFrom('units').select('name').where('id', '=', roads).executeTakeFirstOrThrow()).name;
    const led = await walk({ q: unitName, limit: '5' });
    const expectedLed = (await publishedInOrder()).filter((x) => made.some((m) => m.id === x.id && m.lead === roads));
    expect(expectedLed.length).toBe(16);
    expect(led.items.map((x) => x.id)).toEqual(expectedLed.map((x) => x.id));
    expect(new Set(led.totals)).toEqual(new Set([16]));
    expect(led.items.every((x) => x.unitName === unitName)).toBe(true);
    // a code: p.1 matches p.1 and p.10 … p.19, of them the published ones
    const code = made[0]!.code;
    const byCode = await walk({ q: code, limit: '4' });
    const wanted = (await publishedInOrder()).filter((x) => x.code.includes(code));
    expect(byCode.items.map((x) => x.id)).toEqual(wanted.map((x) => x.id));
    expect(byCode.items.map((x) => x.code)).toContain(made[9]!.code);
    // nothing found; only blanks is no search
    expect(await page({ q: '没有这样的任务' })).toEqual({ items: [], nextCursor: null, total: 0 });
    expect((await page({ q: '   ' })).total).toBe((await page({})).total);
    // an unpublished task is not found by its title either
    expect((await page({ q: '未公开任务' })).total).toBe(0);
    expect((await get(`/api/v1/portal/tasks?q=${'长'.repeat(51)}`)).status).toBe(400);
  });

  it('refuses a damaged cursor and a bad limit: 400 with the code and a message in Chinese or English', async () => {
    const cursor = (await page({ limit: '3' })).nextCursor!;
    const [body, check] = cursor.split('.') as [string, string];
    const flipped = body.slice(0, 5) + (body[5] === 'A' ? 'B' : 'A') + body.slice(6);
    for (const bad of ['garbage', `${flipped}.${check}`, `${body}.${check.slice(1)}`, `${body}.${check}.x`, `.${check}`, 'x'.repeat(401)]) {
      const zh = await get(`/api/v1/portal/tasks?cursor=${encodeURIComponent(bad)}`);
      expect(zh.status, bad).toBe(400);
      expect(zh.body.error.code).toBe('VALIDATION_FAILED');
      expect(zh.body.error.message).toBe('提交的数据不符合要求');
      expect(zh.body.error.issues[0].path).toMatch(/cursor/);
      const en = await get(`/api/v1/portal/tasks?cursor=${encodeURIComponent(bad)}`, 'en');
      expect(en.status).toBe(400);
      expect(en.body.error).toMatchObject({ code: 'VALIDATION_FAILED', message: 'The submitted data is not valid' });
    }
    const damaged = await get(`/api/v1/portal/tasks?cursor=${encodeURIComponent(`${flipped}.${check}`)}`);
    expect(damaged.body.error.issues).toEqual([{ path: 'cursor', message: '翻页标记无效或已损坏,请从第一页重新加载' }]);
    expect((await get(`/api/v1/portal/tasks?cursor=${encodeURIComponent(`${flipped}.${check}`)}`, 'en')).body.error.issues[0].message).toMatch(/cursor is not valid/);
    for (const limit of ['0', '101', 'x', '1.5', '-1']) {
      const r = await get(`/api/v1/portal/tasks?limit=${limit}`);
      expect(r.status, limit).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('a task’s page has all its published reports and files; an unpublished or unknown task is not found', async () => {
    const task = made.find((m) => m.published && m.lead === town)!;
    const report = async (narrative: string, percent: number) => {
      const r = await handler.call(progress.createReport, { params: { id: task.id }, body: { narrative, percent } });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body.id as string;
    };
    const first = await report('第一次进展:完成选址', 20);
    const up = photoUpload('公开的现场照片.png');
    const file = await handler.call(files.uploadReportAttachments, { params: { id: first }, rawBody: up.body, headers: { 'content-type': up.contentType } });
    expect(file.status, JSON.stringify(file.body)).toBe(200);
    expect((await handler.call(progress.submitReport, { params: { id: first } })).status).toBe(200);
    t.clock.set('2013-05-20T02:05:00.000Z');
    const long = `第二次进展:${'施工队进场,'.repeat(60)}`;
    const second = await report(long, 50);
    expect((await handler.call(progress.submitReport, { params: { id: second } })).status).toBe(200);
    t.clock.set('2013-05-20T02:10:00.000Z');
    const kept = await report('内部进展,不公开', 55);
    expect((await handler.call(progress.submitReport, { params: { id: kept } })).status).toBe(200);
    for (const id of [first, second]) await publish('report', id);
    await publish('attachment', file.body.items[0].id);

    const shown = await get(`/api/v1/portal/tasks/${task.id}`);
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ id: task.id, code: task.code, title: task.title, progress: 55 });
    expect(shown.body.reports.map((r: any) => [r.date, r.percent, r.narrative])).toEqual([
      ['2013-05-20', 20, '第一次进展:完成选址'],
      ['2013-05-20', 50, long],
    ]);
    expect(shown.body.evidence).toEqual([{ id: file.body.items[0].id, name: '公开的现场照片.png', mime: 'image/png' }]);
    // in the list: the latest published report, its text cut short, and the number of files
    const listed = (await page({ q: task.title })).items[0]!;
    expect(listed.latestReport).toEqual({ date: '2013-05-20', percent: 50, narrative: `${Array.from(long).slice(0, 140).join('')}…` });
    expect(listed.evidenceCount).toBe(1);

    for (const id of [made.find((m) => !m.published)!.id, 'nosuchtask000000000000']) {
      const r = await get(`/api/v1/portal/tasks/${id}`);
      expect(r.status).toBe(404);
      expect(r.body.error).toMatchObject({ code: 'NOT_FOUND', message: '请求的资源不存在' });
    }
  });

  it('a change shows in the next answer: progress reported, a title changed, a task withdrawn or published', async () => {
    const before = await page({});
    const [a, b] = before.items as [Summary, Summary];
    // progress: the town's handler reports on a task it leads
    const own = before.items.find((x) => made.find((m) => m.id === x.id)?.lead === town)!;
    t.clock.set('2013-05-20T02:15:00.000Z');
    const r = await handler.call(progress.createReport, { params: { id: own.id }, body: { narrative: '进度更新', percent: 80 } });
    expect((await handler.call(progress.submitReport, { params: { id: r.body.id } })).status).toBe(200);
    expect((await page({})).items.find((x) => x.id === own.id)!.progress).toBe(80);
    // a title
    const detail = (await office.call(tasks.getTask, { params: { id: b.id } })).body;
    expect((await office.call(tasks.updateTask, { params: { id: b.id }, body: { rowVersion: detail.rowVersion, title: '改过名称的任务' } })).status).toBe(200);
    expect((await page({})).items.find((x) => x.id === b.id)!.title).toBe('改过名称的任务');
    expect((await get(`/api/v1/portal/tasks/${b.id}`)).body.title).toBe('改过名称的任务');
    // withdrawn: gone from the list, its page and the total; a cursor taken before still walks on
    const cursor = (await page({ limit: '3' })).nextCursor!;
    await publish('task', a.id, false);
    const after = await page({});
    expect(after.items.map((x) => x.id)).not.toContain(a.id);
    expect(after.total).toBe(before.total - 1);
    expect((await get(`/api/v1/portal/tasks/${a.id}`)).status).toBe(404);
    const rest = await page({ limit: '100', cursor });
    const all = await publishedInOrder();
    expect(rest.items.map((x) => x.id)).toEqual(all.slice(2).map((x) => x.id));
    // a withdrawn task as the cursor's own: the next page starts after its place
    const sliced = await page({ limit: '1' });
    await publish('task', sliced.items[0]!.id, false);
    const next = await page({ limit: '100', cursor: sliced.nextCursor! });
    expect(next.items.map((x) => x.id)).toEqual((await publishedInOrder()).map((x) => x.id));
    // published again: back in its place
    await publish('task', a.id);
    await publish('task', sliced.items[0]!.id);
    expect((await walk({ limit: '20' })).items.map((x) => x.id)).toEqual((await publishedInOrder()).map((x) => x.id));
  });

  it('the open-data export lists every published task, not one page', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/open-data/v1/tasks.json', remoteAddress: freshIp() });
    expect(r.statusCode).toBe(200);
    const codes = (r.json().rows as { code: string }[]).map((x) => x.code);
    expect(codes).toEqual((await publishedInOrder()).map((x) => x.code));
    expect(codes.length).toBeGreaterThan(20);
  });
});
