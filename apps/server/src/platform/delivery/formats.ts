/**
 * The shapes each channel expects:
 * - 企业微信群机器人 (WeCom): POST {"msgtype":"markdown","markdown":{"content":"…"}}, content at most
 *   4096 bytes; the answer is {"errcode":0,"errmsg":"ok"}.
 * - 钉钉自定义机器人 (DingTalk): POST {"msgtype":"markdown","markdown":{"title","text"}}; with 加签 the
 *   URL carries &timestamp=<ms>&sign=<urlencoded base64 HmacSHA256(secret, "<ms>\n<secret>")>.
 * - generic: POST the message as JSON; with a secret, X-Luoshi-Signature: sha256=<hex HMAC of
 *   "<timestamp>.<body>"> and X-Luoshi-Timestamp, so the receiver can check who sent it.
 * - email: a plain-text message with a UTF-8 subject.
 */
import { createHmac } from 'node:crypto';
import type { DeliveryMessage } from './enqueue.ts';

export const WECOM_MAX_BYTES = 4096;

/** Text for robot markdown: no HTML (WeCom renders <font>), no control characters. */
function plain(text: string): string {
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '').replace(/</g, '\uFF1C').replace(/>/g, '\uFF1E');
}

/** The link made absolute with the public address, when there is one. */
export function absoluteLink(link: string | null, publicUrl: string | null): string | null {
  if (!link) return null;
  if (/^https?:\/\//i.test(link)) return link;
  if (!publicUrl) return null;
  return publicUrl.replace(/\/+$/, '') + (link.startsWith('/') ? link : `/${link}`);
}

function truncateBytes(text: string, max: number): string {
  if (Buffer.byteLength(text) <= max) return text;
  let out = '';
  for (const ch of text) {
    if (Buffer.byteLength(out + ch + '…') > max) break;
    out += ch;
  }
  return `${out}…`;
}

function markdown(m: DeliveryMessage, url: string | null, heading: string): string {
  const lines = [`${heading}${plain(m.title)}`];
  if (m.body.trim()) lines.push('', plain(m.body));
  if (url) lines.push('', `[查看详情 Open in Luoshi](${url})`);
  return lines.join('\n');
}

export function wecomPayload(m: DeliveryMessage, url: string | null): { msgtype: 'markdown'; markdown: { content: string } } {
  return { msgtype: 'markdown', markdown: { content: truncateBytes(markdown(m, url, '**落实** '), WECOM_MAX_BYTES) } };
}

export function dingtalkPayload(m: DeliveryMessage, url: string | null): { msgtype: 'markdown'; markdown: { title: string; text: string } } {
  return { msgtype: 'markdown', markdown: { title: plain(m.title).slice(0, 100), text: truncateBytes(markdown(m, url, '### '), 18_000) } };
}

/** DingTalk 加签: base64(HmacSHA256(key = secret, data = "<timestamp>\n<secret>")). */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

/** The robot URL with the signature added to its query (URL-encoded as DingTalk requires). */
export function dingtalkSignedUrl(url: string, secret: string, timestampMs: number): string {
  const u = new URL(url);
  u.searchParams.set('timestamp', String(timestampMs));
  u.searchParams.set('sign', dingtalkSign(secret, timestampMs));
  return u.toString();
}

export function genericPayload(m: DeliveryMessage, url: string | null, deliveryId: string, sentAt: string) {
  return { source: 'luoshi', deliveryId, kind: m.kind, title: m.title, body: m.body, link: m.link, url, sentAt };
}

export function genericSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

export function emailContent(m: DeliveryMessage, url: string | null): { subject: string; text: string } {
  const text = [
    m.body.trim() || m.title,
    ...(url ? ['', `查看详情 Open in Luoshi: ${url}`] : []),
    '',
    '——',
    '此邮件由落实平台自动发送,请勿直接回复。',
    'Sent by Luoshi; please do not reply to this message.',
  ].join('\n');
  return { subject: `【落实】${m.title}`, text };
}
