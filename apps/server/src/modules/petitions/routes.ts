import type { FastifyInstance } from 'fastify';
import { petitions } from '@luoshi/contracts';
import { route } from '../../platform/http.ts';
import { runTx, type Services } from '../../platform/context.ts';
import { createDuty, deleteDuty, listDuty } from './duty.ts';
import { createVisit, listVisits, recordVisit } from './visits.ts';

export function petitionRoutes(app: FastifyInstance, s: Services): void {
  const db = s.db.kysely;
  route(app, s, petitions.listDuty, { access: 'petition.read', handler: async (_c, i) => listDuty(db, s.clock.now(), i.query) });
  route(app, s, petitions.createDuty, { access: 'petition.manage', handler: async (c, i) => runTx(s, c, (t) => createDuty(t, i.body)) });
  route(app, s, petitions.deleteDuty, { access: 'petition.manage', handler: async (c, i) => runTx(s, c, (t) => deleteDuty(t, i.params.id)) });
  route(app, s, petitions.listVisits, { access: 'petition.read', handler: async (_c, i) => listVisits(db, i.query) });
  route(app, s, petitions.createVisit, { access: 'petition.manage', handler: async (c, i) => runTx(s, c, (t) => createVisit(t, i.body)) });
  route(app, s, petitions.recordVisit, { access: 'visit.record', handler: async (c, i) => runTx(s, c, (t) => recordVisit(t, i.params.id, i.body)) });
}
