/**
 * Valid calls for the delivery routes. Webhooks point at a closed port on 127.0.0.1 and a test
 * message is only queued (the worker does not run in these tests), so nothing leaves the machine.
 */
import { delivery } from '@luoshi/contracts';
import { newId } from '../../apps/server/src/platform/ids.ts';
import type { Fixtures, RouteCall } from './routes.ts';

/** A webhook made by the system administrator, for the routes that need one. */
async function webhook(f: Fixtures): Promise<string> {
  const body = { name: `测试机器人${f.next()}`, kind: 'wecom', url: 'http://127.0.0.1:9/cgi-bin/webhook/send?key=test', kinds: ['*'] };
  return (await f.ok('admin', delivery.createWebhook, { body })).id;
}

/** A delivery that failed for good, for the retry route. */
async function failedDelivery(f: Fixtures): Promise<string> {
  const id = newId();
  const at = f.t.clock.now().toISOString();
  await f.t.services.db.kysely
    .insertInto('deliveries')
    .values({
      id,
      notification_id: null,
      channel: 'email',
      target: 'nobody@zhashui.gov.cn',
      subject: '投递失败的消息',
      payload: JSON.stringify({ kind: 'test', title: '投递失败的消息', body: '', link: null }),
      status: 'failed',
      attempts: 5,
      max_attempts: 5,
      next_attempt_at: at,
      last_error: 'ECONNREFUSED',
      dedupe_key: null,
      created_at: at,
      updated_at: at,
      sent_at: null,
    })
    .execute();
  return id;
}

export const DELIVERY_CALLS: Record<string, (f: Fixtures, username: string | null) => Promise<RouteCall>> = {
  [delivery.getSmtpSettings.id]: async () => ({}),
  [delivery.updateSmtpSettings.id]: async () => ({
    body: { enabled: false, host: '127.0.0.1', port: 25, secure: false, user: '', from: '柞水县政府督查室 <duchashi@zhashui.gov.cn>' },
  }),
  [delivery.listWebhooks.id]: async () => ({}),
  [delivery.createWebhook.id]: async (f) => ({
    body: { name: `钉钉群${f.next()}`, kind: 'dingtalk', url: 'http://127.0.0.1:9/robot/send?access_token=test', secret: 'SECtest', kinds: ['task.*'] },
  }),
  [delivery.deleteWebhook.id]: async (f) => ({ params: { id: await webhook(f) } }),
  [delivery.sendTestMessage.id]: async (f) => ({ body: { webhookId: await webhook(f) } }),
  [delivery.listDeliveries.id]: async () => ({ query: { status: 'failed' } }),
  [delivery.retryDelivery.id]: async (f) => ({ params: { id: await failedDelivery(f) } }),
};
