/**
 * Route registration from contracts. A route reads like a sentence:
 * authenticate -> validate (zod, from the contract) -> use case (which checks the policy and runs
 * the transaction) -> present (the response schema strips what may not leave the server).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { LuoshiError, can, type Action, type Lang } from '@luoshi/domain';
import type { Endpoint } from '@luoshi/contracts';
import type { Services } from './context.ts';
import type { LoadedActor } from './auth/actor.ts';
import { langOf } from './errors.ts';

/** Who may call a route, declared next to it: public, any signed-in user, or a policy action. */
export type Access = 'public' | 'session' | Action;

export interface RouteCtx {
  services: Services;
  actor: LoadedActor | null;
  sessionId: string | null;
  ip: string;
  lang: Lang;
  req: FastifyRequest;
  reply: FastifyReply;
}

export interface RouteDecl {
  id: string;
  method: string;
  path: string;
  access: Access;
  /** the unit-scoped part of the decision is taken in the use case (own versus foreign unit) */
  unitScoped: boolean;
}

/** Every registered route with its declared access: the permission matrix test is built from it. */
export const ROUTE_TABLE: RouteDecl[] = [];

/** Routes a user who still must change the initial password may call. */
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set(['session', 'logout', 'changePassword']);

declare module 'fastify' {
  interface FastifyRequest {
    actor: LoadedActor | null;
    sessionId: string | null;
    csrfToken: string | null;
  }
}

type In<E> = E extends Endpoint<infer P, infer Q, infer B, z.ZodType>
  ? { params: z.infer<P>; query: z.infer<Q>; body: z.infer<B> }
  : never;
type Out<E> = E extends Endpoint<z.ZodType, z.ZodType, z.ZodType, infer R> ? z.input<R> : never;

/** The checks every non-public route makes before its handler: session, password, CSRF, policy. */
function guard(req: FastifyRequest, e: Endpoint, access: Access): void {
  if (access === 'public') return;
  if (!req.actor) throw new LuoshiError(req.sessionId === 'expired' ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED');
  if (req.actor.mustChangePassword && !ALLOWED_BEFORE_PASSWORD_CHANGE.has(e.id)) {
    throw new LuoshiError('PASSWORD_CHANGE_REQUIRED');
  }
  if (e.method !== 'GET') {
    const sent = req.headers['x-csrf-token'];
    if (typeof sent !== 'string' || !req.csrfToken || sent !== req.csrfToken) throw new LuoshiError('CSRF_FAILED');
  }
  if (access !== 'session') {
    if (!can(req.actor, access)) throw new LuoshiError('FORBIDDEN');
  }
}

function declare(e: Endpoint, access: Access, unitScoped: boolean | undefined): void {
  if (e.public && access !== 'public') throw new Error(`${e.id}: public contract needs public access`);
  ROUTE_TABLE.push({ id: e.id, method: e.method, path: e.path, access, unitScoped: unitScoped ?? false });
}

function ctxOf(services: Services, req: FastifyRequest, reply: FastifyReply): RouteCtx {
  return { services, actor: req.actor, sessionId: req.sessionId, ip: req.ip, lang: langOf(req), req, reply };
}

export function route<E extends Endpoint>(
  app: FastifyInstance,
  services: Services,
  e: E,
  opts: {
    access: Access;
    unitScoped?: boolean;
    /** per-address limit for routes attacked from outside (login, public forms); see public-gate.ts */
    rateLimit?: { max: number; timeWindowMs: number };
    /** a public route that writes: it also waits for one of the few intake turns (public-gate.ts) */
    intake?: boolean;
    handler: (ctx: RouteCtx, input: In<E>) => Promise<Out<E>> },
): void {
  declare(e, opts.access, opts.unitScoped);
  app.withTypeProvider<ZodTypeProvider>().route({
    method: e.method,
    url: e.path,
    ...(opts.rateLimit ? { config: { gate: { ...opts.rateLimit, intake: opts.intake ?? false } } } : {}),
    schema: {
      operationId: e.id,
      summary: e.summary,
      tags: [e.tag],
      ...(e.params ? { params: e.params } : {}),
      ...(e.query ? { querystring: e.query } : {}),
      ...(e.body ? { body: e.body } : {}),
      response: { 200: e.response },
    },
    handler: async (req, reply) => {
      guard(req, e, opts.access);
      const input = { params: req.params, query: req.query, body: req.body } as In<E>;
      return opts.handler(ctxOf(services, req, reply), input);
    },
  });
}

/** A file answered as it is (not JSON): a buffer or a stream, with its type and download name. */
export interface FileReply {
  filename: string;
  /** the name for clients that cannot read the encoded one (ASCII) */
  asciiFilename?: string;
  contentType: string;
  body: Buffer | NodeJS.ReadableStream;
}

/**
 * `attachment` with an ASCII fallback name and the real (e.g. Chinese) name encoded per RFC 6266 /
 * RFC 5987, which every current browser understands.
 */
export function contentDisposition(filename: string, asciiFilename?: string): string {
  const fallback = (asciiFilename ?? filename).replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/**
 * A route that answers with a file (an .xlsx download) instead of JSON: the same declaration in
 * ROUTE_TABLE, the same access checks and input validation from the contract; only the answer
 * is not serialised. Errors before the first byte still get the JSON error body.
 */
export function fileRoute<E extends Endpoint>(
  app: FastifyInstance,
  services: Services,
  e: E,
  opts: { access: Access; unitScoped?: boolean; handler: (ctx: RouteCtx, input: In<E>) => Promise<FileReply> },
): void {
  declare(e, opts.access, opts.unitScoped);
  app.withTypeProvider<ZodTypeProvider>().route({
    method: e.method,
    url: e.path,
    schema: {
      operationId: e.id,
      summary: e.summary,
      tags: [e.tag],
      ...(e.params ? { params: e.params } : {}),
      ...(e.query ? { querystring: e.query } : {}),
      ...(e.body ? { body: e.body } : {}),
    },
    handler: async (req, reply) => {
      guard(req, e, opts.access);
      const input = { params: req.params, query: req.query, body: req.body } as In<E>;
      const file = await opts.handler(ctxOf(services, req, reply), input);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', contentDisposition(file.filename, file.asciiFilename))
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff')
        .send(file.body);
    },
  });
}
