/**
 * A citizen is told of every change of her case (SPEC §11): each public step queues an e-mail in
 * the delivery outbox in the same transaction, and the outbox worker sends it through a real SMTP
 * server. The address stays sealed in the outbox row and is never shown in the outbox list; a
 * failed send is retried like any other e-mail; internal steps (flags, transfer reasons) send
 * nothing, and a case without an address queues nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases, delivery, portal } from '@luoshi/contracts';
import { processOutbox } from '../../apps/server/src/platform/delivery/outbox.ts';
import { freshIp, startApp, unitId, type Client, type TestApp } from '../support/harness.ts';
import { startSmtpServer, type SmtpServer } from '../support/smtp-server.ts';

let t: TestApp;
let office: Client;
let smtp: SmtpServer;
const EMAIL = 'wang.citizen@example.cn';
const db = () => t.services.db.kysely;
const send = () => processOutbox(t.services, t.clock.now(), { timeoutMs: 5_000 });

beforeAll(async () => {
  t = await startApp({ now: '2013-05-20T02:00:00.000Z' });
  t.services.config.publicUrl = 'https://luoshi.zhashui.gov.cn';
  office = await t.as('duchashi');
  smtp = await startSmtpServer({ user: 'luoshi', password: 'pw-2013' });
  const put = await (await t.as('admin')).call(delivery.updateSmtpSettings, {
    body: { host: '127.0.0.1', port: smtp.port, user: 'luoshi', password: 'pw-2013', from: '柞水县政府督查室 <duchashi@zhashui.gov.cn>' },
  });
  expect(put.status, JSON.stringify(put.body)).toBe(200);
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

describe('the citizen hears of every change by e-mail', () => {
  let number: string;
  let code: string;
  let id: string;

  it('filing: the receipt and the routing reach her inbox; the outbox row keeps the address sealed', async () => {
    const r = await t.anon(freshIp()).call(portal.submitCase, { body: { categoryCode: 'streetlight', content: '乾佑镇幸福小区门口路灯不亮。', name: '王某', phone: '13912340000', email: EMAIL } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    ({ number, checkCode: code } = r.body);
    id = (await db().selectFrom('cases').select('id').where('number', '=', number).executeTakeFirstOrThrow()).id;
    const rows = await db().selectFrom('deliveries').selectAll().where('dedupe_key', 'like', 'case-message:%').execute();
    expect(rows.length).toBe(2);
    expect(JSON.stringify(rows)).not.toContain(EMAIL);
    expect(rows.every((d) => d.channel === 'email' && d.target.startsWith('sm4:1:'))).toBe(true);
    // the office sees the queue without the address
    const list = await office.call(delivery.listDeliveries, { query: {} });
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(EMAIL);
    expect(JSON.stringify(list.body)).not.toContain('sm4:1:');

    expect(await send()).toMatchObject({ sent: 2, failed: 0 });
    expect(smtp.mails.map((m) => m.to)).toEqual([[EMAIL], [EMAIL]]);
    expect(smtp.mails[0]!.subject).toBe(`【落实】您反映的问题 ${number}:已登记 / Your case ${number}: Received`);
    expect(smtp.mails[1]!.subject).toContain('已分派');
    expect(smtp.mails[0]!.text).toContain(`https://luoshi.zhashui.gov.cn/portal#lookup=${number}`);
    // the check code is the citizen's secret: it is not in the mail or the outbox
    expect(smtp.mails.map((m) => m.raw).join('')).not.toContain(code);
    const msgs = await db().selectFrom('case_messages').select(['channel', 'sent_at']).where('case_id', '=', id).execute();
    expect(msgs.map((m) => [m.channel, m.sent_at !== null])).toEqual([
      ['email', true],
      ['email', true],
    ]);
  });

  it('accept, an internal flag, the reply and her rating: one mail per public step, the reply text included', async () => {
    smtp.mails.length = 0;
    const h = office;
    let c = (await h.call(cases.getCase, { params: { id } })).body;
    c = (await h.call(cases.acceptCase, { params: { id }, body: { rowVersion: c.rowVersion, accept: true } })).body;
    expect(c.status).toBe('handling');
    // a flag is internal: no message
    const flagged = await office.call(cases.flagCase, { params: { id }, body: { rowVersion: c.rowVersion, backlog: true } });
    expect(flagged.status, JSON.stringify(flagged.body)).toBe(200);
    const replied = await h.call(cases.replyCase, { params: { id }, body: { rowVersion: flagged.body.rowVersion, reply: '已更换灯泡,恢复照明。' } });
    expect(replied.status, JSON.stringify(replied.body)).toBe(200);
    expect(replied.body.status).toBe('replied');
    expect(await send()).toMatchObject({ sent: 2, failed: 0 });
    expect(smtp.mails.map((m) => m.subject)).toEqual([`【落实】您反映的问题 ${number}:已受理 / Your case ${number}: Accepted`, `【落实】您反映的问题 ${number}:已答复 / Your case ${number}: Replied`]);
    expect(smtp.mails[1]!.text).toContain('已更换灯泡,恢复照明。');
    const rated = await t.anon(freshIp()).call(portal.rateCase, { body: { number, code, satisfaction: 'satisfied' } });
    expect(rated.status).toBe(200);
    expect(await send()).toMatchObject({ sent: 1 });
    expect(smtp.mails.at(-1)!.subject).toContain('已评价');
    const events = await db().selectFrom('case_events').select(['kind', 'public']).where('case_id', '=', id).execute();
    const publicKinds = events.filter((e) => e.public === 1).length;
    expect(await db().selectFrom('case_messages').select('id').where('case_id', '=', id).execute()).toHaveLength(publicKinds);
    expect(smtp.mails.length + 2).toBe(publicKinds);
  });

  it('a transfer tells her the case moved, never the internal reason', async () => {
    smtp.mails.length = 0;
    const r = await t.anon(freshIp()).call(portal.submitCase, { body: { categoryCode: 'road', content: '营盘镇村道塌方。', name: '李某', email: EMAIL } });
    const row = await db().selectFrom('cases').select(['id', 'row_version']).where('number', '=', r.body.number).executeTakeFirstOrThrow();
    const moved = await office.call(cases.transferCase, { params: { id: row.id }, body: { rowVersion: row.row_version, toUnitId: await unitId(t, '交通局'), reason: 'INTERNAL-不属于本单位职责' } });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    await send();
    expect(smtp.mails.map((m) => m.subject.split(':')[1]?.split(' /')[0])).toEqual(['已登记', '已分派', '已转办']);
    expect(smtp.mails.map((m) => m.raw).join('')).not.toContain('INTERNAL');
  });

  it('a failed send stays in the outbox and is retried; an anonymous case queues nothing', async () => {
    smtp.mails.length = 0;
    await smtp.close();
    await t.anon(freshIp()).call(portal.submitCase, { body: { categoryCode: 'road', content: '县城北新街路面坑洞。', email: EMAIL, name: '赵某' } });
    const first = await send();
    expect(first.sent).toBe(0);
    expect(first.retrying).toBe(2);
    const waiting = await db().selectFrom('deliveries').select(['status', 'last_error']).where('status', '=', 'pending').execute();
    expect(waiting).toHaveLength(2);
    expect(waiting.every((w) => Boolean(w.last_error))).toBe(true);
    const before = await db().selectFrom('deliveries').select('id').execute();
    await t.anon(freshIp()).call(portal.submitCase, { body: { categoryCode: 'road', content: '县城南街井盖缺失。', anonymous: true } });
    expect(await db().selectFrom('deliveries').select('id').execute()).toHaveLength(before.length);
  });
});
