/**
 * Open311 GeoReport v2 at /open311/v2/ and its discovery document at /open311/discovery.json.
 * Registered in its own scope: form-encoded bodies are parsed only here, and every error is
 * answered in the specification's format, [{"code": 400, "description": "…"}], with that status.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../platform/context.ts';
import { CONTENT_TYPE, toXml, type Format } from './format.ts';
import { Open311Failure, createRequest, getRequest, getToken, listRequests, offeredServices, serviceDefinition, serviceOf } from './requests.ts';
import { PUBLIC_LIMITS } from '../cases/routes.ts';

type Root = 'services' | 'service_definition' | 'service_requests' | 'errors' | 'discovery';

function send(reply: FastifyReply, format: Format, root: Root, body: unknown, status = 200) {
  const text = format === 'json' ? JSON.stringify(body) : toXml(root, body as never);
  return reply.status(status).header('content-type', CONTENT_TYPE[format]).header('access-control-allow-origin', '*').send(text);
}

/** `name.json` / `name.xml` → the name and the format; anything else is not found. */
function split(file: string): { name: string; format: Format } | null {
  const m = file.match(/^(.+)\.(json|xml)$/);
  return m ? { name: m[1]!, format: m[2] as Format } : null;
}

const notFound = () => new Open311Failure(404, [{ code: 404, description: 'not found 资源不存在' }]);

export function open311Routes(app: FastifyInstance, s: Services): void {
  void app.register(
    async (scope) => {
      scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => {
        const out: Record<string, string> = {};
        for (const [k, v] of new URLSearchParams(body as string)) out[k] = v;
        done(null, out);
      });
      scope.setErrorHandler((err, req, reply) => {
        const format: Format = /\.xml(\?|$)/.test(req.url) ? 'xml' : 'json';
        if (err instanceof Open311Failure) return send(reply, format, 'errors', err.errors, err.status);
        const status = (err as { statusCode?: number }).statusCode;
        if (status === 429) return send(reply, format, 'errors', [{ code: 429, description: 'too many requests 请求过于频繁' }], 429);
        if (status === 503) return send(reply, format, 'errors', [{ code: 503, description: 'busy, try again shortly 当前提交的人较多,请稍后再试' }], 503);
        if (status && status >= 400 && status < 500) return send(reply, format, 'errors', [{ code: status, description: 'bad request 请求不正确' }], status);
        req.log.error({ err }, 'open311');
        return send(reply, format, 'errors', [{ code: 500, description: 'internal error 服务器内部错误' }], 500);
      });
      scope.setNotFoundHandler((req, reply) => send(reply, /\.xml(\?|$)/.test(req.url) ? 'xml' : 'json', 'errors', [{ code: 404, description: 'not found 资源不存在' }], 404));

      const base = () => (s.config as { publicUrl?: string | null }).publicUrl ?? '';
      scope.get('/discovery.:ext', async (req: FastifyRequest<{ Params: { ext: string } }>, reply) => {
        const format = req.params.ext === 'xml' ? 'xml' : req.params.ext === 'json' ? 'json' : null;
        if (!format) throw notFound();
        return send(reply, format, 'discovery', {
          changeset: '2026-11-26T00:00:00+08:00',
          contact: '县政府督查室 County Government Supervision Office',
          key_service: '向县政府督查室申请 api_key Ask the supervision office for an api_key',
          endpoints: [
            {
              specification: 'http://wiki.open311.org/GeoReport_v2',
              url: `${base()}/open311/v2`,
              changeset: '2026-11-26T00:00:00+08:00',
              type: 'production',
              formats: ['application/json', 'text/xml'],
            },
          ],
        });
      });
      scope.get(
        '/v2/:file',
        async (
          req: FastifyRequest<{
            Params: { file: string };
            Querystring: Record<string, string>;
          }>,
          reply,
        ) => {
          const f = split(req.params.file);
          if (!f) throw notFound();
          if (f.name === 'services') return send(reply, f.format, 'services', (await offeredServices(s.db.kysely)).map(serviceOf));
          if (f.name === 'requests') return send(reply, f.format, 'service_requests', await listRequests(s, req.query ?? {}));
          throw notFound();
        },
      );
      scope.get('/v2/services/:file', async (req: FastifyRequest<{ Params: { file: string } }>, reply) => {
        const f = split(req.params.file);
        if (!f) throw notFound();
        return send(reply, f.format, 'service_definition', await serviceDefinition(s.db.kysely, f.name));
      });
      scope.get('/v2/requests/:file', async (req: FastifyRequest<{ Params: { file: string } }>, reply) => {
        const f = split(req.params.file);
        if (!f) throw notFound();
        return send(reply, f.format, 'service_requests', await getRequest(s, f.name));
      });
      scope.get('/v2/tokens/:file', async (req: FastifyRequest<{ Params: { file: string } }>, reply) => {
        const f = split(req.params.file);
        if (!f) throw notFound();
        return send(reply, f.format, 'service_requests', await getToken(s.db.kysely, f.name));
      });
      scope.post(
        '/v2/:file',
        {
          config: {
            gate: { max: PUBLIC_LIMITS.submit.max * 10, timeWindowMs: PUBLIC_LIMITS.submit.timeWindowMs, intake: true },
          },
        },
        async (req: FastifyRequest<{ Params: { file: string }; Body: unknown }>, reply) => {
          const f = split(req.params.file);
          if (!f || f.name !== 'requests') throw notFound();
          const body = req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {};
          const fields = Object.fromEntries(
            Object.entries(body)
              .filter(([, v]) => typeof v === 'string' || typeof v === 'number')
              .map(([k, v]) => [k, String(v)]),
          );
          const created = await createRequest(s, req.ip, fields);
          // 201 Created: the request exists now (HTTP semantics; GeoReport v2 clients accept 200–202)
          reply.header('location', `${base()}/open311/v2/tokens/${created[0]!.token}.${f.format}`);
          return send(reply, f.format, 'service_requests', created, 201);
        },
      );
    },
    { prefix: '/open311' },
  );
}
