import type { FastifyInstance } from 'fastify';
import { assessment } from '@luoshi/contracts';
import { route } from '../../platform/http.ts';
import { runTx, type Services } from '../../platform/context.ts';
import { assessmentOverview, unitAssessment } from './read-assessment.ts';
import { addBonus, listBonuses, revokeBonus } from './bonuses.ts';
import { closeYear } from './close-year.ts';
import { decideCorrection, listCorrections, proposeCorrection } from './corrections.ts';

export function assessmentRoutes(app: FastifyInstance, s: Services): void {
  const db = s.db.kysely;
  route(app, s, assessment.assessmentOverview, { access: 'assessment.read', unitScoped: true, handler: async (c, i) => assessmentOverview(db, c.actor!, i.params.id, s.clock.now()) });
  route(app, s, assessment.unitAssessment, { access: 'assessment.read', unitScoped: true, handler: async (c, i) => unitAssessment(db, c.actor!, i.params.id, i.params.unitId, s.clock.now()) });
  route(app, s, assessment.listBonuses, { access: 'assessment.read', unitScoped: true, handler: async (c, i) => listBonuses(db, c.actor!, i.params.id, i.query.unitId) });
  route(app, s, assessment.addBonus, { access: 'assessment.manage', handler: async (c, i) => runTx(s, c, (t) => addBonus(t, i.params.id, i.body)) });
  route(app, s, assessment.revokeBonus, { access: 'assessment.manage', handler: async (c, i) => runTx(s, c, (t) => revokeBonus(t, i.params.id, i.body.reason)) });
  route(app, s, assessment.closeYear, { access: 'assessment.close', handler: async (c, i) => runTx(s, c, (t) => closeYear(t, i.params.id)) });
  route(app, s, assessment.listCorrections, { access: 'assessment.read', unitScoped: true, handler: async (c, i) => listCorrections(db, c.actor!, i.params.id) });
  route(app, s, assessment.proposeCorrection, { access: 'assessment.close', handler: async (c, i) => runTx(s, c, (t) => proposeCorrection(t, i.params.id, i.body)) });
  route(app, s, assessment.decideCorrection, { access: 'assessment.approveCorrection', handler: async (c, i) => runTx(s, c, (t) => decideCorrection(t, i.params.id, i.body)) });
}
