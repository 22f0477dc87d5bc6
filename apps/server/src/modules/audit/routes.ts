import type { FastifyInstance } from 'fastify';
import { admin } from '@luoshi/contracts';
import { route } from '../../platform/http.ts';
import type { Services } from '../../platform/context.ts';
import { listAudit, verifyAudit } from './read-audit.ts';

export function auditRoutes(app: FastifyInstance, s: Services): void {
  route(app, s, admin.listAudit, { access: 'audit.read', handler: async (c, i) => listAudit(s.db.kysely, c.actor!, i.query) });
  route(app, s, admin.verifyAudit, { access: 'audit.read', handler: async (c) => verifyAudit(s.db.kysely, c.actor!) });
}
