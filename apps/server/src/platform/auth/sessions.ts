/**
 * Server-side sessions in the database (so several app instances share them). The cookie holds a
 * random token; the table holds only its SM3 hash. Idle and absolute time-outs come from the
 * security policy.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { DAY_MS } from '@luoshi/domain';
import type { DB } from '../db/schema.ts';
import type { Services } from '../context.ts';
import { sm3 } from '../audit.ts';
import { newToken } from '../ids.ts';
import { readSecurityPolicy } from '../settings.ts';
import { loadActor, type LoadedActor } from './actor.ts';
import { VersionedCache, scopes, versionOf } from '../db/versions.ts';
import { prepared } from '../db/prepared.ts';
import type { PasswordPolicy } from '@luoshi/domain';

export const SESSION_COOKIE = 'luoshi_session';
const TOUCH_EVERY_MS = 60_000;

export async function createSession(
  db: Kysely<DB>,
  userId: string,
  now: Date,
  absoluteHours: number,
  ip: string | null,
  userAgent: string | null,
): Promise<{ token: string; csrfToken: string; id: string }> {
  const token = newToken();
  const csrfToken = newToken();
  const id = sm3(token);
  await db
    .insertInto('sessions')
    .values({
      id,
      user_id: userId,
      csrf_token: csrfToken,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: new Date(now.getTime() + absoluteHours * 3_600_000).toISOString(),
      ip,
      user_agent: userAgent ? userAgent.slice(0, 300) : null,
    })
    .execute();
  return { token, csrfToken, id };
}

/**
 * Whether a cookie set in answer to this request gets the Secure flag: LUOSHI_COOKIE_SECURE when
 * set, else whether the browser reached Luoshi over HTTPS — the TLS socket itself, or, behind a
 * reverse proxy listed in LUOSHI_TRUST_PROXY, the proxy's X-Forwarded-Proto. From anyone else
 * X-Forwarded-Proto is ignored (Fastify's req.protocol checks the socket's address).
 */
export function cookieSecure(req: FastifyRequest, services: Services): boolean {
  return services.config.cookieSecure === 'auto' ? req.protocol === 'https' : services.config.cookieSecure;
}

/** The session cookie is HttpOnly and SameSite=Strict always, Secure over HTTPS (cookieSecure). */
export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, services: Services, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: cookieSecure(req, services), path: '/' });
}

/** Clears the session cookie with the same flags it was set with. */
export function clearSessionCookie(req: FastifyRequest, reply: FastifyReply, services: Services): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: cookieSecure(req, services), path: '/' });
}

/** Resolves the session cookie on every request into req.actor (or null). */
/** Signed-in users as loaded, and the security policy, each with the data version it was read at. */
const ACTORS = new VersionedCache<LoadedActor | null>(5_000);
const POLICIES = new VersionedCache<PasswordPolicy>(1);

/** The session with the org's and the settings' data versions, read in one statement (one round trip less on every signed-in request) */
const sessionById = prepared((db) =>
  db
    .selectFrom('sessions')
    .selectAll('sessions')
    .select([versionOf(scopes.org).as('org_version'), versionOf(scopes.settings).as('settings_version')])
    .where('id', '=', '?'),
);

export function installSessionResolver(app: FastifyInstance, services: Services): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('csrfToken', null);
  app.addHook('preHandler', async (req) => {
    const token = req.cookies?.[SESSION_COOKIE];
    if (!token || token.length > 200) return;
    const db = services.db.kysely;
    const id = sm3(token);
    const [s] = await sessionById(db, [id]);
    if (!s) {
      req.sessionId = 'expired';
      return;
    }
    const now = services.clock.now();
    // who the user is and the security policy are read again only when the org's or the settings' data version moved
    const orgVersion = String(s.org_version ?? 0);
    const settingsVersion = String(s.settings_version ?? 0);
    let policy = POLICIES.get('policy', settingsVersion);
    if (!policy) {
      policy = await readSecurityPolicy(db);
      POLICIES.set('policy', settingsVersion, policy);
    }
    const idleLimit = new Date(s.last_seen_at).getTime() + policy.idleTimeoutMinutes * 60_000;
    if (now.toISOString() >= s.expires_at || now.getTime() > idleLimit) {
      await db.deleteFrom('sessions').where('id', '=', id).execute();
      req.sessionId = 'expired';
      return;
    }
    let actor = ACTORS.get(s.user_id, orgVersion);
    if (actor === undefined) {
      actor = await loadActor(db, s.user_id);
      ACTORS.set(s.user_id, orgVersion, actor);
    }
    if (!actor) {
      await db.deleteFrom('sessions').where('id', '=', id).execute();
      req.sessionId = 'expired';
      return;
    }
    if (now.getTime() - new Date(s.last_seen_at).getTime() > TOUCH_EVERY_MS) {
      await db.updateTable('sessions').set({ last_seen_at: now.toISOString() }).where('id', '=', id).execute();
    }
    req.actor = actor;
    req.sessionId = id;
    req.csrfToken = s.csrf_token;
  });
}

/** Removes sessions past their absolute expiry or idle for over a day; run by the scheduler. */
export async function purgeExpiredSessions(db: Kysely<DB>, now: Date): Promise<number> {
  const r = await db
    .deleteFrom('sessions')
    .where((eb) =>
      eb.or([
        eb('expires_at', '<=', now.toISOString()),
        eb('last_seen_at', '<', new Date(now.getTime() - DAY_MS).toISOString()),
      ]),
    )
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
