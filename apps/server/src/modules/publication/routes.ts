import type { FastifyInstance } from 'fastify';
import { publication } from '@luoshi/contracts';
import { route } from '../../platform/http.ts';
import { runTx, type Services } from '../../platform/context.ts';
import { listPublished, setPublished } from './publish.ts';
import { createCommitment, listCommitments, updateCommitment } from './commitments.ts';
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys.ts';

export function publicationRoutes(app: FastifyInstance, s: Services): void {
  const db = s.db.kysely;
  route(app, s, publication.setPublished, { access: 'publication.manage', handler: async (c, i) => runTx(s, c, (t) => setPublished(t, i.body)) });
  route(app, s, publication.listPublished, { access: 'publication.manage', handler: async (_c, i) => listPublished(db, i.query) });
  route(app, s, publication.listCommitments, { access: 'publication.manage', handler: async () => listCommitments(db) });
  route(app, s, publication.createCommitment, { access: 'publication.manage', handler: async (c, i) => runTx(s, c, (t) => createCommitment(t, i.body)) });
  route(app, s, publication.updateCommitment, { access: 'publication.manage', handler: async (c, i) => runTx(s, c, (t) => updateCommitment(t, i.params.id, i.body)) });
  route(app, s, publication.listApiKeys, { access: 'apikey.manage', handler: async () => listApiKeys(db) });
  route(app, s, publication.createApiKey, { access: 'apikey.manage', handler: async (c, i) => runTx(s, c, (t) => createApiKey(t, i.body.name)) });
  route(app, s, publication.revokeApiKey, { access: 'apikey.manage', handler: async (c, i) => runTx(s, c, (t) => revokeApiKey(t, { id: i.params.id })) });
}
