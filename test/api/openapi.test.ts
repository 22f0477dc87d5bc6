/**
 * The OpenAPI description and its browsable page. They are made on the first request (the server
 * does not load the documentation plugins at start-up), from every route the app registered: each
 * declared route is in the document under its operation id, with its parameters, body and answer
 * from the contract; the page and its copy of the document answer as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_TABLE } from '../../apps/server/src/platform/http.ts';
import { startApp, type TestApp } from '../support/harness.ts';

let t: TestApp;

beforeAll(async () => {
  t = await startApp({ seeded: false });
});
afterAll(async () => {
  await t?.close();
});

interface Operation {
  operationId?: string;
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: { properties?: Record<string, unknown> } }> }>;
}
type Doc = { openapi: string; info: { title: string }; paths: Record<string, Record<string, Operation>>; components: { securitySchemes: Record<string, unknown> } };

const openapiPath = (p: string) => p.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

describe('the OpenAPI description', () => {
  it('describes every declared route under its operation id, with the contract’s parameters, body and answer', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    const doc = r.json<Doc>();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('Luoshi 落实 API');
    expect(Object.keys(doc.components.securitySchemes)).toEqual(['session']);

    expect(ROUTE_TABLE.length).toBeGreaterThan(100);
    const missing = ROUTE_TABLE.filter((d) => doc.paths[openapiPath(d.path)]?.[d.method.toLowerCase()]?.operationId !== d.id).map((d) => `${d.method} ${d.path} ${d.id}`);
    expect(missing).toEqual([]);
    // the documentation's own paths and the HEAD routes Fastify adds are not in it
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/api/docs') || p === '/api/openapi.json')).toEqual([]);
    expect(Object.values(doc.paths).flatMap((ops) => Object.keys(ops)).filter((m) => m === 'head')).toEqual([]);

    // a route's path parameter, a query, a body and the answer, as the contracts declare them
    const task = doc.paths['/api/v1/tasks/{id}']!.get!;
    expect(task.parameters).toContainEqual(expect.objectContaining({ name: 'id', in: 'path', required: true }));
    expect(task.responses['200']!.content!['application/json']!.schema.properties).toHaveProperty('title');
    const login = doc.paths['/api/v1/auth/login']!.post!;
    expect(login.requestBody!.content['application/json']!.schema).toMatchObject({ properties: { username: expect.anything(), password: expect.anything() } });
    const list = Object.entries(doc.paths).find(([p]) => p.endsWith('/tasks') && p.includes('campaigns'))![1].get!;
    expect(list.parameters!.filter((x) => x.in === 'query').length).toBeGreaterThan(2);
  });

  it('answers the same document again, and the browsable page and its copy of it', async () => {
    const first = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    const again = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(again.body).toBe(first.body);
    const page = await t.app.inject({ method: 'GET', url: '/api/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toBeTruthy();
    const script = await t.app.inject({ method: 'GET', url: '/api/docs/static/swagger-initializer.js' });
    expect([script.statusCode, script.headers['content-type']]).toEqual([200, expect.stringMatching(/javascript/)]);
    const copy = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(copy.json()).toEqual(first.json());
    const yaml = await t.app.inject({ method: 'GET', url: '/api/docs/yaml' });
    expect([yaml.statusCode, yaml.body.startsWith('openapi: 3.1.0')]).toEqual([200, true]);
    // a path the documentation does not have is the app's own 404 with an error body
    const missing = await t.app.inject({ method: 'GET', url: '/api/docs/no-such-page' });
    expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'ROUTE_NOT_FOUND']);
  });
});
