/**
 * The outbox worker. Each run claims the deliveries that are due, sends them, and records the
 * outcome: sent, or a retry after 1, 5, 30 and 120 minutes, or — after the last attempt — failed,
 * with the last error kept for the outbox list. Nothing is dropped silently.
 *
 * Claims are safe with several app instances: one UPDATE … RETURNING moves due rows to `sending`
 * only while they are still due (on PostgreSQL its inner SELECT takes them FOR UPDATE SKIP LOCKED, so
 * two instances claim different rows without waiting; SQLite's write lock serialises the claims).
 * A claim is a lease: `next_attempt_at` moves five minutes ahead, so a row whose worker died while
 * sending is claimed again when the lease runs out, and the worker's own outcome update only applies
 * while its claim (status and attempt number) still holds.
 */
import type { Kysely } from 'kysely';
import type { Services } from '../context.ts';
import type { DB, DeliveriesTable } from '../db/schema.ts';
import { CASE_MESSAGE_KEY, RETRY_MINUTES, type DeliveryMessage } from './enqueue.ts';
import { absoluteLink } from './formats.ts';
import { DeliveryError, mailer, sendWebhook, type Mailer } from './send.ts';
import { openWebhook, readSmtp, readWebhook, smtpActive } from './settings.ts';
import { isSealed, secretsFor } from './secrets.ts';

export interface OutboxOptions {
  /** time limit of one send (default 10 s) */
  timeoutMs?: number;
  /** rows claimed at a time (default 10) */
  batch?: number;
  /** most rows handled in one run (default 200) */
  max?: number;
  /** how long a claim holds before another worker may take the row (default 5 min) */
  leaseMs?: number;
}

export interface OutboxReport {
  claimed: number;
  sent: number;
  retrying: number;
  failed: number;
}

type Row = DeliveriesTable;

const DUE = ['pending', 'sending'] as const;

async function claim(services: Services, nowIso: string, leaseIso: string, batch: number): Promise<Row[]> {
  const db = services.db.kysely;
  let due = db
    .selectFrom('deliveries')
    .select('id')
    .where('status', 'in', DUE)
    .where('next_attempt_at', '<=', nowIso)
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(batch);
  if (services.db.dialect === 'postgres') due = due.forUpdate().skipLocked();
  return db
    .updateTable('deliveries')
    .set((eb) => ({ status: 'sending', attempts: eb('attempts', '+', 1), next_attempt_at: leaseIso, updated_at: nowIso }))
    .where('id', 'in', due)
    .where('status', 'in', DUE)
    .where('next_attempt_at', '<=', nowIso)
    .returningAll()
    .execute();
}

/** When the next attempt of a delivery that failed `attempts` times is due, or null when it is spent. */
export function nextAttempt(attempts: number, maxAttempts: number, now: Date): Date | null {
  if (attempts >= maxAttempts) return null;
  const minutes = RETRY_MINUTES[Math.min(attempts, RETRY_MINUTES.length) - 1] ?? RETRY_MINUTES[0];
  return new Date(now.getTime() + minutes * 60_000);
}

async function settle(db: Kysely<DB>, row: Row, nowIso: string, set: Partial<Row>): Promise<void> {
  await db
    .updateTable('deliveries')
    .set({ ...set, updated_at: nowIso })
    .where('id', '=', row.id)
    .where('status', '=', 'sending')
    .where('attempts', '=', row.attempts)
    .execute();
}

/** Claims and sends the deliveries due at `now`. Run by `serve` every few seconds. */
export async function processOutbox(services: Services, now: Date, opts: OutboxOptions = {}): Promise<OutboxReport> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const batch = opts.batch ?? 10;
  const max = opts.max ?? 200;
  const nowIso = now.toISOString();
  const leaseIso = new Date(now.getTime() + (opts.leaseMs ?? 5 * 60_000)).toISOString();
  const db = services.db.kysely;
  const report: OutboxReport = { claimed: 0, sent: 0, retrying: 0, failed: 0 };
  const box = () => secretsFor(services.config);
  let mail: Mailer | null = null;
  const publicUrl = services.config.publicUrl ?? null;
  try {
    while (report.claimed < max) {
      const rows = await claim(services, nowIso, leaseIso, Math.min(batch, max - report.claimed));
      if (!rows.length) break;
      report.claimed += rows.length;
      for (const row of rows) {
        const message = JSON.parse(row.payload) as DeliveryMessage;
        const o = { timeoutMs, deliveryId: row.id, at: now, url: absoluteLink(message.link, publicUrl) };
        try {
          if (row.channel === 'email') {
            if (!mail) {
              const { smtp } = await readSmtp(db);
              if (!smtpActive(smtp)) throw new DeliveryError('未配置或未启用邮件服务器 no SMTP server is configured and enabled');
              mail = await mailer(smtp, box(), timeoutMs);
            }
            // a citizen's address stays sealed in the row; it is opened only to send
            await mail.send(isSealed(row.target) ? box().open(row.target) : row.target, message, o);
          } else {
            const hook = await readWebhook(db, row.target);
            if (!hook) throw new DeliveryError('该 Webhook 已删除 the webhook was removed', true);
            await sendWebhook(openWebhook(hook, box()), message, o);
          }
          await settle(db, row, nowIso, { status: 'sent', sent_at: nowIso, last_error: null });
          if (row.dedupe_key?.startsWith(CASE_MESSAGE_KEY)) {
            await db.updateTable('case_messages').set({ sent_at: nowIso }).where('id', '=', row.dedupe_key.slice(CASE_MESSAGE_KEY.length)).execute();
          }
          report.sent++;
        } catch (e) {
          const error = (e instanceof Error ? e.message : String(e)).slice(0, 500);
          const next = e instanceof DeliveryError && e.permanent ? null : nextAttempt(row.attempts, row.max_attempts, now);
          if (next) {
            await settle(db, row, nowIso, { status: 'pending', next_attempt_at: next.toISOString(), last_error: error });
            report.retrying++;
          } else {
            await settle(db, row, nowIso, { status: 'failed', next_attempt_at: nowIso, last_error: error });
            report.failed++;
          }
        }
      }
    }
  } finally {
    (mail as Mailer | null)?.close();
  }
  return report;
}

/** Puts failed deliveries back in the queue for a fresh round of attempts; returns how many. */
export async function requeueFailed(db: Kysely<DB>, at: string, id?: string): Promise<number> {
  let q = db.updateTable('deliveries').set({ status: 'pending', attempts: 0, next_attempt_at: at, updated_at: at }).where('status', '=', 'failed');
  if (id) q = q.where('id', '=', id);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/**
 * Runs the outbox every `intervalMs` (unref'd: it never keeps the process alive) and never two runs
 * at once in this process. `stop()` ends the timer and waits for the run in flight.
 */
export function startOutboxWorker(
  services: Services,
  opts: OutboxOptions & { intervalMs: number; onResult?: (r: OutboxReport) => void; onError?: (e: unknown) => void },
): { stop(): Promise<void>; runNow(): Promise<void> } {
  let running: Promise<void> | null = null;
  let stopped = false;
  const run = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (running) return running;
    running = processOutbox(services, services.clock.now(), opts)
      .then((r) => opts.onResult?.(r), opts.onError)
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(() => void run(), opts.intervalMs);
  timer.unref();
  return {
    runNow: run,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
