/**
 * The staff app as files: a web app rebuilt while the server runs (a new index.html naming new
 * hashed assets) is served at once, without a restart; what is not there stays a 404 with an
 * error body, and nothing outside the build can be named.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../apps/server/src/app.ts';
import { startApp, type TestApp } from '../support/harness.ts';

let t: TestApp;
let dist: string;
let app: FastifyInstance;

function build(version: string): void {
  fs.mkdirSync(path.join(dist, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(dist, 'assets', `index-${version}.js`), `console.log(${JSON.stringify(version)});`);
  fs.writeFileSync(path.join(dist, 'index.html'), `<!doctype html><html lang="zh-CN"><head><script type="module" src="/assets/index-${version}.js"></script></head><body><div id="root"></div></body></html>`);
}

beforeAll(async () => {
  t = await startApp();
  dist = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-web-'));
  build('aaaa1111');
  app = await buildApp({ ...t.services, config: { ...t.services.config, webDist: dist } }, { serveWeb: true });
});
afterAll(async () => {
  await app?.close();
  await t?.close();
  fs.rmSync(dist, { recursive: true, force: true });
});

describe('serving the staff app', () => {
  it('a rebuild while the server runs is served at once: the new index.html and its new assets', async () => {
    for (const url of ['/', '/app', '/app/tasks/x', '/login']) {
      const r = await app.inject({ method: 'GET', url });
      expect(r.statusCode, url).toBe(200);
      expect(r.headers['cache-control']).toBe('no-cache');
      expect(r.body).toContain('/assets/index-aaaa1111.js');
    }
    expect((await app.inject({ method: 'GET', url: '/assets/index-aaaa1111.js' })).body).toContain('aaaa1111');

    // the build replaces the page (a different size, so even a coarse clock sees the change) and adds new assets
    build('bbbb2222-rebuilt');
    const page = await app.inject({ method: 'GET', url: '/app/dashboard' });
    expect(page.body).toContain('/assets/index-bbbb2222-rebuilt.js');
    expect(page.body).not.toContain('aaaa1111');
    const asset = await app.inject({ method: 'GET', url: '/assets/index-bbbb2222-rebuilt.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.body).toContain('bbbb2222-rebuilt');
    // the old build's asset a page still open may ask for is still there until the folder is cleaned
    expect((await app.inject({ method: 'GET', url: '/assets/index-aaaa1111.js' })).statusCode).toBe(200);
  });

  it('a missing asset or API route is a 404 with an error body; a path out of the build is refused', async () => {
    const missing = await app.inject({ method: 'GET', url: '/assets/nothing-here.js' });
    expect(missing.statusCode).toBe(404);
    expect(JSON.parse(missing.body).error.code).toMatch(/NOT_FOUND/);
    const api = await app.inject({ method: 'GET', url: '/api/v1/no-such-thing' });
    expect([api.statusCode, JSON.parse(api.body).error.code]).toEqual([404, 'ROUTE_NOT_FOUND']);
    fs.writeFileSync(path.join(path.dirname(dist), 'luoshi-secret.txt'), 'secret');
    try {
      for (const url of ['/assets/../../luoshi-secret.txt', '/assets/..%2f..%2fluoshi-secret.txt', '/assets/%2e%2e/%2e%2e/luoshi-secret.txt']) {
        const r = await app.inject({ method: 'GET', url });
        expect(r.statusCode, url).toBeGreaterThanOrEqual(400);
        expect(r.statusCode, url).toBeLessThan(500);
        expect(r.body, url).not.toContain('secret');
      }
    } finally {
      fs.rmSync(path.join(path.dirname(dist), 'luoshi-secret.txt'), { force: true });
    }
  });
});
