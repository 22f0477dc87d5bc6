import type { FastifyInstance } from 'fastify';
import { auth } from '@luoshi/contracts';
import { LuoshiError } from '@luoshi/domain';
import { route } from '../../platform/http.ts';
import { runTx, type Services } from '../../platform/context.ts';
import { clearSessionCookie, setSessionCookie } from '../../platform/auth/sessions.ts';
import { loadActor } from '../../platform/auth/actor.ts';
import { login } from './login.ts';
import { changePassword } from './change-password.ts';
import { presentMe } from './present.ts';

export function authRoutes(app: FastifyInstance, services: Services): void {
  route(app, services, auth.login, {
    access: 'public',
    rateLimit: { max: 30, timeWindowMs: 60_000 },
    handler: async (ctx, { body }) => {
      const ua = ctx.req.headers['user-agent'] ?? null;
      const s = await login(services, body, { ip: ctx.ip, userAgent: ua });
      setSessionCookie(ctx.req, ctx.reply, services, s.token);
      const actor = await loadActor(services.db.kysely, s.userId);
      if (!actor) throw new LuoshiError('ACCOUNT_DISABLED');
      return { user: presentMe(actor), csrfToken: s.csrfToken };
    },
  });
  route(app, services, auth.logout, {
    access: 'session',
    handler: async (ctx) => {
      await runTx(services, { actor: ctx.actor, ip: ctx.ip }, async (tx) => {
        await tx.db.deleteFrom('sessions').where('id', '=', ctx.sessionId!).execute();
        await tx.audit({ action: 'auth.logout', entityType: 'user', entityId: ctx.actor!.userId });
      });
      clearSessionCookie(ctx.req, ctx.reply, services);
      return { ok: true as const };
    },
  });
  route(app, services, auth.session, {
    access: 'session',
    handler: async (ctx) => ({ user: presentMe(ctx.actor!), csrfToken: ctx.req.csrfToken! }),
  });
  route(app, services, auth.changePassword, {
    access: 'session',
    handler: async (ctx, { body }) => {
      await changePassword(services, ctx.actor!, ctx.sessionId!, ctx.ip, body);
      return { ok: true as const };
    },
  });
}
