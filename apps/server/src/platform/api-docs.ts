/**
 * The OpenAPI description (/api/openapi.json) and its browsable page (/api/docs), made on their
 * first request instead of at start-up. @fastify/swagger and @fastify/swagger-ui (with the YAML,
 * schema-resolving and static-file code they load) are loaded then, into a Fastify instance of
 * their own that is given every route of the app with the same schemas and options (handlers that
 * never run, no validation compiled); the app answers with that instance's answers. The document
 * is the one the plugins would have made inside the app; only the moment it is made has moved.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions, type RouteOptions } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

const SWAGGER_OPTIONS = {
  openapi: {
    openapi: '3.1.0',
    info: { title: 'Luoshi 落实 API', version: '1' },
    components: { securitySchemes: { session: { type: 'apiKey' as const, in: 'cookie' as const, name: 'luoshi_session' } } },
  },
  transform: jsonSchemaTransform,
};
const DOCS_PREFIX = '/api/docs';
export const OPENAPI_PATH = '/api/openapi.json';

/** Response headers that belong to the connection, not to the answer being passed on. */
const HOP_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'date', 'content-length']);

/** Fastify types the schema controller's compiler factories for ajv and fast-json-stringify. */
export type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;

/** Compilers for the documentation instance: its routes are never called, so nothing is compiled. */
const NO_COMPILERS = {
  buildValidator: () => () => (data: unknown) => ({ value: data }),
  buildSerializer: () => () => (data: unknown) => JSON.stringify(data),
} as unknown as CompilersFactory;

type Replayed = Pick<RouteOptions, 'method' | 'url' | 'schema' | 'config' | 'constraints'>;

/**
 * Call before the app's routes are registered: it records each of them as it is added, and
 * answers the documentation paths.
 */
export function installApiDocs(app: FastifyInstance): void {
  const routes: Replayed[] = [];
  const own = new Set<string>();
  app.addHook('onRoute', (r) => {
    // Fastify adds a HEAD route for every GET (the documentation instance adds its own, and leaves
    // them out of the document as the plugin does)
    if (r.method === 'HEAD') return;
    if (own.has(r.url)) return;
    routes.push({ method: r.method, url: r.url, schema: r.schema ? { ...r.schema } : undefined, config: r.config, constraints: r.constraints });
  });

  let docs: Promise<FastifyInstance> | null = null;
  const build = async (): Promise<FastifyInstance> => {
    const [{ default: swagger }, { default: swaggerUi }] = await Promise.all([import('@fastify/swagger'), import('@fastify/swagger-ui')]);
    const d = Fastify({ routerOptions: { maxParamLength: 200 }, schemaController: { compilersFactory: NO_COMPILERS } });
    await d.register(swagger, SWAGGER_OPTIONS);
    await d.register(swaggerUi, { routePrefix: DOCS_PREFIX, staticCSP: true });
    d.get(OPENAPI_PATH, { schema: { hide: true } }, async () => d.swagger());
    const never = async () => {
      throw new Error('documentation only');
    };
    for (const r of routes) d.route({ ...r, handler: never } as RouteOptions);
    await d.ready();
    return d;
  };

  const answer = async (req: FastifyRequest, reply: FastifyReply) => {
    docs ??= build().catch((e: unknown) => {
      docs = null;
      throw e;
    });
    const d = await docs;
    const res = await d.inject({ method: req.method as 'GET' | 'HEAD', url: req.url, headers: req.headers });
    // a path it does not have gets the app's own 404 answer
    if (res.statusCode === 404) return reply.callNotFound();
    reply.code(res.statusCode);
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined && !HOP_HEADERS.has(k)) reply.header(k, v);
    return res.rawPayload.length ? reply.send(res.rawPayload) : reply.send();
  };
  for (const url of [OPENAPI_PATH, DOCS_PREFIX, `${DOCS_PREFIX}/*`]) {
    own.add(url);
    app.get(url, { schema: { hide: true } }, answer);
  }
}
