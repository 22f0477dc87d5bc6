/**
 * Sending one delivery: email through the configured SMTP server (nodemailer), webhooks with
 * node's fetch under a time limit. A failure throws DeliveryError with a message fit for the outbox
 * list: it never carries the webhook URL (its token) or a password.
 */
import type { DeliveryMessage } from './enqueue.ts';
import { dingtalkPayload, dingtalkSignedUrl, emailContent, genericPayload, genericSignature, wecomPayload } from './formats.ts';
import type { OpenWebhook, StoredSmtp } from './settings.ts';
import type { SecretBox } from './secrets.ts';

export class DeliveryError extends Error {
  /** no retry can help (the webhook was removed) */
  readonly permanent: boolean;
  constructor(message: string, permanent = false) {
    super(message);
    this.permanent = permanent;
  }
}

function describe(e: unknown): string {
  const err = e as { name?: string; message?: string; code?: string; cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return '超时 timed out';
  const cause = err?.cause?.code ?? err?.cause?.message;
  return [err?.code, err?.message, cause].filter(Boolean).join(': ') || String(e);
}

export interface SendOptions {
  timeoutMs: number;
  deliveryId: string;
  at: Date;
  /** absolute link to the item, or null */
  url: string | null;
}

/** Robots answer HTTP 200 with {"errcode": n} for refusals (bad key, wrong signature, rate limit). */
function robotRefusal(text: string): string | null {
  try {
    const body = JSON.parse(text) as { errcode?: unknown; errmsg?: unknown };
    if (typeof body.errcode === 'number' && body.errcode !== 0) return `errcode ${body.errcode}: ${String(body.errmsg ?? '')}`.slice(0, 300);
  } catch {
    /* not JSON: the status decides */
  }
  return null;
}

export async function sendWebhook(hook: OpenWebhook, m: DeliveryMessage, o: SendOptions): Promise<void> {
  let url = hook.url;
  let payload: unknown;
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'Luoshi' };
  if (hook.kind === 'wecom') payload = wecomPayload(m, o.url);
  else if (hook.kind === 'dingtalk') {
    payload = dingtalkPayload(m, o.url);
    if (hook.secret) url = dingtalkSignedUrl(url, hook.secret, o.at.getTime());
  } else payload = genericPayload(m, o.url, o.deliveryId, o.at.toISOString());
  const body = JSON.stringify(payload);
  if (hook.kind === 'generic' && hook.secret) {
    const ts = String(Math.floor(o.at.getTime() / 1000));
    headers['x-luoshi-timestamp'] = ts;
    headers['x-luoshi-signature'] = genericSignature(hook.secret, ts, body);
  }
  headers['x-luoshi-delivery'] = o.deliveryId;
  let res: Response;
  let text: string;
  try {
    const signal = AbortSignal.timeout(o.timeoutMs);
    res = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal });
    text = (await res.text()).slice(0, 2000);
  } catch (e) {
    throw new DeliveryError(describe(e));
  }
  if (res.status < 200 || res.status >= 300) throw new DeliveryError(`HTTP ${res.status}${text ? `: ${text.replace(/\s+/g, ' ').slice(0, 200)}` : ''}`);
  const refusal = robotRefusal(text);
  if (refusal) throw new DeliveryError(refusal);
}

export interface Mailer {
  send(to: string, m: DeliveryMessage, o: SendOptions): Promise<void>;
  close(): void;
}

/** One SMTP connection pool per outbox run. nodemailer is loaded on the first email, not at start-up. */
export async function mailer(smtp: StoredSmtp, box: SecretBox, timeoutMs: number): Promise<Mailer> {
  const { default: nodemailer } = await import('nodemailer');
  const password = smtp.password ? box.open(smtp.password) : null;
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.user ? { auth: { user: smtp.user, pass: password ?? '' } } : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    tls: { minVersion: 'TLSv1.2' },
  });
  return {
    async send(to, m, o) {
      const { subject, text } = emailContent(m, o.url);
      try {
        await transport.sendMail({ from: smtp.from, to, subject, text, headers: { 'X-Luoshi-Delivery': o.deliveryId } });
      } catch (e) {
        throw new DeliveryError(describe(e));
      }
    },
    close: () => transport.close(),
  };
}
