/**
 * The delivery settings and the outbox through HTTP (SPEC §9.2): the system administrator keeps the
 * SMTP server and the webhooks, the office reads the outbox, nobody else sees any of it. Secrets go
 * in and never come out: not in answers, not in the audit log, not in clear in the database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { delivery } from '@luoshi/contracts';
import { secretBox, secretsFor } from '../../apps/server/src/platform/delivery/secrets.ts';
import { startApp, type Client, type TestApp } from '../support/harness.ts';

const PASSWORD = 'Smtp#密码2013';
const WECOM_URL = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa';
const DING_SECRET = 'SEC1234567890abcdef';

let t: TestApp;
let admin: Client;
let office: Client;
let handler: Client;
const smtpBody = { host: 'smtp.zhashui.gov.cn', port: 465, secure: true, user: 'duchashi', password: PASSWORD, from: '柞水县政府督查室 <duchashi@zhashui.gov.cn>' };

beforeAll(async () => {
  t = await startApp();
  admin = await t.as('admin');
  office = await t.as('duchashi');
  handler = await t.as('qianyou.cb');
});
afterAll(async () => t?.close());

async function auditText(): Promise<string> {
  const rows = await t.services.db.kysely.selectFrom('audit_log').select(['action', 'before', 'after']).where('action', 'like', 'delivery.%').execute();
  return JSON.stringify(rows);
}

describe('SMTP settings', () => {
  it('start unconfigured; the system administrator sets them; the password is write-only', async () => {
    const first = await admin.call(delivery.getSmtpSettings);
    expect(first.body).toMatchObject({ configured: false, passwordSet: false });
    const put = await admin.call(delivery.updateSmtpSettings, { body: smtpBody });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({
      configured: true,
      enabled: true,
      host: 'smtp.zhashui.gov.cn',
      port: 465,
      secure: true,
      user: 'duchashi',
      from: '柞水县政府督查室 <duchashi@zhashui.gov.cn>',
      passwordSet: true,
      updatedAt: t.clock.now().toISOString(),
    });
    for (const c of [admin, office]) {
      const got = await c.call(delivery.getSmtpSettings);
      expect(got.status).toBe(200);
      expect(JSON.stringify(got.body)).not.toContain(PASSWORD);
      expect(got.body.passwordSet).toBe(true);
    }
  });

  it('the password is stored sealed with SM4 under the data directory key, and opens with that key only', async () => {
    const row = await t.services.db.kysely.selectFrom('settings').select('value').where('key', '=', 'delivery.smtp').executeTakeFirstOrThrow();
    expect(row.value).not.toContain(PASSWORD);
    const stored = JSON.parse(row.value) as { password: string };
    expect(stored.password).toMatch(/^sm4:1:[A-Za-z0-9+/]+=*$/);
    expect(secretsFor(t.services.config).open(stored.password)).toBe(PASSWORD);
    expect(() => secretBox(Buffer.alloc(16, 7)).open(stored.password)).toThrow(/密钥不一致|another key/);
  });

  it('a change without a password keeps it; null removes it; every change is audited without the password', async () => {
    const keep = await admin.call(delivery.updateSmtpSettings, { body: { ...smtpBody, password: undefined, port: 587, secure: false } });
    expect(keep.body).toMatchObject({ port: 587, secure: false, passwordSet: true });
    const drop = await admin.call(delivery.updateSmtpSettings, { body: { ...smtpBody, password: null } });
    expect(drop.body.passwordSet).toBe(false);
    await admin.call(delivery.updateSmtpSettings, { body: smtpBody });
    const audit = await auditText();
    expect(audit).toContain('delivery.update_smtp');
    expect(audit).toContain('passwordChanged');
    expect(audit).not.toContain(PASSWORD);
    expect(audit).not.toContain('sm4:1:');
  });

  it('refuses a host that is not a host name and a sender without an address', async () => {
    for (const body of [
      { ...smtpBody, host: 'smtp.zhashui.gov.cn/evil' },
      { ...smtpBody, host: '' },
      { ...smtpBody, from: '督查室' },
      { ...smtpBody, port: 70000 },
    ]) {
      const r = await admin.call(delivery.updateSmtpSettings, { body });
      expect(r.status, JSON.stringify(body)).toBe(400);
    }
  });
});

describe('webhooks', () => {
  let id: string;

  it('the system administrator adds a WeCom and a DingTalk robot; the URL token and the secret never come back', async () => {
    const wecom = await admin.call(delivery.createWebhook, { body: { name: '督查室企业微信群', kind: 'wecom', url: WECOM_URL, kinds: ['task.*', 'notice.*'] } });
    expect(wecom.status).toBe(200);
    expect(wecom.body).toMatchObject({
      name: '督查室企业微信群',
      kind: 'wecom',
      urlHint: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***',
      secretSet: false,
      kinds: ['task.*', 'notice.*'],
    });
    const ding = await admin.call(delivery.createWebhook, {
      body: { name: '县政府钉钉群', kind: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=abcdef0123456789', secret: DING_SECRET },
    });
    expect(ding.body).toMatchObject({ secretSet: true, kinds: ['*'], urlHint: 'https://oapi.dingtalk.com/robot/send?access_token=***' });
    id = ding.body.id;
    const list = await office.call(delivery.listWebhooks);
    expect(list.status).toBe(200);
    expect(list.body.items.map((w: { name: string }) => w.name).sort()).toEqual(['督查室企业微信群', '县政府钉钉群'].sort());
    const everything = JSON.stringify(list.body) + (await auditText());
    for (const secret of ['693a91f6', 'abcdef0123456789', DING_SECRET]) expect(everything).not.toContain(secret);
    const stored = await t.services.db.kysely.selectFrom('settings').select('value').where('key', 'like', 'delivery.webhook.%').execute();
    for (const secret of ['693a91f6', 'abcdef0123456789', DING_SECRET]) expect(JSON.stringify(stored)).not.toContain(secret);
  });

  it('refuses URLs that are not http(s), carry credentials, or kinds that are not kinds', async () => {
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'https://user:pw@example.com/x', 'not a url', 'ftp://example.com/']) {
      const r = await admin.call(delivery.createWebhook, { body: { name: 'x', kind: 'generic', url } });
      expect(r.status, url).toBe(400);
    }
    const r = await admin.call(delivery.createWebhook, { body: { name: 'x', kind: 'generic', url: 'https://example.com/h', kinds: ['Task Due'] } });
    expect(r.status).toBe(400);
    const wrongKind = await admin.call(delivery.createWebhook, { body: { name: 'x', kind: 'slack', url: 'https://example.com/h' } });
    expect(wrongKind.status).toBe(400);
  });

  it('a test message is queued in the outbox with one attempt; removing the webhook is audited', async () => {
    const test = await admin.call(delivery.sendTestMessage, { body: { webhookId: id } });
    expect(test.status).toBe(200);
    expect(test.body).toMatchObject({ channel: 'webhook', target: '县政府钉钉群', webhookId: id, status: 'pending', attempts: 0, maxAttempts: 1 });
    const email = await admin.call(delivery.sendTestMessage, { body: { email: 'duchashi@zhashui.gov.cn' } });
    expect(email.body).toMatchObject({ channel: 'email', target: 'duchashi@zhashui.gov.cn', status: 'pending' });
    expect((await admin.call(delivery.sendTestMessage, { body: { webhookId: id, email: 'a@b.cn' } })).status).toBe(400);
    expect((await admin.call(delivery.sendTestMessage, { body: { webhookId: 'no-such-hook' } })).status).toBe(404);
    const del = await admin.call(delivery.deleteWebhook, { params: { id } });
    expect(del.status).toBe(200);
    expect((await admin.call(delivery.deleteWebhook, { params: { id } })).status).toBe(404);
    const outbox = await office.call(delivery.listDeliveries, { query: { channel: 'webhook' } });
    expect(outbox.body.items[0]).toMatchObject({ webhookId: id, target: expect.stringContaining('已删除') });
    expect(await auditText()).toMatch(/delivery\.delete_webhook[^]*县政府钉钉群/);
  });

  it('a test email needs an enabled SMTP server', async () => {
    await admin.call(delivery.updateSmtpSettings, { body: { ...smtpBody, enabled: false } });
    const r = await admin.call(delivery.sendTestMessage, { body: { email: 'duchashi@zhashui.gov.cn' } });
    expect([r.status, r.body.error.code]).toEqual([409, 'INVALID_STATE']);
    await admin.call(delivery.updateSmtpSettings, { body: smtpBody });
  });
});

describe('the outbox', () => {
  it('lists by status with counts and pages; a failed delivery is retried by the system administrator, not the office', async () => {
    const db = t.services.db.kysely;
    const at = t.clock.now().toISOString();
    await db
      .updateTable('deliveries')
      .set({ status: 'failed', attempts: 1, last_error: 'HTTP 404' })
      .where('channel', '=', 'webhook')
      .execute();
    const failed = await office.call(delivery.listDeliveries, { query: { status: 'failed' } });
    expect(failed.body.counts).toMatchObject({ failed: 1, pending: 1 });
    expect(failed.body.items).toHaveLength(1);
    expect(failed.body.items[0].lastError).toBe('HTTP 404');
    const page1 = await office.call(delivery.listDeliveries, { query: { limit: '1' } });
    expect(page1.body.items).toHaveLength(1);
    const page2 = await office.call(delivery.listDeliveries, { query: { limit: '1', cursor: page1.body.nextCursor } });
    expect(page2.body.items[0].id).not.toBe(page1.body.items[0].id);
    expect(page2.body.nextCursor).toBeNull();
    const fid = failed.body.items[0].id;
    expect((await office.call(delivery.retryDelivery, { params: { id: fid } })).status).toBe(403);
    const retried = await admin.call(delivery.retryDelivery, { params: { id: fid } });
    expect(retried.body).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: at, lastError: 'HTTP 404' });
    const again = await admin.call(delivery.retryDelivery, { params: { id: fid } });
    expect([again.status, again.body.error.code]).toEqual([409, 'INVALID_STATE']);
    expect(await auditText()).toContain('delivery.retry');
  });
});

describe('who may use the delivery routes', () => {
  const reads = [delivery.getSmtpSettings, delivery.listWebhooks, delivery.listDeliveries];

  it('the office reads but does not configure; a town handler gets 403; anonymous callers 401', async () => {
    for (const e of reads) {
      expect((await office.call(e)).status, e.id).toBe(200);
      const h = await handler.call(e);
      expect([h.status, h.body.error.code], e.id).toEqual([403, 'FORBIDDEN']);
      const a = await t.anon().call(e);
      expect([a.status, a.body.error.code], e.id).toEqual([401, 'UNAUTHENTICATED']);
    }
    const writes = [
      [delivery.updateSmtpSettings, { body: smtpBody }],
      [delivery.createWebhook, { body: { name: 'x', kind: 'generic', url: 'https://example.com/h' } }],
      [delivery.sendTestMessage, { body: { email: 'a@zhashui.gov.cn' } }],
    ] as const;
    for (const [e, opts] of writes) {
      for (const c of [office, handler]) {
        const r = await c.call(e, opts);
        expect([r.status, r.body.error.code], e.id).toEqual([403, 'FORBIDDEN']);
      }
      expect((await t.anon().call(e, opts)).status, e.id).toBe(401);
    }
    const before = await admin.call(delivery.getSmtpSettings);
    expect(before.body.port).toBe(465); // nothing the refused calls sent was stored
  });
});
