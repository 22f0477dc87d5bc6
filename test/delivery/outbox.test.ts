/**
 * The delivery outbox (SPEC §9.2) against real servers started here on 127.0.0.1: an SMTP server
 * that requires a password, and an HTTP receiver standing in for the WeCom and DingTalk robots and a
 * generic webhook. Notifications become email and webhook messages in their own transaction; the
 * worker sends them, retries failures with backoff, and leaves what it could not send visible.
 */
import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { delivery, org, progress, campaigns, tasks } from '@luoshi/contracts';
import { runTx } from '../../apps/server/src/platform/context.ts';
import { notifyUsers, type Notice } from '../../apps/server/src/platform/notify.ts';
import { processOutbox, startOutboxWorker } from '../../apps/server/src/platform/delivery/outbox.ts';
import { insertDelivery } from '../../apps/server/src/platform/delivery/enqueue.ts';
import { openServices } from '../../apps/server/src/services.ts';
import { startApp, type Client, type TestApp } from '../support/harness.ts';
import { decodeWords, startSmtpServer, type SmtpServer } from '../support/smtp-server.ts';
import { startReceiver, type Receiver } from '../support/webhook-receiver.ts';

const SMTP_USER = 'luoshi-mailer';
const SMTP_PASSWORD = '邮件密码#Zhashui2013';
const DING_SECRET = 'SEC0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const GENERIC_SECRET = 'generic-hmac-key';
const HANDLER_EMAIL = 'qianyou.cb@zhashui.gov.cn';

let t: TestApp;
let admin: Client;
let office: Client;
let smtp: SmtpServer;
let rx: Receiver;
let handlerUserId: string;
let officeUserId: string;
const hooks: Record<string, string> = {};

const db = () => t.services.db.kysely;
const rows = () => db().selectFrom('deliveries').selectAll().orderBy('id').execute();
const minutes = (n: number) => n * 60_000;

async function notify(userIds: string[], n: Notice): Promise<number> {
  return runTx(t.services, { actor: null, ip: null }, (tx) => notifyUsers(tx.db, tx.nowIso, userIds, n));
}

async function addHook(key: string, body: Record<string, unknown>) {
  const r = await admin.call(delivery.createWebhook, { body });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  hooks[key] = r.body.id;
}

beforeAll(async () => {
  t = await startApp({ now: '2013-05-10T02:00:00.000Z' });
  t.services.config.publicUrl = 'https://luoshi.zhashui.gov.cn';
  admin = await t.as('admin');
  office = await t.as('duchashi');
  smtp = await startSmtpServer({ user: SMTP_USER, password: SMTP_PASSWORD });
  rx = await startReceiver();
  const put = await admin.call(delivery.updateSmtpSettings, {
    body: { host: '127.0.0.1', port: smtp.port, user: SMTP_USER, password: SMTP_PASSWORD, from: '柞水县政府督查室 <duchashi@zhashui.gov.cn>' },
  });
  expect(put.status, JSON.stringify(put.body)).toBe(200);
  await addHook('wecom', { name: '督查室企业微信群', kind: 'wecom', url: rx.url('/cgi-bin/webhook/send?key=wecom-key-0001'), kinds: ['task.*', 'report.*'] });
  await addHook('dingtalk', {
    name: '县政府钉钉群',
    kind: 'dingtalk',
    url: rx.url('/robot/send?access_token=ding-token-0001'),
    secret: DING_SECRET,
    kinds: ['task.due_soon'],
  });
  await addHook('generic', { name: '政务平台', kind: 'generic', url: rx.url('/generic'), secret: GENERIC_SECRET, kinds: ['task.*'] });
  const users = await db().selectFrom('users').select(['id', 'username', 'person_id']).where('username', 'in', ['qianyou.cb', 'duchashi']).execute();
  const handler = users.find((u) => u.username === 'qianyou.cb')!;
  handlerUserId = handler.id;
  officeUserId = users.find((u) => u.username === 'duchashi')!.id;
  const p = await admin.call(org.updatePerson, { params: { id: handler.person_id! }, body: { email: HANDLER_EMAIL } });
  expect(p.status, JSON.stringify(p.body)).toBe(200);
});

