/** Builds the Fastify application: plugins, error mapping, sessions, modules, the web app. */
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import multipart from '@fastify/multipart';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { isShared } from './platform/db/versions.ts';
import type { Services } from './platform/context.ts';
import { frameworkErrors, installErrorHandling } from './platform/errors.ts';
import { installSessionResolver } from './platform/auth/sessions.ts';
import { installSecurityHeaders } from './platform/security-headers.ts';
import { installPublicGate, PublicGate, type GateOptions } from './platform/public-gate.ts';
import { ROUTE_TABLE } from './platform/http.ts';
import { installApiDocs, type CompilersFactory } from './platform/api-docs.ts';
import { authRoutes } from './modules/auth/routes.ts';
import { orgRoutes } from './modules/org/routes.ts';
import { adminRoutes } from './modules/admin/routes.ts';
import { auditRoutes } from './modules/audit/routes.ts';
import { systemRoutes } from './modules/system/routes.ts';
import { campaignRoutes } from './modules/campaigns/routes.ts';
import { planRoutes } from './modules/plans/routes.ts';
import { taskRoutes } from './modules/tasks/routes.ts';
import { MAX_UPLOAD_BYTES, taskExcelRoutes } from './modules/tasks/excel/routes.ts';
import { progressRoutes } from './modules/progress/routes.ts';
import { deliveryRoutes } from './modules/delivery/routes.ts';
import { fileRoutes } from './modules/files/routes.ts';
import { inspectionRoutes } from './modules/inspections/routes.ts';
import { supervisionRoutes } from './modules/supervision/routes.ts';
import { assessmentRoutes } from './modules/assessment/routes.ts';
import { reportRoutes } from './modules/assessment/report-routes.ts';
import { awardRoutes } from './modules/awards/routes.ts';
import { budgetRoutes } from './modules/budget/routes.ts';
import { conductRoutes } from './modules/conduct/routes.ts';
import { evaluationRoutes } from './modules/evaluation/routes.ts';
import { portalHtml, portalRoutes, sendPortal } from './modules/portal/routes.ts';
import { openDataRoutes } from './modules/opendata/routes.ts';
import { open311Routes } from './modules/open311/routes.ts';
import { publicationRoutes } from './modules/publication/routes.ts';
import { catalogueRoutes } from './modules/catalogue/routes.ts';
import { petitionRoutes } from './modules/petitions/routes.ts';
import { caseRoutes } from './modules/cases/routes.ts';

export interface AppOptions {
  logger?: boolean;
  /** serve the built web app if present (default true) */
  serveWeb?: boolean;
  /** the public gate's limits (tests); defaults in public-gate.ts */
  gate?: Partial<GateOptions>;
}

/**
 * The contract's response schema checks and strips every answer. An answer shared from a versioned
 * cache (the same object for every reader until its data changes) is checked and written once per
 * route, not once per request.
 */
const memoizedSerializer: typeof serializerCompiler = (route) => {
  const inner = serializerCompiler(route);
  const written = new WeakMap<object, string>();
  return (data) => {
    if (data === null || typeof data !== 'object' || !isShared(data)) return inner(data);
    let text = written.get(data);
    if (text === undefined) {
      text = inner(data);
      written.set(data, text);
    }
    return text;
  };
};

/** Typed by Fastify for ajv; these hand out the zod compilers, which take the same arguments. */
const ZOD_COMPILERS = { buildValidator: () => validatorCompiler, buildSerializer: () => memoizedSerializer } as unknown as CompilersFactory;

