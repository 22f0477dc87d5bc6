import type { FastifyInstance } from 'fastify';
import { conduct } from '@luoshi/contracts';
import { route } from '../../platform/http.ts';
import { runTx, type Services } from '../../platform/context.ts';
import { addCheck, createDrive, listDrives, markRectified } from './drives.ts';
import { decideConductCase, listConductCases, openConductCase } from './cases.ts';
import { addCommitment, createCommitmentPlan, listCommitments, portalCommitments, publishCommitmentPlan } from './commitments.ts';

export function conductRoutes(app: FastifyInstance, s: Services): void {
  const db = s.db.kysely;
  route(app, s, conduct.listDrives, { access: 'conduct.read', unitScoped: true, handler: async (c, i) => listDrives(db, c.actor!, i.params.id) });
  route(app, s, conduct.createDrive, { access: 'conduct.manage', handler: async (c, i) => runTx(s, c, (t) => createDrive(t, i.params.id, i.body)) });
  route(app, s, conduct.addCheck, { access: 'conduct.manage', handler: async (c, i) => runTx(s, c, (t) => addCheck(t, i.params.id, i.body)) });
  route(app, s, conduct.markRectified, { access: 'conduct.manage', handler: async (c, i) => runTx(s, c, (t) => markRectified(t, i.params.id, i.body)) });
  route(app, s, conduct.listConductCases, { access: 'conductCase.read', handler: async (c, i) => listConductCases(db, c.actor!, i.params.id) });
  route(app, s, conduct.openConductCase, { access: 'conductCase.manage', handler: async (c, i) => runTx(s, c, (t) => openConductCase(t, i.params.id, i.body)) });
  route(app, s, conduct.decideConductCase, { access: 'conductCase.manage', handler: async (c, i) => runTx(s, c, (t) => decideConductCase(t, i.params.id, i.body)) });
  route(app, s, conduct.listCommitmentPlans, { access: 'task.read', unitScoped: true, handler: async (c, i) => listCommitments(db, c.actor!, i.params.id, i.query.unitId, s.clock.now()) });
  route(app, s, conduct.createCommitmentPlan, { access: 'commitment.write', unitScoped: true, handler: async (c, i) => runTx(s, c, (t) => createCommitmentPlan(t, i.params.id, i.body)) });
  route(app, s, conduct.addCommitment, { access: 'commitment.write', unitScoped: true, handler: async (c, i) => runTx(s, c, (t) => addCommitment(t, i.params.id, i.body)) });
  route(app, s, conduct.publishCommitmentPlan, { access: 'commitment.publish', unitScoped: true, handler: async (c, i) => runTx(s, c, (t) => publishCommitmentPlan(t, i.params.id)) });
  route(app, s, conduct.portalCommitmentPlans, { access: 'public', rateLimit: { max: 120, timeWindowMs: 60_000 }, handler: async (_c, i) => portalCommitments(db, i.params.id, s.clock.now()) });
}