afterEach(async () => {
  await db().deleteFrom('deliveries').execute();
  rx.requests.length = 0;
  smtp.mails.length = 0;
});

afterAll(async () => {
  await smtp?.close();
  await rx?.close();
  await t?.close();
});

const DUE: Notice = {
  kind: 'task.due_soon',
  title: '还有 3 天到期:1.2.1 完成征地拆迁',
  body: '完成时限 2013-05-13,当前进度 40%。请抓紧办理。',
  link: '/app/tasks/01h000000000000000000000',
  dedupeKey: 'due:test:1',
};

describe('a notification reaches its addressees in the app, by email and by webhook', () => {
  it('queues one email per addressee with an address and one message per subscribed webhook, with the notification', async () => {
    expect(await notify([handlerUserId, officeUserId], DUE)).toBe(2);
    const queued = await rows();
    // the office's person has no email address: one email; three webhooks subscribe to task.due_soon
    expect(queued.map((r) => [r.channel, r.channel === 'email' ? r.target : Object.keys(hooks).find((k) => hooks[k] === r.target), r.status]).sort()).toEqual([
      ['email', HANDLER_EMAIL, 'pending'],
      ['webhook', 'dingtalk', 'pending'],
      ['webhook', 'generic', 'pending'],
      ['webhook', 'wecom', 'pending'],
    ]);
    const note = await db().selectFrom('notifications').select('id').where('user_id', '=', handlerUserId).where('dedupe_key', '=', `due:test:1:${handlerUserId}`).executeTakeFirstOrThrow();
    expect(queued.find((r) => r.channel === 'email')!.notification_id).toBe(note.id);
    // the same reminder again: no new notification, no new email, no second robot message
    expect(await notify([handlerUserId, officeUserId], DUE)).toBe(0);
    expect((await rows()).length).toBe(4);
  });

  it('sends them: the email with a UTF-8 subject through the authenticated server; the robots in their own formats', async () => {
    await notify([handlerUserId], { ...DUE, dedupeKey: 'due:test:2' });
    const now = t.clock.now();
    const report = await processOutbox(t.services, now, { timeoutMs: 5_000 });
    expect(report).toEqual({ claimed: 4, sent: 4, retrying: 0, failed: 0 });
    expect((await rows()).every((r) => r.status === 'sent' && r.sent_at === now.toISOString() && r.attempts === 1)).toBe(true);

    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0]!;
    expect(mail.user).toBe(SMTP_USER); // the sealed password was opened and accepted
    expect(mail.to).toEqual([HANDLER_EMAIL]);
    expect(mail.from).toBe('duchashi@zhashui.gov.cn');
    expect(mail.headers.get('subject')).toMatch(/^=\?UTF-8\?[BQ]\?/i); // RFC 2047, not raw 8-bit
    expect(mail.subject).toBe('【落实】还有 3 天到期:1.2.1 完成征地拆迁');
    expect(mail.headers.get('from')).toMatch(/<duchashi@zhashui\.gov\.cn>$/);
    expect(decodeWords(mail.headers.get('from')!)).toBe('柞水县政府督查室 <duchashi@zhashui.gov.cn>');
    expect(mail.headers.get('content-type')).toMatch(/text\/plain; charset=utf-8/i);
    expect(mail.text).toContain('完成时限 2013-05-13,当前进度 40%。请抓紧办理。');
    expect(mail.text).toContain('https://luoshi.zhashui.gov.cn/app/tasks/01h000000000000000000000');

    const [wecom] = rx.on('/cgi-bin/webhook/send');
    expect(wecom!.query.get('key')).toBe('wecom-key-0001');
    expect(wecom!.headers['content-type']).toMatch(/application\/json/);
    expect(wecom!.json.msgtype).toBe('markdown');
    expect(Object.keys(wecom!.json)).toEqual(['msgtype', 'markdown']);
    expect(wecom!.json.markdown.content).toContain('还有 3 天到期:1.2.1 完成征地拆迁');
    expect(wecom!.json.markdown.content).toContain('(https://luoshi.zhashui.gov.cn/app/tasks/01h000000000000000000000)');

    const [ding] = rx.on('/robot/send');
    expect(ding!.json).toEqual({ msgtype: 'markdown', markdown: { title: DUE.title, text: expect.stringContaining(DUE.title) } });
    expect(ding!.query.get('access_token')).toBe('ding-token-0001');
    const timestamp = ding!.query.get('timestamp')!;
    expect(Number(timestamp)).toBe(now.getTime()); // milliseconds, from the injected clock
    // the signature computed here from DingTalk's documented recipe, independently of the server code
    const expected = createHmac('sha256', DING_SECRET).update(`${timestamp}\n${DING_SECRET}`).digest('base64');
    expect(ding!.query.get('sign')).toBe(expected);
    expect(ding!.rawUrl).toContain(`sign=${encodeURIComponent(expected)}`); // URL-encoded: + / = escaped

    const [generic] = rx.on('/generic');
    expect(generic!.json).toMatchObject({ source: 'luoshi', kind: 'task.due_soon', title: DUE.title, link: DUE.link });
    const ts = generic!.headers['x-luoshi-timestamp'] as string;
    expect(generic!.headers['x-luoshi-signature']).toBe(`sha256=${createHmac('sha256', GENERIC_SECRET).update(`${ts}.${generic!.text}`).digest('hex')}`);
    expect(generic!.json.deliveryId).toBe(generic!.headers['x-luoshi-delivery']);
  });

  it('a rolled-back notification leaves no delivery behind', async () => {
    const before = await db().selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    await expect(
      runTx(t.services, { actor: null, ip: null }, async (tx) => {
        await notifyUsers(tx.db, tx.nowIso, [handlerUserId], { ...DUE, dedupeKey: 'due:rollback' });
        expect((await tx.db.selectFrom('deliveries').select('id').execute()).length).toBe(4);
        throw new Error('the use case failed after notifying');
      }),
    ).rejects.toThrow('the use case failed');
    const after = await db().selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect(await rows()).toEqual([]);
  });

  it('a progress report the office returns reaches its author by email and the WeCom group', async () => {
    const campaignId = (await office.call(campaigns.listCampaigns)).body.items[0].id;
    const tree = (await office.call(tasks.listTasks, { params: { id: campaignId } })).body.items;
    const task = tree.find((x: { title: string }) => x.title === '完成征地拆迁');
    const handler = await t.as('qianyou.cb');
    const draft = await handler.call(progress.createReport, { params: { id: task.id }, body: { narrative: '已完成 40 户', percent: 30 } });
    await handler.call(progress.submitReport, { params: { id: draft.body.id } });
    const ret = await office.call(progress.reviewReport, { params: { id: draft.body.id }, body: { decision: 'return', comment: '请补充签约台账照片' } });
    expect(ret.status).toBe(200);
    await processOutbox(t.services, t.clock.now(), { timeoutMs: 5_000 });
    expect(smtp.mails.map((m) => [m.to[0], m.subject.startsWith('【落实】')])).toEqual([[HANDLER_EMAIL, true]]);
    expect(smtp.mails[0]!.text).toContain('请补充签约台账照片');
    const kinds = rx.requests.map((r) => r.path);
    expect(kinds).toContain('/cgi-bin/webhook/send'); // the WeCom group subscribes to report.*
    expect(kinds).not.toContain('/robot/send'); // the DingTalk group only to task.due_soon
  });
});

