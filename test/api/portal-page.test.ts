/**
 * The portal page is its own small entry: it never loads the staff app, has no inline script or
 * style, declares its language, labels its form fields, and is served at /portal with a strict
 * Content-Security-Policy; / and /app stay the staff app.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../apps/server/src/app.ts';
import { PORTAL_CSP } from '../../apps/server/src/modules/portal/routes.ts';
import { startApp, type TestApp } from '../support/harness.ts';

const WEB = path.resolve(__dirname, '../../apps/web');
let t: TestApp;
let dist: string;

beforeAll(async () => {
  t = await startApp();
  dist = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-web-'));
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><html lang="zh-CN"><body><div id="root"></div></body></html>');
  fs.copyFileSync(path.join(WEB, 'portal.html'), path.join(dist, 'portal.html'));
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(dist, { recursive: true, force: true });
});

describe('the portal page', () => {
  it('its source loads only the portal script: no React, no component library, no inline script or style', () => {
    const html = fs.readFileSync(path.join(WEB, 'portal.html'), 'utf8');
    expect(html).toMatch(/<html lang="zh-CN">/);
    expect([...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])).toEqual(['<script type="module" src="/src/portal/main.ts">']);
    expect(html).not.toMatch(/<script[^>]*>[^<\s]/);
    expect(html).not.toMatch(/\sstyle=|<style/);
    const src = fs.readdirSync(path.join(WEB, 'src/portal')).map((f) => fs.readFileSync(path.join(WEB, 'src/portal', f), 'utf8')).join('\n');
    expect(src).not.toMatch(/from ['"](react|react-dom|antd|@ant-design|echarts|\.\.\/app|\.\.\/features|\.\.\/lib)/);
    expect(src).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
    // every form control gets a label bound to it
    expect(src).toMatch(/el\('label', \{ for: id \}/);
    const vite = fs.readFileSync(path.join(WEB, 'vite.config.ts'), 'utf8');
    expect(vite).toMatch(/portal: path\.join\(root, 'portal\.html'\)/);
  });

  it('is served at /portal with a CSP that allows no inline script or style; / stays the staff app', async () => {
    const app = await buildApp({ ...t.services, config: { ...t.services.config, webDist: dist } }, { serveWeb: true });
    try {
      const r = await app.inject({ method: 'GET', url: '/portal' });
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-type']).toMatch(/^text\/html/);
      expect(r.headers['content-security-policy']).toBe(PORTAL_CSP);
      expect(PORTAL_CSP).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(r.body).toContain('政务公开');
      const root = await app.inject({ method: 'GET', url: '/' });
      expect(root.body).toContain('id="root"');
    } finally {
      await app.close();
    }
  });
});
