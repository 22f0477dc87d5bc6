import type { FastifyInstance } from 'fastify';
import { campaigns } from '@luoshi/contracts';
import { route } from '../../platform/http.ts';
import { runTx, type Services } from '../../platform/context.ts';
import { getUnitPlan, planOverview, reviewUnitPlan, saveUnitPlan, submitUnitPlan } from './plans.ts';

export function planRoutes(app: FastifyInstance, s: Services): void {
  const db = s.db.kysely;
  route(app, s, campaigns.planOverview, { access: 'plan.overview', handler: async (c, i) => planOverview(db, c.actor!, i.params.id, s.clock.now()) });
  route(app, s, campaigns.getUnitPlan, {
    access: 'session',
    unitScoped: true,
    handler: async (c, i) => getUnitPlan(db, c.actor!, i.params.id, i.params.unitId, s.clock.now()),
  });
  route(app, s, campaigns.saveUnitPlan, {
    access: 'session',
    unitScoped: true,
    handler: async (c, i) => runTx(s, c, (t) => saveUnitPlan(t, i.params.id, i.params.unitId, i.body)),
  });
  route(app, s, campaigns.submitUnitPlan, {
    access: 'session',
    unitScoped: true,
    handler: async (c, i) => runTx(s, c, (t) => submitUnitPlan(t, i.params.id, i.params.unitId)),
  });
  route(app, s, campaigns.reviewUnitPlan, {
    access: 'plan.review',
    handler: async (c, i) => runTx(s, c, (t) => reviewUnitPlan(t, i.params.id, i.params.unitId, i.body)),
  });
}