describe('failures are retried with backoff and stay visible', () => {
  it('a receiver that answers 500 and then 200 gets the message on the retry a minute later', async () => {
    await addHook('flaky', { name: '不稳定接口', kind: 'generic', url: rx.url('/flaky'), kinds: ['retry.test'] });
    rx.answer('/flaky', { status: 500, body: { error: 'busy' } }, { status: 200, body: { ok: true } });
    await notify([officeUserId], { kind: 'retry.test', title: '重试测试' });
    const t0 = t.clock.now();
    expect(await processOutbox(t.services, t0)).toEqual({ claimed: 1, sent: 0, retrying: 1, failed: 0 });
    let [row] = await rows();
    expect([row!.status, row!.attempts, row!.next_attempt_at]).toEqual(['pending', 1, new Date(t0.getTime() + minutes(1)).toISOString()]);
    expect(row!.last_error).toMatch(/^HTTP 500/);
    expect(await processOutbox(t.services, new Date(t0.getTime() + 30_000))).toEqual({ claimed: 0, sent: 0, retrying: 0, failed: 0 });
    expect(await processOutbox(t.services, new Date(t0.getTime() + minutes(1)))).toEqual({ claimed: 1, sent: 1, retrying: 0, failed: 0 });
    [row] = await rows();
    expect([row!.status, row!.attempts, row!.last_error]).toEqual(['sent', 2, null]);
    expect(rx.on('/flaky')).toHaveLength(2);
  });

  it('a receiver that never answers times out; after 1, 5, 30 and 120 minutes the fifth attempt marks it failed, shown in the outbox', async () => {
    await addHook('hang', { name: '无响应接口', kind: 'wecom', url: rx.url('/hang?key=k'), kinds: ['hang.test'] });
    rx.answer('/hang', 'hang');
    await notify([officeUserId], { kind: 'hang.test', title: '超时测试' });
    let at = t.clock.now().getTime();
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 5; attempt++) {
      const started = Date.now();
      const r = await processOutbox(t.services, new Date(at), { timeoutMs: 300 });
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(r.claimed).toBe(1);
      const [row] = await rows();
      expect(row!.attempts).toBe(attempt);
      expect(row!.last_error).toContain('超时 timed out');
      if (attempt < 5) {
        expect(row!.status).toBe('pending');
        const next = Date.parse(row!.next_attempt_at);
        waits.push((next - at) / 60_000);
        at = next;
      } else expect(row!.status).toBe('failed');
    }
    expect(waits).toEqual([1, 5, 30, 120]);
    expect(rx.on('/hang')).toHaveLength(5);
    expect((await processOutbox(t.services, new Date(at + minutes(1000)))).claimed).toBe(0); // failed is final

    const seen = await office.call(delivery.listDeliveries, { query: { status: 'failed' } });
    expect(seen.status).toBe(200);
    expect(seen.body.counts.failed).toBe(1);
    expect(seen.body.items).toEqual([
      expect.objectContaining({ channel: 'webhook', target: '无响应接口', webhookId: hooks.hang, subject: '超时测试', attempts: 5, maxAttempts: 5, lastError: '超时 timed out' }),
    ]);
    expect(JSON.stringify(seen.body)).not.toContain('/hang?key=k'); // the URL and its token stay hidden
  });

  it('a robot that answers 200 with a non-zero errcode is a failure, not a success', async () => {
    rx.answer('/cgi-bin/webhook/send', { status: 200, body: { errcode: 93000, errmsg: 'invalid webhook url' } });
    await notify([officeUserId], { kind: 'report.returned', title: '退回' });
    await processOutbox(t.services, t.clock.now());
    const [row] = await rows();
    expect([row!.status, row!.last_error]).toEqual(['pending', 'errcode 93000: invalid webhook url']);
    rx.answer('/cgi-bin/webhook/send', { status: 200, body: { errcode: 0, errmsg: 'ok' } });
  });

  it('a wrong SMTP password is refused by the server and recorded; a removed webhook fails at once', async () => {
    const put = await admin.call(delivery.updateSmtpSettings, {
      body: { host: '127.0.0.1', port: smtp.port, user: SMTP_USER, password: 'wrong-password', from: 'duchashi@zhashui.gov.cn' },
    });
    expect(put.status).toBe(200);
    await addHook('gone', { name: '将被删除', kind: 'generic', url: rx.url('/gone'), kinds: ['gone.test'] });
    await notify([handlerUserId], { kind: 'gone.test', title: '删除测试' });
    expect((await admin.call(delivery.deleteWebhook, { params: { id: hooks.gone! } })).status).toBe(200);
    const r = await processOutbox(t.services, t.clock.now(), { timeoutMs: 5_000 });
    expect(r).toEqual({ claimed: 2, sent: 0, retrying: 1, failed: 1 });
    const all = await rows();
    expect(all.find((x) => x.channel === 'email')!.last_error).toMatch(/535/);
    expect(all.find((x) => x.channel === 'webhook')!).toMatchObject({ status: 'failed', attempts: 1, last_error: '该 Webhook 已删除 the webhook was removed' });
    expect(smtp.mails).toHaveLength(0);
    await admin.call(delivery.updateSmtpSettings, {
      body: { host: '127.0.0.1', port: smtp.port, user: SMTP_USER, password: SMTP_PASSWORD, from: 'duchashi@zhashui.gov.cn' },
    });
  });
});

