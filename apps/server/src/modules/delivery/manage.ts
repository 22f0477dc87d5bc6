/**
 * Use cases of the delivery settings and the outbox (SPEC §9.2). The system administrator
 * configures the SMTP server and the webhooks; the office and the administrator watch the outbox.
 * Every change is audited without its secrets: the audit log records that a password or secret was
 * set or changed, never its value.
 */
import type { Kysely } from 'kysely';
import { LuoshiError, type Actor } from '@luoshi/domain';
import type { BodyT, DeliveryT, QueryT, delivery } from '@luoshi/contracts';
import type { DB, DeliveriesTable } from '../../platform/db/schema.ts';
import { notFoundUnless, requireCan, type Services, type Tx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { insertDelivery } from '../../platform/delivery/enqueue.ts';
import { requeueFailed } from '../../platform/delivery/outbox.ts';
import { isSealed, secretsFor } from '../../platform/delivery/secrets.ts';
import {
  deleteWebhook as removeWebhook,
  maskUrl,
  readSmtp,
  readWebhook,
  readWebhooks,
  smtpActive,
  smtpView,
  webhookView,
  writeSmtp,
  writeWebhook,
  type StoredSmtp,
  type StoredWebhook,
  type WebhookKind,
} from '../../platform/delivery/settings.ts';

export async function getSmtp(db: Kysely<DB>, actor: Actor) {
  requireCan(actor, 'delivery.read');
  const { smtp, updatedAt } = await readSmtp(db);
  return smtpView(smtp, updatedAt);
}

export async function updateSmtp(tx: Tx, services: Services, input: BodyT<typeof delivery.updateSmtpSettings>) {
  requireCan(tx.actor, 'delivery.manage');
  const { smtp: before, updatedAt } = await readSmtp(tx.db);
  const box = secretsFor(services.config);
  const password = input.password === undefined ? (before?.password ?? null) : input.password === null || input.password === '' ? null : box.seal(input.password);
  const next: StoredSmtp = {
    enabled: input.enabled,
    host: input.host,
    port: input.port,
    secure: input.secure,
    user: input.user,
    password,
    from: input.from,
  };
  await writeSmtp(tx.db, next, tx.nowIso);
  const after = smtpView(next, tx.nowIso);
  await tx.audit({
    action: 'delivery.update_smtp',
    entityType: 'settings',
    entityId: 'delivery.smtp',
    before: smtpView(before, updatedAt),
    after: { ...after, passwordChanged: input.password !== undefined },
  });
  return after;
}

export async function listWebhooks(db: Kysely<DB>, actor: Actor) {
  requireCan(actor, 'delivery.read');
  return { items: (await readWebhooks(db)).map(webhookView) };
}

export async function createWebhook(tx: Tx, services: Services, input: BodyT<typeof delivery.createWebhook>) {
  requireCan(tx.actor, 'delivery.manage');
  const box = secretsFor(services.config);
  const hook: StoredWebhook = {
    id: newId(tx.now.getTime()),
    name: input.name,
    kind: input.kind as WebhookKind,
    url: box.seal(input.url),
    urlHint: maskUrl(input.url),
    secret: input.secret ? box.seal(input.secret) : null,
    kinds: [...new Set(input.kinds)],
    createdAt: tx.nowIso,
  };
  await writeWebhook(tx.db, hook, tx.nowIso);
  const view = webhookView(hook);
  await tx.audit({ action: 'delivery.create_webhook', entityType: 'webhook', entityId: hook.id, after: view });
  return view;
}

export async function deleteWebhook(tx: Tx, id: string) {
  requireCan(tx.actor, 'delivery.manage');
  const hook = notFoundUnless(await readWebhook(tx.db, id));
  await removeWebhook(tx.db, id);
  await tx.audit({ action: 'delivery.delete_webhook', entityType: 'webhook', entityId: id, before: webhookView(hook) });
  return { ok: true as const };
}

async function present(db: Kysely<DB>, rows: DeliveriesTable[]): Promise<DeliveryT[]> {
  const names = new Map((await readWebhooks(db)).map((h) => [h.id, h.name]));
  return rows.map((r) => ({
    id: r.id,
    notificationId: r.notification_id,
    channel: r.channel as DeliveryT['channel'],
    target: r.channel === 'webhook' ? (names.get(r.target) ?? `(已删除 removed) ${r.target}`) : isSealed(r.target) ? '(群众邮箱,加密保存 citizen, encrypted)' : r.target,
    webhookId: r.channel === 'webhook' ? r.target : null,
    subject: r.subject,
    status: r.status as DeliveryT['status'],
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  }));
}

async function one(db: Kysely<DB>, id: string): Promise<DeliveryT> {
  const row = notFoundUnless(await db.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirst());
  return (await present(db, [row]))[0]!;
}

/** A test message goes through the outbox like any other, with one attempt: its outcome shows there in seconds. */
export async function sendTest(tx: Tx, input: BodyT<typeof delivery.sendTestMessage>) {
  const actor = requireCan(tx.actor, 'delivery.manage');
  const message = {
    kind: 'delivery.test',
    title: '落实平台测试消息 Luoshi test message',
    body: `这是一条测试消息,由 ${actor.displayName} 发送。This is a test message sent by ${actor.username}.`,
    link: null,
  };
  if (input.webhookId) {
    notFoundUnless(await readWebhook(tx.db, input.webhookId));
  } else if (!smtpActive((await readSmtp(tx.db)).smtp)) {
    throw new LuoshiError('INVALID_STATE', { issues: [{ path: 'email', zh: '尚未配置或未启用邮件服务器', en: 'no SMTP server is configured and enabled' }] });
  }
  const channel = input.webhookId ? 'webhook' : 'email';
  const target = input.webhookId ?? input.email!;
  const id = (await insertDelivery(tx.db, tx.nowIso, { channel, target, message, maxAttempts: 1 }))!;
  await tx.audit({ action: 'delivery.test', entityType: 'delivery', entityId: id, after: { channel, target } });
  return one(tx.db, id);
}

const STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;

export async function listOutbox(db: Kysely<DB>, actor: Actor, q: QueryT<typeof delivery.listDeliveries>) {
  requireCan(actor, 'delivery.read');
  let query = db.selectFrom('deliveries').selectAll().orderBy('id', 'desc').limit(q.limit + 1);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.channel) query = query.where('channel', '=', q.channel);
  if (q.cursor) query = query.where('id', '<', q.cursor);
  const rows = await query.execute();
  const page = rows.slice(0, q.limit);
  const grouped = await db.selectFrom('deliveries').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
  const counts = Object.fromEntries(STATUSES.map((s) => [s, Number(grouped.find((g) => g.status === s)?.n ?? 0)])) as Record<(typeof STATUSES)[number], number>;
  return { items: await present(db, page), nextCursor: rows.length > q.limit ? page.at(-1)!.id : null, counts };
}

export async function retryDelivery(tx: Tx, id: string) {
  requireCan(tx.actor, 'delivery.manage');
  const row = notFoundUnless(await tx.db.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirst());
  if (row.status !== 'failed') {
    throw new LuoshiError('INVALID_STATE', { issues: [{ path: 'status', zh: '只能重发失败的投递', en: 'only a failed delivery can be retried' }] });
  }
  await requeueFailed(tx.db, tx.nowIso, id);
  await tx.audit({
    action: 'delivery.retry',
    entityType: 'delivery',
    entityId: id,
    before: { status: row.status, attempts: row.attempts, lastError: row.last_error },
    after: { status: 'pending' },
  });
  return one(tx.db, id);
}
