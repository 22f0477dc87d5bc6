/**
 * The public portal: its JSON API (no sign-in) and its own small page at /portal, built apart
 * from the staff app (apps/web/portal.html) and served with a stricter Content-Security-Policy.
 * For a visitor who is not signed in, / shows the portal too; staff keep /app.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { portal } from '@luoshi/contracts';
import { fileRoute, route } from '../../platform/http.ts';
import type { Services } from '../../platform/context.ts';
import { publicBulletins, publicCatalogue, publicCommitments, publicEvidence, publicRanking } from './read-portal.ts';
import { publicTask, publicTaskPage } from './public-tasks.ts';

/** No inline script or style at all, unlike the staff app (whose component library needs inline styles). */
export const PORTAL_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

export function portalRoutes(app: FastifyInstance, s: Services): void {
  const db = s.db.kysely;
  route(app, s, portal.tasks, { access: 'public', handler: async (_c, i) => publicTaskPage(db, i.query) });
  route(app, s, portal.task, { access: 'public', handler: async (_c, i) => publicTask(db, i.params.id) });
  route(app, s, portal.bulletins, { access: 'public', handler: async () => publicBulletins(db) });
  route(app, s, portal.commitments, { access: 'public', handler: async () => publicCommitments(db) });
  route(app, s, portal.catalogue, { access: 'public', handler: async () => publicCatalogue(db) });
  route(app, s, portal.ranking, { access: 'public', handler: async () => publicRanking(db, s.clock.now()) });
  fileRoute(app, s, portal.evidence, { access: 'public', handler: async (_c, i) => publicEvidence(s, i.params.id) });
}

/** The built portal page, if the web app was built. */
export function portalHtml(webDist: string): Buffer | null {
  const file = path.join(webDist, 'portal.html');
  return fs.existsSync(file) ? fs.readFileSync(file) : null;
}

export function sendPortal(html: Buffer) {
  return async (_req: FastifyRequest, reply: FastifyReply) =>
    reply.header('cache-control', 'no-cache').header('content-security-policy', PORTAL_CSP).type('text/html; charset=utf-8').send(html);
}
