/**
 * Keys that let a survey count answers without knowing who gave them: a random secret kept in the
 * settings, HMAC-SM3 of the device id (anonymous), of the account (signed in), and of the network
 * address and browser. The device id travels in a signed, httpOnly cookie; nothing stored names a
 * person or an address.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DB } from '../../platform/db/schema.ts';
import type { Services } from '../../platform/context.ts';
import { cookieSecure } from '../../platform/auth/sessions.ts';

const SECRET_KEY = 'evaluation.raterSecret';
export const RATER_COOKIE = 'luoshi_rater';
const COOKIE_PATH = '/api/v1/portal/surveys';

/** The secret, created on first use inside the caller's transaction. */
export async function raterSecret(db: Kysely<DB>, at: string): Promise<Buffer> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', SECRET_KEY).executeTakeFirst();
  if (row) return Buffer.from(JSON.parse(row.value) as string, 'base64');
  const secret = randomBytes(32);
  await db.insertInto('settings').values({ key: SECRET_KEY, value: JSON.stringify(secret.toString('base64')), updated_at: at }).onConflict((oc) => oc.column('key').doNothing()).execute();
  const again = await db.selectFrom('settings').select('value').where('key', '=', SECRET_KEY).executeTakeFirstOrThrow();
  return Buffer.from(JSON.parse(again.value) as string, 'base64');
}

/** The secret if it exists yet (reads never create it). */
export async function existingRaterSecret(db: Kysely<DB>): Promise<Buffer | null> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', SECRET_KEY).executeTakeFirst();
  return row ? Buffer.from(JSON.parse(row.value) as string, 'base64') : null;
}

export function keyed(secret: Buffer, ...parts: string[]): string {
  return createHmac('sm3', secret).update(parts.join('\u0000'), 'utf8').digest('base64url');
}

/** The device id carried by a valid cookie, or null. */
export function deviceFromCookie(req: FastifyRequest, secret: Buffer | null): string | null {
  const raw = req.cookies?.[RATER_COOKIE];
  if (!raw || !secret) return null;
  const dot = raw.lastIndexOf('.');
  if (dot <= 0) return null;
  const id = raw.slice(0, dot);
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(id)) return null;
  const want = Buffer.from(keyed(secret, 'cookie', id));
  const got = Buffer.from(raw.slice(dot + 1));
  return want.length === got.length && timingSafeEqual(want, got) ? id : null;
}

export function newDeviceId(): string {
  return randomBytes(18).toString('base64url');
}

export function setDeviceCookie(req: FastifyRequest, reply: FastifyReply, services: Services, secret: Buffer, deviceId: string): void {
  reply.setCookie(RATER_COOKIE, `${deviceId}.${keyed(secret, 'cookie', deviceId)}`, { httpOnly: true, sameSite: 'lax', secure: cookieSecure(req, services), path: COOKIE_PATH, maxAge: 400 * 86_400 });
}

/** The network address and browser of a request, as one keyed value per survey. */
export function networkKey(secret: Buffer, surveyId: string, ip: string, userAgent: string | undefined): string {
  return keyed(secret, 'net', surveyId, ip, (userAgent ?? '').slice(0, 500));
}
