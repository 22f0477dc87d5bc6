/**
 * Three tools of the office for cases and petitions, through HTTP on SQLite and PostgreSQL:
 * the holiday schedule the petition clocks count against (节假日安排), satisfaction by owner unit
 * for a period with its .xlsx export (满意度统计), and every stage's decision kept as a history
 * (受理, 办理答复, 复查, 复核) while `reply` keeps meaning the latest — including the migration
 * that carries existing cases over.
 */
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases, portal } from '@luoshi/contracts';
import { MIGRATIONS } from '../../apps/server/src/platform/db/migrate.ts';
import { freshIp, startApp, unitId, type Client, type TestApp } from '../support/harness.ts';
import { download, multipart, sheetValues } from '../support/sheets.ts';

let t: TestApp;
let qianyou: string;
let jiaotong: string;
const db = () => t.services.db.kysely;
/** 09:00 in Zhashui on a day; sessions idle out after 30 minutes, so sign in again after a jump */
const on = (date: string) => t.clock.set(`${date}T01:00:00.000Z`);
const as = (u: string) => t.as(u);
const region = async (name: string) => (await db().selectFrom('regions').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
const audits = async (action: string) => db().selectFrom('audit_log').select(['action', 'after']).where('action', '=', action).execute();
const clock = (c: any, name: string) => c.clocks.find((k: any) => k.name === name);

async function townCase(c: Client, content: string, opts: { petition?: boolean; receivedOn?: string } = {}) {
  const r = await c.call(cases.intakeCase, {
    body: { channel: 'visit', categoryId: opts.petition ? 'cat_petition' : 'cat_road', content, regionId: await region('乾佑镇'), name: '测试戊', phone: '13500004444', ...(opts.receivedOn ? { receivedOn: opts.receivedOn } : {}) },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.case;
}
async function uploadHolidays(c: Client, year: number, file: Buffer) {
  const { body, contentType } = multipart(file, '节假日.xlsx');
  return c.request('POST', `/api/v1/case-holidays/${year}/import.xlsx`, { rawBody: body, headers: { 'content-type': contentType } });
}

beforeAll(async () => {
  t = await startApp({ now: '2013-05-01T01:00:00.000Z' });
  qianyou = await unitId(t, '乾佑镇');
  jiaotong = await unitId(t, '交通局');
});
afterAll(async () => t?.close());

describe('节假日安排: the holiday schedule', () => {
  it('the office enters 2013’s National Day; staff read the year, only the office changes it', async () => {
    const office = await as('duchashi');
    expect((await office.call(cases.listHolidays, { query: { year: '2013' } })).body).toMatchObject({ year: 2013, shiftToWorkingDay: true, days: [] });
    const entered = await office.call(cases.importHolidays, { body: { year: 2013, text: '2013-10-01~2013-10-07 休 国庆节\n2013-09-29 班 国庆节调休上班\n2013-10-12 班 国庆节调休上班' } });
    expect(entered.status, JSON.stringify(entered.body)).toBe(200);
    const r = await office.call(cases.listHolidays, { query: { year: '2013' } });
    expect(r.status).toBe(200);
    expect(r.body.days).toHaveLength(9);
    expect(r.body.years).toContain(2013);
    expect(r.body.days.find((d: any) => d.date === '2013-10-01')).toMatchObject({ kind: 'rest', weekday: 2 });
    expect(r.body.days.find((d: any) => d.date === '2013-09-29')).toMatchObject({ kind: 'work', weekday: 0 });
    expect(r.body.days.every((d: any) => d.date.startsWith('2013-'))).toBe(true);
    const handler = await as('qianyou.cb');
    expect((await handler.call(cases.listHolidays, { query: { year: '2013' } })).status).toBe(200);
    const refused = await handler.call(cases.setHoliday, { params: { date: '2013-05-16' }, body: { kind: 'rest', note: '' } });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
  });

  it('a day off moves a running petition clock that ends on it; removing it moves the clock back; both audited', async () => {
    const office = await as('duchashi');
    const c = await townCase(office, '反映乾佑镇某村饮水工程停工,群众吃水困难。', { petition: true });
    expect(clock(c, 'acceptance').dueOn).toBe('2013-05-16'); // a Thursday
    const set = await office.call(cases.setHoliday, { params: { date: '2013-05-16' }, body: { kind: 'rest', note: '测试放假' } });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.redated).toBeGreaterThanOrEqual(1);
    expect(set.body.days.find((d: any) => d.date === '2013-05-16')).toEqual({ date: '2013-05-16', kind: 'rest', weekday: 4, note: '测试放假' });
    let now = (await office.call(cases.getCase, { params: { id: c.id } })).body;
    expect(clock(now, 'acceptance').dueOn).toBe('2013-05-17');
    expect(now.dueOn).toBe('2013-05-17');
    const removed = await office.call(cases.deleteHoliday, { params: { date: '2013-05-16' } });
    expect(removed.status).toBe(200);
    expect(removed.body.days.map((d: any) => d.date)).not.toContain('2013-05-16');
    now = (await office.call(cases.getCase, { params: { id: c.id } })).body;
    expect(clock(now, 'acceptance').dueOn).toBe('2013-05-16');
    expect(now.dueOn).toBe('2013-05-16');
    const [setAudit] = await audits('caseHoliday.set');
    expect(JSON.parse(setAudit!.after as string)).toMatchObject({ year: 2013, day: { date: '2013-05-16', kind: 'rest' } });
    expect(await audits('caseHoliday.delete')).toHaveLength(1);
  });

  it('refuses a make-up working day on a weekday, an impossible date and removing a day not listed, with stable codes', async () => {
    const office = await as('duchashi');
    const monday = await office.call(cases.setHoliday, { params: { date: '2013-05-20' }, body: { kind: 'work', note: '' } });
    expect(monday.status).toBe(400);
    expect(monday.body.error.code).toBe('VALIDATION_FAILED');
    expect(monday.body.error.issues[0].message).toContain('周六或周日');
    const en = await office.call(cases.setHoliday, { params: { date: '2013-05-20' }, body: { kind: 'work', note: '' }, headers: { 'accept-language': 'en' } });
    expect(en.body.error.issues[0].message).toContain('Saturday or Sunday');
    expect((await office.call(cases.setHoliday, { params: { date: '2013-02-30' }, body: { kind: 'rest', note: '' } })).status).toBe(400);
    expect((await office.request('PUT', '/api/v1/case-holidays/20130501', { body: { kind: 'rest' } })).status).toBe(400);
    const missing = await office.call(cases.deleteHoliday, { params: { date: '2013-05-21' } });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
  });

  it('imports a year from pasted lines, replacing that year only; a bad line refuses the whole import', async () => {
    const office = await as('duchashi');
    const bad = await office.call(cases.importHolidays, { body: { year: 2014, text: '2014-10-01~2014-10-07 休 国庆节\n2014-10-09 班 调休' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: any) => i.path)).toEqual(['line 2']);
    expect((await office.call(cases.listHolidays, { query: { year: '2014' } })).body.days).toEqual([]);
    const text = '# 2014 国庆节\n2014-10-01~2014-10-07\t休\t国庆节\n2014-09-28 班 国庆节调休上班\n2014/10/11,班,国庆节调休上班';
    const ok = await office.call(cases.importHolidays, { body: { year: 2014, text } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.days).toHaveLength(9);
    expect(ok.body.years.slice(0, 2)).toEqual([2014, 2013]);
    const again = await office.call(cases.importHolidays, { body: { year: 2014, text: '2014-01-01 休 元旦' } });
    expect(again.body.days.map((d: any) => d.date)).toEqual(['2014-01-01']);
    // 2013 untouched
    expect((await office.call(cases.listHolidays, { query: { year: '2013' } })).body.days.find((d: any) => d.date === '2013-10-07')).toBeTruthy();
    const [audit] = (await audits('caseHoliday.import')).slice(-1);
    expect(JSON.parse(audit!.after as string)).toMatchObject({ year: 2014, source: 'text', imported: 1 });
  });

  it('imports a year from an .xlsx sheet (date cells or text, a heading row), and refuses a file that is not one', async () => {
    const office = await as('duchashi');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('2015');
    ws.addRow(['日期', '类型', '说明']);
    ws.addRow([new Date(Date.UTC(2015, 0, 1)), '休', '元旦']);
    ws.addRow(['2015-02-18~2015-02-24', '休', '春节']);
    ws.addRow(['2015-02-15', '班', '春节调休上班']);
    const r = await uploadHolidays(office, 2015, Buffer.from(await wb.xlsx.writeBuffer()));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.days.map((d: any) => `${d.date}${d.kind}`)).toEqual(['2015-01-01rest', '2015-02-15work', ...['18', '19', '20', '21', '22', '23', '24'].map((d) => `2015-02-${d}rest`)]);
    expect(r.body.days[0].note).toBe('元旦');
    const junk = await uploadHolidays(office, 2015, Buffer.from('not a workbook'));
    expect(junk.status).toBe(415);
    expect((await uploadHolidays(await as('qianyou.cb'), 2015, Buffer.from(await wb.xlsx.writeBuffer()))).status).toBe(403);
  });
});

describe('满意度统计: satisfaction by unit for a period', () => {
  beforeAll(async () => {
    on('2013-07-10');
    const office = await as('duchashi');
    const h = await as('qianyou.cb');
    const rated = async (content: string, satisfaction: 'satisfied' | 'unsatisfied') => {
      const c = await townCase(office, content, { receivedOn: '2013-07-02' });
      let x = (await h.call(cases.acceptCase, { params: { id: c.id }, body: { rowVersion: c.rowVersion, accept: true } })).body;
      x = (await h.call(cases.replyCase, { params: { id: c.id }, body: { rowVersion: x.rowVersion, reply: '已处理。' } })).body;
      const code = (await office.call(cases.getCase, { params: { id: c.id } })).body.checkCode;
      const r = await t.anon(freshIp()).call(portal.rateCase, { body: { number: x.number, code, satisfaction } });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    };
    await rated('乾佑镇七月第一件:路面坑洼。', 'satisfied');
    await rated('乾佑镇七月第二件:路灯不亮。', 'unsatisfied');
    const moved = await townCase(office, '七月第三件:国道边沟堵塞。', { receivedOn: '2013-07-03' });
    const tr = await h.call(cases.transferCase, { params: { id: moved.id }, body: { rowVersion: moved.rowVersion, toUnitId: jiaotong, reason: '属交通局职责' } });
    expect(tr.status).toBe(200);
  });

  it('counts cases, closed, rated and each rating per owner unit, with the rate and the criticism mark', async () => {
    const r = await (await as('duchashi')).call(cases.satisfaction, { query: { from: '2013-07-01', to: '2013-07-31' } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ from: '2013-07-01', to: '2013-07-31', threshold: 85 });
    expect(r.body.items).toHaveLength(2);
    expect(r.body.items.find((i: any) => i.unitId === qianyou)).toMatchObject({ cases: 2, closed: 2, rated: 2, satisfied: 1, basic: 0, unsatisfied: 1, rate: 50, criticismMark: true });
    expect(r.body.items.find((i: any) => i.unitId === jiaotong)).toMatchObject({ cases: 1, closed: 0, rated: 0, rate: null, criticismMark: false });
    // a period that ends before the cases came in counts none of them
    const june = await (await as('duchashi')).call(cases.satisfaction, { query: { from: '2013-07-01', to: '2013-07-01' } });
    expect(june.body.items).toEqual([]);
  });

  it('a unit sees its own row only', async () => {
    const town = await (await as('qianyou.cb')).call(cases.satisfaction, { query: { from: '2013-07-01', to: '2013-07-31' } });
    expect(town.body.items.map((i: any) => i.unitId)).toEqual([qianyou]);
    const dept = await (await as('jiaotong.cb')).call(cases.satisfaction, { query: { from: '2013-07-01', to: '2013-07-31' } });
    expect(dept.body.items.map((i: any) => i.unitId)).toEqual([jiaotong]);
  });

  it('a year still works as before; a half-given or reversed period is refused', async () => {
    const office = await as('duchashi');
    const year = await office.call(cases.satisfaction, { query: { year: '2013' } });
    expect(year.status).toBe(200);
    expect(year.body).toMatchObject({ from: '2013-01-01', to: '2013-12-31' });
    expect(year.body.items.find((i: any) => i.unitId === qianyou).cases).toBeGreaterThanOrEqual(2);
    for (const query of [{ from: '2013-07-01' }, { from: '2013-07-31', to: '2013-07-01' }, {}, { from: '2013-7-1', to: '2013-07-31' }]) {
      const r = await office.call(cases.satisfaction, { query });
      expect(r.status, JSON.stringify(query)).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('exports the same rows as .xlsx; a unit’s export holds its own row only', async () => {
    const office = await as('duchashi');
    const file = await download(t, office, '/api/v1/case-stats/satisfaction.xlsx?from=2013-07-01&to=2013-07-31');
    expect(file.status).toBe(200);
    expect(String(file.headers['content-type'])).toBe(cases.XLSX_MIME);
    expect(String(file.headers['content-disposition'])).toContain('satisfaction-2013-07-01-2013-07-31.xlsx');
    const rows = await sheetValues(file.file);
    expect(String(rows[0]![0])).toContain('2013-07-01 至 2013-07-31');
    expect(rows[1]![0]).toBe('承办单位 Unit');
    const town = rows.find((r) => typeof r[0] === 'string' && r[0].includes('乾佑镇'))!;
    expect(town.slice(1, 10)).toEqual([2, 2, 2, 1, 0, 1, 50, '是', 0]);
    expect(rows.slice(2)).toHaveLength(2);
    const own = await download(t, await as('jiaotong.cb'), '/api/v1/case-stats/satisfaction.xlsx?from=2013-07-01&to=2013-07-31');
    expect((await sheetValues(own.file)).slice(2).map((r) => r[0])).toEqual([expect.stringContaining('交通')]);
    expect((await download(t, office, '/api/v1/case-stats/satisfaction.xlsx?from=2013-07-01')).status).toBe(400);
  });
});

describe('each stage’s decision is kept (受理, 办理答复, 复查, 复核)', () => {
  let id: string;
  let simple: string;
  const texts = { acceptance: '符合受理条件,予以受理。', reply: '经核查,补偿款已按标准发放。', review: '复查维持原处理意见。', reReview: '复核维持复查意见,本案终结。' };

  it('a re-review no longer overwrites the earlier texts; `reply` still reads the latest', async () => {
    on('2013-08-01');
    const office = await as('duchashi');
    const c = await townCase(office, '反映征地补偿标准偏低,要求重新核定。', { petition: true });
    id = c.id;
    const h = () => as('qianyou.cb');
    let x = (await (await h()).call(cases.acceptCase, { params: { id }, body: { rowVersion: c.rowVersion, accept: true, note: texts.acceptance } })).body;
    on('2013-08-05');
    x = (await (await h()).call(cases.replyCase, { params: { id }, body: { rowVersion: x.rowVersion, reply: texts.reply } })).body;
    on('2013-08-10');
    x = (await (await h()).call(cases.reviewCase, { params: { id }, body: { rowVersion: x.rowVersion, action: 'request', note: '不服' } })).body;
    on('2013-08-20');
    x = (await (await h()).call(cases.reviewCase, { params: { id }, body: { rowVersion: x.rowVersion, action: 'decide', note: texts.review } })).body;
    expect(x.reply).toBe(texts.review);
    on('2013-08-25');
    x = (await (await h()).call(cases.reviewCase, { params: { id }, body: { rowVersion: x.rowVersion, action: 'requestReReview', note: '仍不服' } })).body;
    on('2013-09-05');
    const last = await (await h()).call(cases.reviewCase, { params: { id }, body: { rowVersion: x.rowVersion, action: 'decideReReview', note: texts.reReview } });
    expect(last.status, JSON.stringify(last.body)).toBe(200);
    expect(last.body.reply).toBe(texts.reReview);
    expect(last.body.repliedOn).toBe('2013-08-05');
    const d = (await (await as('duchashi')).call(cases.getCase, { params: { id } })).body.decisions;
    expect(d.map((x: any) => [x.stage, x.decidedOn, x.text])).toEqual([
      ['acceptance', '2013-08-01', texts.acceptance],
      ['reply', '2013-08-05', texts.reply],
      ['review', '2013-08-20', texts.review],
      ['reReview', '2013-09-05', texts.reReview],
    ]);
    expect(d[0]).toMatchObject({ outcome: 'accepted', stageLabel: '受理', unitName: expect.stringContaining('乾佑') });
    expect(d.every((x: any) => x.actorName && x.actorName.length > 0)).toBe(true);
    const en = await (await as('duchashi')).call(cases.getCase, { params: { id }, headers: { 'accept-language': 'en' } });
    expect(en.body.decisions.map((x: any) => x.stageLabel)).toEqual(['Acceptance', 'Reply', 'Review', 'Re-review']);
  });

  it('a refusal is kept as the acceptance decision with its reasons', async () => {
    const office = await as('duchashi');
    const c = await townCase(office, '要求解决与信访无关的民事纠纷。', { petition: true });
    simple = c.id;
    const r = await (await as('qianyou.cb')).call(cases.acceptCase, { params: { id: c.id }, body: { rowVersion: c.rowVersion, accept: false, note: '属民事纠纷,请通过诉讼解决。' } });
    expect(r.body.decisions).toEqual([expect.objectContaining({ stage: 'acceptance', outcome: 'not_accepted', text: '属民事纠纷,请通过诉讼解决。' })]);
  });

  it('the migration carries existing cases over from their timeline, and from the row where an event is missing', async () => {
    const office = await as('duchashi');
    const before = (await office.call(cases.getCase, { params: { id } })).body.decisions;
    // back to the state before the migration: no table, and one case whose reply event went missing
    await db().schema.dropTable('case_decisions').execute();
    await db().deleteFrom('case_events').where('case_id', '=', simple).where('kind', '=', 'not_accepted').execute();
    await sql`delete from kysely_migration where name = ${'20261126T1200_create_case_decisions'}`.execute(db());
    await MIGRATIONS['20261126T1200_create_case_decisions']!.up(db());
    const after = (await office.call(cases.getCase, { params: { id } })).body.decisions;
    expect(after.map((x: any) => [x.stage, x.decidedOn, x.text, x.actorName])).toEqual(before.map((x: any) => [x.stage, x.decidedOn, x.text, x.actorName]));
    const fallback = (await office.call(cases.getCase, { params: { id: simple } })).body.decisions;
    expect(fallback).toEqual([expect.objectContaining({ stage: 'acceptance', outcome: 'not_accepted', text: '属民事纠纷,请通过诉讼解决。', actorName: null })]);
    // the cases rated in July have their replies as history too
    const replies = await db().selectFrom('case_decisions').select('stage').where('stage', '=', 'reply').execute();
    expect(replies.length).toBeGreaterThanOrEqual(3);
  });
});
