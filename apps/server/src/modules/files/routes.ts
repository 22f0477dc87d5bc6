import type { FastifyInstance } from 'fastify';
import { files } from '@luoshi/contracts';
import { fileRoute, route } from '../../platform/http.ts';
import type { Services } from '../../platform/context.ts';
import { uploadReportEvidence } from './upload-report-evidence.ts';
import { removeAttachment } from './delete-attachment.ts';
import { readAttachment } from './read-attachment.ts';

/** Evidence of reports; an inspection's evidence is uploaded through the inspections module. */
export function fileRoutes(app: FastifyInstance, s: Services): void {
  route(app, s, files.uploadReportAttachments, { access: 'report.write', unitScoped: true, handler: async (c, i) => uploadReportEvidence(s, c, i.params.id) });
  // the owner (a report or an inspection) decides: the use case checks it
  route(app, s, files.deleteAttachment, { access: 'session', unitScoped: true, handler: async (c, i) => removeAttachment(s, c, i.params.id) });
  fileRoute(app, s, files.downloadAttachment, { access: 'session', unitScoped: true, handler: async (c, i) => readAttachment(s, c.actor, i.params.id, 'original') });
  fileRoute(app, s, files.attachmentThumbnail, { access: 'session', unitScoped: true, handler: async (c, i) => readAttachment(s, c.actor, i.params.id, 'thumbnail') });
}
