/**
 * Citizens' cases through HTTP (R-PUB-2, R-PUB-3, R-PUB-5): the public form (anonymous allowed,
 * rate-limited, refusing scripts and oversize text), staff intake, routing, transfers (the third
 * goes up to the county government), reply and rating, look-up by number and code, the submitter
 * told of every change, personal data encrypted at rest, masked in lists and audited when read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, cases, portal } from '@luoshi/contracts';
import { freshIp, startApp, unitId, type Client, type TestApp } from '../support/harness.ts';

let t: TestApp;
let office: Client;
let qianyou: string;
let jiaotong: string;
let govOffice: string;
const db = () => t.services.db.kysely;
const region = async (name: string) => (await db().selectFrom('regions').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
const category = async (code: string) => (await db().selectFrom('case_categories').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;

const LAMP = '乾佑镇幸福小区门口的路灯坏了好几天,晚上出行很不方便,请尽快维修。';
const PHONE = '13912345678';

beforeAll(async () => {
  t = await startApp();
  office = await t.as('duchashi');
  qianyou = await unitId(t, '乾佑镇');
  jiaotong = await unitId(t, '交通局');
  govOffice = await unitId(t, '县政府办');
});
afterAll(async () => t?.close());

describe('the public form', () => {
  it('takes an anonymous report and answers with a tracking number and a check code, nothing else', async () => {
    const r = await t.anon(freshIp()).call(portal.submitCase, { body: { categoryCode: 'sanitation', content: '营盘镇集贸市场垃圾三天没人清运。', anonymous: true } });
    expect(r.status).toBe(200);
    expect(r.body.number).toMatch(/^ZS2013-\d{6}$/);
    expect(r.body.checkCode).toMatch(/^[A-HJKMNP-Z2-9]{6}$/);
    expect(Object.keys(r.body).sort()).toEqual(['checkCode', 'number', 'receivedOn', 'status', 'statusLabel']);
  });

  it('refuses scripts and markup with a message in both languages', async () => {
    const zh = await t.anon(freshIp()).call(portal.submitCase, { body: { categoryCode: 'road', content: '路面塌陷<script>alert(1)</script>', anonymous: true } });
    expect(zh.status).toBe(400);
    expect(zh.body.error.issues[0]).toEqual({ path: 'content', message: '内容不能包含网页代码或脚本,请只填写文字' });
    const en = await t.anon(freshIp()).call(portal.submitCase, { body: { categoryCode: 'road', content: '<img src=x onerror=alert(1)>', anonymous: true }, headers: { 'accept-language': 'en' } });
    expect(en.body.error.issues[0].message).toBe('text must not contain HTML or scripts; please write plain text');
  });

  it('refuses oversize text (policy: 2000 characters) and oversize bodies', async () => {
    const long = await t.anon(freshIp()).call(portal.submitCase, { body: { categoryCode: 'road', content: '路'.repeat(2001), anonymous: true } });
    expect(long.status).toBe(400);
    expect(long.body.error.issues[0].path).toBe('content');
    const huge = await t.anon(freshIp()).call(portal.submitCase, { body: { categoryCode: 'road', content: '路'.repeat(6000), anonymous: true } });
    expect(huge.status).toBe(400);
    const body = await t.anon(freshIp()).call(portal.submitCase, { rawBody: JSON.stringify({ categoryCode: 'road', content: 'x'.repeat(1_100_000) }), headers: { 'content-type': 'application/json' } });
    expect(body.status).toBe(413);
  });

  it('is rate-limited per address: the eleventh report in an hour is refused, another address is not', async () => {
    const ip = freshIp();
    const c = t.anon(ip);
    for (let i = 0; i < 10; i++) {
      const r = await c.call(portal.submitCase, { body: { categoryCode: 'other', content: `第${i}次测试反映:道路积水`, anonymous: true } });
      expect(r.status).toBe(200);
    }
    const refused = await c.call(portal.submitCase, { body: { categoryCode: 'other', content: '再一次', anonymous: true } });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('RATE_LIMITED');
    expect((await t.anon(freshIp()).call(portal.submitCase, { body: { categoryCode: 'other', content: '另一个地址', anonymous: true } })).status).toBe(200);
  });

  it('a named report needs a name or a contact; unknown categories are refused', async () => {
    expect((await t.anon(freshIp()).call(portal.submitCase, { body: { categoryCode: 'road', content: '路面塌陷' } })).status).toBe(400);
    expect((await t.anon(freshIp()).call(portal.submitCase, { body: { categoryCode: 'nope', content: '路面塌陷', anonymous: true } })).status).toBe(400);
  });
});

describe('a case from report to rating', () => {
  let number: string;
  let code: string;
  let id: string;

  it('a named web report is routed to the town of its area by a rule, and its personal data is encrypted at rest', async () => {
    await office.call(cases.createRoutingRule, { body: { categoryId: await category('streetlight'), regionId: null, unitId: qianyou } });
    const r = await t.anon(freshIp()).call(portal.submitCase, { body: { categoryCode: 'streetlight', content: LAMP, name: '测试甲', phone: PHONE, email: 'ceshi.jia@example.org' } });
    expect(r.status).toBe(200);
    ({ number, checkCode: code } = r.body);
    const row = await db().selectFrom('cases').selectAll().where('number', '=', number).executeTakeFirstOrThrow();
    id = row.id;
    expect(row.owner_unit_id).toBe(qianyou);
    const raw = JSON.stringify(row);
    for (const secret of ['测试甲', PHONE, 'ceshi.jia@example.org']) expect(raw).not.toContain(secret);
    expect(row.phone_enc).toMatch(/^sm4:1:/);
  });

  it('the submitter looks it up with the check code or the last four digits of the phone; a wrong code gets the same answer as a wrong number', async () => {
    const c = t.anon(freshIp());
    const byCode = await c.call(portal.lookupCase, { body: { number, code: code.toLowerCase() } });
    expect(byCode.status).toBe(200);
    expect(byCode.body.ownerUnitName).toBe('乾佑镇人民政府');
    expect(byCode.body.timeline.map((e: any) => e.label)).toEqual(['已登记', '已分派:乾佑镇人民政府']);
    expect(JSON.stringify(byCode.body)).not.toContain(PHONE);
    expect((await c.call(portal.lookupCase, { body: { number, code: PHONE.slice(-4) } })).status).toBe(200);
    const wrong = await c.call(portal.lookupCase, { body: { number, code: 'ABCDEF' } });
    const none = await c.call(portal.lookupCase, { body: { number: 'ZS2013-000000', code } });
    expect([wrong.status, none.status]).toEqual([404, 404]);
    expect(wrong.body.error.code).toBe(none.body.error.code);
  });

  it('lists show personal data masked; the town handler reads it in full once, and that read is audited', async () => {
    const handler = await t.as('qianyou.cb');
    const list = await handler.call(cases.listCases, { query: { q: number } });
    expect(list.body.items[0].submitter).toMatchObject({ name: '测**', phone: '139****5678', email: 'c********@example.org', full: false });
    expect(JSON.stringify(list.body)).not.toContain(PHONE);
    const full = await handler.call(cases.revealPersonal, { params: { id } });
    expect(full.body).toMatchObject({ name: '测试甲', phone: PHONE, full: true });
    const audit = await db().selectFrom('audit_log').select(['action', 'after', 'actor_name']).where('entity_id', '=', id).where('action', '=', 'case.personal.read').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).not.toContain(PHONE);
    // the liaison of the same town and a handler of another unit may not
    expect((await (await t.as('qianyou.ll')).call(cases.revealPersonal, { params: { id } })).status).toBe(403);
    expect((await (await t.as('jiaotong.cb')).call(cases.revealPersonal, { params: { id } })).status).toBe(403);
    expect((await (await t.as('auditor')).call(cases.revealPersonal, { params: { id } })).status).toBe(403);
  });

  it('own unit against foreign unit: 交通局 cannot read or handle a case of 乾佑镇', async () => {
    const other = await t.as('jiaotong.cb');
    expect((await other.call(cases.getCase, { params: { id } })).status).toBe(403);
    expect((await other.call(cases.acceptCase, { params: { id }, body: { rowVersion: 1, accept: true } })).status).toBe(403);
    expect((await other.call(cases.listCases, { query: { q: number } })).body.items).toHaveLength(0);
    expect((await (await t.as('qianyou.cb')).call(cases.getCase, { params: { id } })).status).toBe(200);
  });

  it('accept, reply and rating; the submitter gets a message at every step', async () => {
    const h = await t.as('qianyou.cb');
    let c = (await h.call(cases.getCase, { params: { id } })).body;
    c = (await h.call(cases.acceptCase, { params: { id }, body: { rowVersion: c.rowVersion, accept: true } })).body;
    expect(c.status).toBe('handling');
    expect((await h.call(cases.replyCase, { params: { id }, body: { rowVersion: c.rowVersion - 1, reply: 'x' } })).status).toBe(409);
    c = (await h.call(cases.replyCase, { params: { id }, body: { rowVersion: c.rowVersion, reply: '已更换幸福小区门口路灯灯泡,恢复照明。' } })).body;
    expect(c.status).toBe('replied');
    const pub = t.anon(freshIp());
    const looked = await pub.call(portal.lookupCase, { body: { number, code } });
    expect(looked.body.reply).toBe('已更换幸福小区门口路灯灯泡,恢复照明。');
    expect(looked.body.canRate).toBe(true);
    const rated = await pub.call(portal.rateCase, { body: { number, code, satisfaction: 'satisfied' } });
    expect(rated.status).toBe(200);
    expect(rated.body.status).toBe('closed');
    expect((await pub.call(portal.rateCase, { body: { number, code, satisfaction: 'unsatisfied' } })).status).toBe(409);
    const messages = await db().selectFrom('case_messages').selectAll().where('case_id', '=', id).execute();
    expect(messages.map((m) => m.channel)).toEqual(Array(messages.length).fill('email'));
    expect(messages.length).toBe(5); // received, routed, accepted, replied, rated
    expect(messages.every((m) => m.recipient_enc?.startsWith('sm4:1:'))).toBe(true);
  });
});

describe('staff intake, duplicates and transfers', () => {
  let caseId: string;
  it('a hotline call about the same lamp suggests the earlier case as a likely duplicate', async () => {
    const handler = await t.as('jiaotong.cb');
    const r = await handler.call(cases.intakeCase, {
      body: { channel: 'hotline', categoryId: await category('streetlight'), content: '幸福小区大门口路灯已经坏了一周,晚上黑漆漆的,老人孩子出门很不方便。', name: '测试乙', phone: '13700001111', regionId: await region('乾佑镇') },
    });
    expect(r.status).toBe(200);
    expect(r.body.similar.length).toBeGreaterThan(0);
    expect(r.body.similar[0].title).toContain('幸福小区');
    expect(r.body.case.channel).toBe('hotline');
  });

  it('with no rule, a case in a town goes to the town; with no area, to the government office', async () => {
    const inTown = await office.call(cases.intakeCase, { body: { channel: 'letter', categoryId: await category('water'), content: '营盘镇东村自来水浑浊。', anonymous: true, regionId: await region('营盘镇') } });
    expect(inTown.body.case.ownerUnitName).toBe('营盘镇人民政府');
    const nowhere = await office.call(cases.intakeCase, { body: { channel: 'media', categoryId: await category('policy_shelved'), content: '报道:县里出台的小微企业贷款贴息政策半年未兑现。', anonymous: true, sourceNote: '商洛日报 2013-04-30' } });
    expect(nowhere.body.case.ownerUnitId).toBe(govOffice);
    expect(nowhere.body.case.categoryName).toBe('政策制度棚架');
    caseId = nowhere.body.case.id;
  });

  it('transfers need reasons; the third transfer sends the case up to the county government', async () => {
    const reason = '不属于本单位职责';
    let c = (await office.call(cases.getCase, { params: { id: caseId } })).body;
    expect((await office.call(cases.transferCase, { params: { id: caseId }, body: { rowVersion: c.rowVersion, toUnitId: jiaotong, reason: '' } })).status).toBe(400);
    c = (await office.call(cases.transferCase, { params: { id: caseId }, body: { rowVersion: c.rowVersion, toUnitId: jiaotong, reason } })).body;
    expect(c.ownerUnitId).toBe(jiaotong);
    const jt = await t.as('jiaotong.cb');
    c = (await jt.call(cases.transferCase, { params: { id: caseId }, body: { rowVersion: c.rowVersion, toUnitId: qianyou, reason } })).body;
    expect(c.transfers).toBe(2);
    expect(c.escalatedAt).toBeNull();
    // 交通局 lost it and may no longer touch it
    expect((await jt.call(cases.getCase, { params: { id: caseId } })).status).toBe(403);
    const qy = await t.as('qianyou.cb');
    c = (await qy.call(cases.transferCase, { params: { id: caseId }, body: { rowVersion: c.rowVersion, toUnitId: jiaotong, reason } })).body;
    expect(c.transfers).toBe(3);
    expect(c.escalatedAt).not.toBeNull();
    expect(c.ownerUnitId).toBe(govOffice);
    expect(c.events.map((e: any) => e.kind)).toContain('escalated');
    const notes = await db().selectFrom('notifications').innerJoin('users', 'users.id', 'notifications.user_id').select(['users.username', 'notifications.kind']).where('notifications.kind', '=', 'case.escalated').execute();
    expect(notes.map((n) => n.username)).toEqual(expect.arrayContaining(['xianzhang', 'duchashi']));
  });

  it('satisfaction by unit: below 85% is a criticism mark', async () => {
    const stats = await office.call(cases.satisfaction, { query: { year: '2013' } });
    expect(stats.body.threshold).toBe(85);
    const q = stats.body.items.find((i: any) => i.unitId === qianyou);
    expect(q).toMatchObject({ satisfied: 1, rate: 100, criticismMark: false });
  });

  it('categories are data: the office adds one, a town handler may not', async () => {
    const body = { code: 'tourism', name: '旅游服务', nameEn: 'Tourism services' };
    expect((await (await t.as('qianyou.cb')).call(cases.createCategory, { body })).status).toBe(403);
    const r = await office.call(cases.createCategory, { body });
    expect(r.status).toBe(200);
    expect((await office.call(cases.createCategory, { body })).status).toBe(409);
    expect((await t.anon(freshIp()).call(portal.categories)).body.items.map((c: any) => c.code)).toContain('tourism');
    expect((await (await t.as('admin')).call(admin.listUsers, { query: {} })).status).toBe(200);
  });
});

describe('closing a replied case', () => {
  it('the owner unit closes a case only after its reply; another unit may not; the close is audited', async () => {
    const letter = await office.call(cases.intakeCase, { body: { channel: 'letter', categoryId: await category('road'), content: '乾佑镇西村村道被洪水冲毁一段。', anonymous: true, regionId: await region('乾佑镇') } });
    const id = letter.body.case.id as string;
    expect(letter.body.case.ownerUnitId).toBe(qianyou);
    const h = await t.as('qianyou.cb');
    let c = (await h.call(cases.acceptCase, { params: { id }, body: { rowVersion: letter.body.case.rowVersion, accept: true } })).body;
    const early = await h.call(cases.closeCase, { params: { id }, body: { rowVersion: c.rowVersion } });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('INVALID_STATE');
    c = (await h.call(cases.replyCase, { params: { id }, body: { rowVersion: c.rowVersion, reply: '已组织抢修,村道恢复通行。' } })).body;
    expect((await (await t.as('jiaotong.cb')).call(cases.closeCase, { params: { id }, body: { rowVersion: c.rowVersion } })).status).toBe(403);
    const closed = await h.call(cases.closeCase, { params: { id }, body: { rowVersion: c.rowVersion, note: '电话回访,群众认可。' } });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', reply: '已组织抢修,村道恢复通行。' });
    expect(closed.body.closedAt).not.toBeNull();
    expect(closed.body.events.find((e: any) => e.kind === 'closed')).toMatchObject({ note: '电话回访,群众认可。' });
    const audit = await db().selectFrom('audit_log').select('action').where('entity_id', '=', id).where('action', '=', 'case.close').execute();
    expect(audit).toHaveLength(1);
    expect((await h.call(cases.closeCase, { params: { id }, body: { rowVersion: closed.body.rowVersion } })).status).toBe(409);
  });
});
