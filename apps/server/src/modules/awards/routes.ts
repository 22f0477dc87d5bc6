import type { FastifyInstance } from 'fastify';
import { assessment } from '@luoshi/contracts';
import { route } from '../../platform/http.ts';
import { runTx, type Services } from '../../platform/context.ts';
import { decideAward, listAwards, nominate } from './nominations.ts';
import { draftCommendation, portalAwards } from './commendation.ts';

export function awardRoutes(app: FastifyInstance, s: Services): void {
  const db = s.db.kysely;
  route(app, s, assessment.listAwards, { access: 'award.read', handler: async (c, i) => listAwards(db, c.actor!, i.params.id, s.clock.now()) });
  route(app, s, assessment.nominate, { access: 'award.nominate', handler: async (c, i) => runTx(s, c, (t) => nominate(t, i.params.id, i.body)) });
  route(app, s, assessment.decideAward, { access: 'award.decide', handler: async (c, i) => runTx(s, c, (t) => decideAward(t, i.params.id, i.body)) });
  route(app, s, assessment.draftCommendation, { access: 'award.decide', handler: async (c, i) => runTx(s, c, (t) => draftCommendation(t, i.params.id, i.body)) });
  route(app, s, assessment.portalAwards, { access: 'public', rateLimit: { max: 120, timeWindowMs: 60_000 }, handler: async (_c, i) => portalAwards(db, i.params.id) });
}
