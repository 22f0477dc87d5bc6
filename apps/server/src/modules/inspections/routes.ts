import type { FastifyInstance } from 'fastify';
import { files, inspections } from '@luoshi/contracts';
import { route } from '../../platform/http.ts';
import { runTx, type Services } from '../../platform/context.ts';
import { getInspection, listInspections } from './read-inspections.ts';
import { createInspection } from './create-inspection.ts';
import { updateInspection } from './update-inspection.ts';
import { uploadInspectionEvidence } from './upload-inspection-evidence.ts';

export function inspectionRoutes(app: FastifyInstance, s: Services): void {
  const db = s.db.kysely;
  route(app, s, inspections.listInspections, { access: 'inspection.read', unitScoped: true, handler: async (c, i) => listInspections(db, c.actor!, i.query) });
  route(app, s, inspections.getInspection, { access: 'inspection.read', unitScoped: true, handler: async (c, i) => getInspection(db, c.actor, i.params.id) });
  route(app, s, inspections.createInspection, { access: 'inspection.write', handler: async (c, i) => runTx(s, c, (t) => createInspection(t, i.body)) });
  route(app, s, inspections.updateInspection, { access: 'inspection.write', unitScoped: true, handler: async (c, i) => runTx(s, c, (t) => updateInspection(t, i.params.id, i.body)) });
  route(app, s, files.uploadInspectionAttachments, { access: 'inspection.write', unitScoped: true, handler: async (c, i) => uploadInspectionEvidence(s, c, i.params.id) });
}
