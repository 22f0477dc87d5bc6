import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { system } from '@luoshi/contracts';
import { LuoshiError } from '@luoshi/domain';
import { route } from '../../platform/http.ts';
import type { Services } from '../../platform/context.ts';
import { pendingMigrations } from '../../platform/db/migrate.ts';

export function systemRoutes(app: FastifyInstance, s: Services): void {
  route(app, s, system.health, { access: 'public', handler: async () => ({ status: 'ok' as const }) });
  route(app, s, system.ready, {
    access: 'public',
    handler: async () => {
      try {
        await sql`select 1`.execute(s.db.kysely);
        const pending = await pendingMigrations(s.db);
        if (pending.length) throw new Error('pending migrations');
      } catch {
        throw new LuoshiError('NOT_READY');
      }
      return { status: 'ready' as const, database: s.db.dialect, now: s.clock.now().toISOString() };
    },
  });
}
