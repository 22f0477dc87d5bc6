/**
 * Delivery settings in the settings table: the SMTP server (one row) and the webhooks (one row each,
 * so two administrators adding webhooks at once never overwrite each other). The SMTP password, the
 * webhook URLs (WeCom and DingTalk put their access token in the URL) and the signing secrets are
 * stored sealed (SM4); reads for display give hints and flags, never the secrets.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { writeSetting } from '../settings.ts';
import type { SecretBox } from './secrets.ts';

export const SMTP_KEY = 'delivery.smtp';
export const WEBHOOK_PREFIX = 'delivery.webhook.';

export const WEBHOOK_KINDS = ['wecom', 'dingtalk', 'generic'] as const;
export type WebhookKind = (typeof WEBHOOK_KINDS)[number];

export interface StoredSmtp {
  enabled: boolean;
  host: string;
  port: number;
  secure: boolean;
  user: string;
  /** sealed */
  password: string | null;
  from: string;
}

export interface StoredWebhook {
  id: string;
  name: string;
  kind: WebhookKind;
  /** sealed */
  url: string;
  /** for display: the URL with its tokens masked */
  urlHint: string;
  /** sealed */
  secret: string | null;
  /** notification kinds sent there: exact kinds, `area.*`, or `*` for all */
  kinds: string[];
  createdAt: string;
}

/** What may be shown of the SMTP settings. */
export interface SmtpView {
  configured: boolean;
  enabled: boolean;
  host: string;
  port: number;
  secure: boolean;
  user: string;
  from: string;
  passwordSet: boolean;
  updatedAt: string | null;
}

export interface WebhookView {
  id: string;
  name: string;
  kind: WebhookKind;
  urlHint: string;
  secretSet: boolean;
  kinds: string[];
  createdAt: string;
}

export async function readSmtp(db: Kysely<DB>): Promise<{ smtp: StoredSmtp | null; updatedAt: string | null }> {
  const row = await db.selectFrom('settings').select(['value', 'updated_at']).where('key', '=', SMTP_KEY).executeTakeFirst();
  return row ? { smtp: JSON.parse(row.value) as StoredSmtp, updatedAt: row.updated_at } : { smtp: null, updatedAt: null };
}

export function smtpView(smtp: StoredSmtp | null, updatedAt: string | null): SmtpView {
  if (!smtp) return { configured: false, enabled: false, host: '', port: 25, secure: false, user: '', from: '', passwordSet: false, updatedAt: null };
  return {
    configured: smtp.host.length > 0,
    enabled: smtp.enabled,
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    user: smtp.user,
    from: smtp.from,
    passwordSet: smtp.password !== null,
    updatedAt,
  };
}

/** Email goes out only through an enabled, configured server. */
export function smtpActive(smtp: StoredSmtp | null): smtp is StoredSmtp {
  return smtp !== null && smtp.enabled && smtp.host.length > 0;
}

export async function writeSmtp(db: Kysely<DB>, smtp: StoredSmtp, at: string): Promise<void> {
  await writeSetting(db, SMTP_KEY, smtp, at);
}

export async function readWebhooks(db: Kysely<DB>): Promise<StoredWebhook[]> {
  const rows = await db.selectFrom('settings').select('value').where('key', 'like', `${WEBHOOK_PREFIX}%`).execute();
  return rows.map((r) => JSON.parse(r.value) as StoredWebhook).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

export async function readWebhook(db: Kysely<DB>, id: string): Promise<StoredWebhook | null> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', WEBHOOK_PREFIX + id).executeTakeFirst();
  return row ? (JSON.parse(row.value) as StoredWebhook) : null;
}

export async function writeWebhook(db: Kysely<DB>, hook: StoredWebhook, at: string): Promise<void> {
  await writeSetting(db, WEBHOOK_PREFIX + hook.id, hook, at);
}

export async function deleteWebhook(db: Kysely<DB>, id: string): Promise<boolean> {
  const r = await db.deleteFrom('settings').where('key', '=', WEBHOOK_PREFIX + id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export function webhookView(h: StoredWebhook): WebhookView {
  return { id: h.id, name: h.name, kind: h.kind, urlHint: h.urlHint, secretSet: h.secret !== null, kinds: h.kinds, createdAt: h.createdAt };
}

/**
 * The URL as it may be shown: scheme, host and path, with every query value and any long path
 * segment (a token) masked, e.g. https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***.
 */
export function maskUrl(url: string): string {
  const u = new URL(url);
  const path = u.pathname
    .split('/')
    .map((seg) => (seg.length >= 16 ? `${seg.slice(0, 2)}***` : seg))
    .join('/');
  const query = [...u.searchParams.keys()].map((k) => `${encodeURIComponent(k)}=***`).join('&');
  return `${u.protocol}//${u.host}${path}${query ? `?${query}` : ''}`;
}

/** Whether a webhook subscribed to this kind of notification. */
export function subscribes(hook: Pick<StoredWebhook, 'kinds'>, kind: string): boolean {
  return hook.kinds.some((k) => k === '*' || k === kind || (k.endsWith('.*') && kind.startsWith(k.slice(0, -1))));
}

/** The decrypted parts a sender needs. */
export interface OpenWebhook {
  id: string;
  name: string;
  kind: WebhookKind;
  url: string;
  secret: string | null;
}

export function openWebhook(h: StoredWebhook, box: SecretBox): OpenWebhook {
  return { id: h.id, name: h.name, kind: h.kind, url: box.open(h.url), secret: h.secret ? box.open(h.secret) : null };
}