export async function buildApp(services: Services, opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ? { level: services.config.logLevel } : false,
    trustProxy: services.config.trustProxy,
    bodyLimit: 1024 * 1024,
    requestIdHeader: 'x-request-id',
    genReqId: () => Math.random().toString(36).slice(2, 12),
    routerOptions: { maxParamLength: 200 },
    frameworkErrors,
    // every route validates and serialises through its zod contract: given here, Fastify does not
    // load (and build) its default ajv and fast-json-stringify compilers at start-up
    schemaController: { compilersFactory: ZOD_COMPILERS },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(memoizedSerializer);
  installErrorHandling(app);
  // first of all hooks: a request over its limit is refused before any other work is done for it.
  // Its windows run on the wall clock, not the business clock: they protect the network service.
  const gate = new PublicGate(opts.gate ?? {}, Date.now);
  app.decorate('publicGate', gate);
  installPublicGate(app, gate);

  await app.register(cookie);
  installSecurityHeaders(app);
  // uploads (the 任务分解表 import): one file, size-limited; routes read it themselves
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10, parts: 12, headerPairs: 100 } });
  // /api/openapi.json and /api/docs: made on first request, from the routes registered below
  installApiDocs(app);

  installSessionResolver(app, services);
  ROUTE_TABLE.length = 0;
  authRoutes(app, services);
  orgRoutes(app, services);
  adminRoutes(app, services);
  auditRoutes(app, services);
  systemRoutes(app, services);
  campaignRoutes(app, services);
  planRoutes(app, services);
  taskRoutes(app, services);
  taskExcelRoutes(app, services);
  progressRoutes(app, services);
  deliveryRoutes(app, services);
  fileRoutes(app, services);
  inspectionRoutes(app, services);
  supervisionRoutes(app, services);
  assessmentRoutes(app, services);
  reportRoutes(app, services);
  awardRoutes(app, services);
  budgetRoutes(app, services);
  conductRoutes(app, services);
  evaluationRoutes(app, services);
  caseRoutes(app, services);
  petitionRoutes(app, services);
  catalogueRoutes(app, services);
  publicationRoutes(app, services);
  portalRoutes(app, services);
  open311Routes(app, services);
  openDataRoutes(app, services);

  const dist = services.config.webDist;
  if (opts.serveWeb !== false && fs.existsSync(path.join(dist, 'index.html'))) {
    // files are sent by name on request (reply.sendFile), so start-up neither lists the build nor
    // adds a route per file
    await app.register(fastifyStatic, { root: dist, serve: false, index: false, maxAge: '1h' });
    // a web app rebuilt while the server runs is served at once: index.html is read again when it
    // changed on disk, and the new build's assets (new hashed names) are found by name on request
    const indexHtml = reloading(path.join(dist, 'index.html'));
    const spa = async (_req: unknown, reply: import('fastify').FastifyReply) =>
      reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(indexHtml());
    app.get<{ Params: { '*': string } }>('/assets/*', (req, reply) => reply.sendFile(path.posix.join('assets', req.params['*'])));
    // the build's top-level files (favicon.svg, index.html, portal.html)
    for (const f of fs.readdirSync(dist, { withFileTypes: true })) {
      if (f.isFile() && !f.name.startsWith('.')) app.get(`/${f.name}`, { schema: { hide: true } }, (_req, reply) => reply.sendFile(f.name));
    }
    app.get('/', spa);
    // the public portal: its own page, without the staff app
    const portalPage = portalHtml(dist);
    if (portalPage) app.get('/portal', sendPortal(portalPage));
    // client-side routes of the staff app; API and asset misses stay 404 with an error body
    app.get('/app', spa);
    app.get('/app/*', spa);
    app.get('/login', spa);
  }
  return app;
}

/** A file's bytes, read again whenever its size or modification time changes (one stat a call). */
function reloading(file: string): () => Buffer {
  let stamp = '';
  let bytes = Buffer.alloc(0);
  return () => {
    try {
      const st = fs.statSync(file);
      const now = `${st.mtimeMs}:${st.size}`;
      if (now !== stamp) {
        bytes = fs.readFileSync(file);
        stamp = now;
      }
    } catch {
      // a build replacing the file right now: the last good copy until it is back
    }
    return bytes;
  };
}
