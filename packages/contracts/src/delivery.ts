/**
 * Email and webhook delivery (SPEC §9.2): the SMTP server, the WeCom / DingTalk / generic webhooks,
 * test messages and the outbox with its failures. Secrets (the SMTP password, webhook URLs and
 * signing secrets) are write-only: they go in, and only flags and masked hints come out.
 */
import { z } from 'zod';
import { endpoint, Id, IdParams, Ok, OptText, Text } from './endpoint.ts';

const LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
/** A host name or an IPv4 address, or an IPv6 address in brackets. */
export const Host = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .refine((h) => /^\[[0-9A-Fa-f:.]+\]$/.test(h) || h.split('.').every((l) => LABEL.test(l)), { message: 'host name' });

const ADDRESS = /^[^\s<>@"(),;:\\]+@[^\s<>@"(),;:\\]+\.[^\s<>@"(),;:\\]+$/;
/** One email address, e.g. duchashi@zhashui.gov.cn */
export const EmailAddress = z.string().trim().min(3).max(254).regex(ADDRESS, { message: 'email address' });
/** A sender: an address, or a display name and an address: 柞水县政府督查室 <duchashi@zhashui.gov.cn> */
export const Sender = z
  .string()
  .trim()
  .min(3)
  .max(320)
  .refine((s) => {
    const named = /^([^<>\r\n"]{1,100}?)\s*<([^<>]+)>$/.exec(s);
    return named ? ADDRESS.test(named[2]!) : ADDRESS.test(s);
  }, { message: 'sender address' });

export const SmtpSettings = z.object({
  configured: z.boolean(),
  enabled: z.boolean(),
  host: z.string(),
  port: z.number().int(),
  secure: z.boolean(),
  user: z.string(),
  from: z.string(),
  /** whether a password is stored; the password itself is never returned */
  passwordSet: z.boolean(),
  updatedAt: z.string().nullable(),
});
export type SmtpSettingsT = z.infer<typeof SmtpSettings>;

export const getSmtpSettings = endpoint({
  id: 'getSmtpSettings',
  method: 'GET',
  path: '/api/v1/delivery/smtp',
  summary: '邮件服务器设置 SMTP settings',
  tag: 'delivery',
  response: SmtpSettings,
});

export const updateSmtpSettings = endpoint({
  id: 'updateSmtpSettings',
  method: 'PUT',
  path: '/api/v1/delivery/smtp',
  summary: '修改邮件服务器设置 Update SMTP settings',
  tag: 'delivery',
  body: z.object({
    enabled: z.boolean().default(true),
    host: Host,
    port: z.number().int().min(1).max(65535),
    /** implicit TLS (port 465); otherwise STARTTLS is used when the server offers it */
    secure: z.boolean().default(false),
    user: OptText(200).default(''),
    /** omitted: keep the stored password; null: remove it; text: replace it */
    password: z.string().max(512).nullable().optional(),
    from: Sender,
  }),
  response: SmtpSettings,
});

export const WEBHOOK_KINDS = ['wecom', 'dingtalk', 'generic'] as const;

/** A notification kind, `area.*`, or `*` for all. */
const KindPattern = z
  .string()
  .trim()
  .min(1)
  .max(60)
  .regex(/^(\*|[a-z][a-z0-9_]*(\.[a-z0-9_]+)*(\.\*)?)$/, { message: 'notification kind' });

export const Webhook = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(WEBHOOK_KINDS),
  /** the URL with its tokens masked */
  urlHint: z.string(),
  secretSet: z.boolean(),
  kinds: z.array(z.string()),
  createdAt: z.string(),
});
export type WebhookT = z.infer<typeof Webhook>;

export const listWebhooks = endpoint({
  id: 'listWebhooks',
  method: 'GET',
  path: '/api/v1/delivery/webhooks',
  summary: 'Webhook 列表 Webhooks',
  tag: 'delivery',
  response: z.object({ items: z.array(Webhook) }),
});

export const createWebhook = endpoint({
  id: 'createWebhook',
  method: 'POST',
  path: '/api/v1/delivery/webhooks',
  summary: '添加 Webhook(企业微信、钉钉机器人或通用) Add a webhook',
  tag: 'delivery',
  body: z.object({
    name: Text(60),
    kind: z.enum(WEBHOOK_KINDS),
    url: z
      .string()
      .trim()
      .max(2000)
      .refine((u) => {
        try {
          const p = new URL(u);
          return (p.protocol === 'https:' || p.protocol === 'http:') && !p.username && !p.password && p.hostname.length > 0;
        } catch {
          return false;
        }
      }, { message: 'http(s) URL' }),
    /** DingTalk 加签 secret (SEC…), or the HMAC key of a generic webhook */
    secret: z.string().trim().max(200).nullable().optional(),
    kinds: z.array(KindPattern).min(1).max(50).default(['*']),
  }),
  response: Webhook,
});

export const deleteWebhook = endpoint({
  id: 'deleteWebhook',
  method: 'DELETE',
  path: '/api/v1/delivery/webhooks/:id',
  summary: '删除 Webhook Remove a webhook',
  tag: 'delivery',
  params: IdParams,
  response: Ok,
});

export const DELIVERY_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;

export const Delivery = z.object({
  id: z.string(),
  notificationId: z.string().nullable(),
  channel: z.enum(['email', 'webhook']),
  /** the email address, or the webhook's name */
  target: z.string(),
  webhookId: z.string().nullable(),
  subject: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  nextAttemptAt: z.string(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export type DeliveryT = z.infer<typeof Delivery>;

export const sendTestMessage = endpoint({
  id: 'sendTestMessage',
  method: 'POST',
  path: '/api/v1/delivery/test',
  summary: '发送测试消息(进入投递队列,数秒内发出) Queue a test message',
  tag: 'delivery',
  body: z
    .object({ webhookId: Id.optional(), email: EmailAddress.optional() })
    .refine((b) => (b.webhookId === undefined) !== (b.email === undefined), { message: 'either webhookId or email' }),
  response: Delivery,
});

export const listDeliveries = endpoint({
  id: 'listDeliveries',
  method: 'GET',
  path: '/api/v1/delivery/outbox',
  summary: '投递队列 Delivery outbox',
  tag: 'delivery',
  query: z.object({
    status: z.enum(DELIVERY_STATUSES).optional(),
    channel: z.enum(['email', 'webhook']).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    /** the id of the last row of the previous page */
    cursor: Id.optional(),
  }),
  response: z.object({
    items: z.array(Delivery),
    nextCursor: z.string().nullable(),
    counts: z.object({ pending: z.number().int(), sending: z.number().int(), sent: z.number().int(), failed: z.number().int() }),
  }),
});

export const retryDelivery = endpoint({
  id: 'retryDelivery',
  method: 'POST',
  path: '/api/v1/delivery/outbox/:id/retry',
  summary: '重新投递失败的消息 Retry a failed delivery',
  tag: 'delivery',
  params: IdParams,
  response: Delivery,
});
