/**
 * Writes outbox rows for a notification, in the caller's transaction: they commit with the
 * notification or not at all. Email to every addressee whose person has an address (when an SMTP
 * server is configured and enabled); one webhook message per configured webhook that subscribes to
 * the notification's kind.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { newId } from '../ids.ts';
import { readSmtp, readWebhooks, smtpActive, subscribes } from './settings.ts';

/** Attempts before a delivery is marked failed; the waits between them are RETRY_MINUTES. */
export const RETRY_MINUTES = [1, 5, 30, 120] as const;
export const MAX_ATTEMPTS = RETRY_MINUTES.length + 1;
/** Outbox rows of citizens' case messages carry this dedupe-key prefix and the message id. */
export const CASE_MESSAGE_KEY = 'case-message:';

/** What a delivery carries; the channel's format is made from it when it is sent. */
export interface DeliveryMessage {
  kind: string;
  title: string;
  body: string;
  /** a path inside Luoshi, e.g. /app/tasks/… (made absolute with LUOSHI_PUBLIC_URL) */
  link: string | null;
}

export interface NewDelivery {
  channel: 'email' | 'webhook';
  /** an email address, or a webhook id */
  target: string;
  message: DeliveryMessage;
  notificationId?: string | null;
  dedupeKey?: string | null;
  maxAttempts?: number;
}

export async function insertDelivery(db: Kysely<DB>, at: string, d: NewDelivery): Promise<string | null> {
  const id = newId(Date.parse(at));
  const r = await db
    .insertInto('deliveries')
    .values({
      id,
      notification_id: d.notificationId ?? null,
      channel: d.channel,
      target: d.target,
      subject: d.message.title,
      payload: JSON.stringify(d.message),
      status: 'pending',
      attempts: 0,
      max_attempts: d.maxAttempts ?? MAX_ATTEMPTS,
      next_attempt_at: at,
      last_error: null,
      dedupe_key: d.dedupeKey ?? null,
      created_at: at,
      updated_at: at,
      sent_at: null,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0 ? id : null;
}

/**
 * Queues the email and webhook deliveries of notifications just written. `written` holds only the
 * notifications that were new (a deduplicated reminder is not sent again); with a dedupe key the
 * webhook message is queued once per webhook, however many calls share the key.
 */
export async function enqueueDeliveries(
  db: Kysely<DB>,
  at: string,
  written: { userId: string; notificationId: string }[],
  notice: { kind: string; title: string; body?: string; link?: string | null; dedupeKey?: string },
): Promise<number> {
  if (!written.length) return 0;
  const message: DeliveryMessage = { kind: notice.kind, title: notice.title, body: notice.body ?? '', link: notice.link ?? null };
  let queued = 0;
  const { smtp } = await readSmtp(db);
  if (smtpActive(smtp)) {
    const rows = await db
      .selectFrom('users')
      .innerJoin('people', 'people.id', 'users.person_id')
      .select(['users.id', 'people.email'])
      .where('users.id', 'in', written.map((w) => w.userId))
      .where('users.disabled', '=', 0)
      .where('people.email', 'is not', null)
      .execute();
    for (const r of rows) {
      const email = r.email?.trim();
      if (!email) continue;
      const notificationId = written.find((w) => w.userId === r.id)!.notificationId;
      if (await insertDelivery(db, at, { channel: 'email', target: email, message, notificationId })) queued++;
    }
  }
  for (const hook of await readWebhooks(db)) {
    if (!subscribes(hook, notice.kind)) continue;
    const dedupeKey = notice.dedupeKey ? `${notice.dedupeKey}:webhook:${hook.id}` : null;
    if (await insertDelivery(db, at, { channel: 'webhook', target: hook.id, message, dedupeKey })) queued++;
  }
  return queued;
}