describe('several workers, one outbox', () => {
  it('two app instances working the outbox at once never send the same delivery twice', async () => {
    await addHook('count', { name: '计数接口', kind: 'generic', url: rx.url('/count'), kinds: ['race.test'] });
    rx.answer('/count', { status: 200, body: { ok: true }, delayMs: 10 });
    await runTx(t.services, { actor: null, ip: null }, async (tx) => {
      for (let i = 0; i < 40; i++) await notifyUsers(tx.db, tx.nowIso, [officeUserId], { kind: 'race.test', title: `并发 ${i}` });
    });
    expect((await rows()).length).toBe(40);
    // a second instance: its own connections to the same database
    const other = await openServices({ config: t.services.config, clock: t.clock });
    try {
      const now = t.clock.now();
      const [a, b] = await Promise.all([processOutbox(t.services, now, { batch: 3 }), processOutbox(other, now, { batch: 3 })]);
      expect(a.claimed + b.claimed).toBe(40);
      expect(a.claimed).toBeGreaterThan(0);
      expect(b.claimed).toBeGreaterThan(0);
      expect(a.sent + b.sent).toBe(40);
    } finally {
      await other.db.close();
    }
    const ids = rx.on('/count').map((r) => r.json.deliveryId as string);
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
    expect((await rows()).every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  });

  it('a claim is a lease: a delivery left sending by a dead worker is taken again only after five minutes', async () => {
    await addHook('lease', { name: '租约接口', kind: 'generic', url: rx.url('/lease'), kinds: ['lease.test'] });
    const now = t.clock.now();
    const id = (await runTx(t.services, { actor: null, ip: null }, (tx) =>
      insertDelivery(tx.db, tx.nowIso, { channel: 'webhook', target: hooks.lease!, message: { kind: 'lease.test', title: '租约', body: '', link: null } }),
    ))!;
    // a worker claimed it and died before recording the outcome
    const lease = new Date(now.getTime() + minutes(5)).toISOString();
    await db().updateTable('deliveries').set({ status: 'sending', attempts: 1, next_attempt_at: lease }).where('id', '=', id).execute();
    expect((await processOutbox(t.services, new Date(now.getTime() + minutes(4)))).claimed).toBe(0);
    expect(await processOutbox(t.services, new Date(now.getTime() + minutes(5)))).toEqual({ claimed: 1, sent: 1, retrying: 0, failed: 0 });
    expect((await rows())[0]).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('the serve timer runs the outbox, never twice at once, and stop() waits for the run in flight', async () => {
    await addHook('timer', { name: '定时接口', kind: 'generic', url: rx.url('/timer'), kinds: ['timer.test'] });
    rx.answer('/timer', { status: 200, body: {}, delayMs: 200 });
    await notify([officeUserId], { kind: 'timer.test', title: '定时' });
    const results: number[] = [];
    const worker = startOutboxWorker(t.services, { intervalMs: 50, onResult: (r) => results.push(r.sent) });
    // wait until the first run has reached the receiver (a loaded machine may take longer than a tick)
    for (let waited = 0; rx.on('/timer').length === 0 && waited < 10_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    await worker.stop();
    expect(results).toEqual([1]);
    expect(rx.on('/timer')).toHaveLength(1);
    expect((await rows())[0]!.status).toBe('sent');
  });
});
