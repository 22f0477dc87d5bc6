/**
 * Sessions and headers, across every route: every state-changing route behind a session refuses a
 * request without the session's CSRF token or with a forged one, before it changes anything; the
 * Content-Security-Policy allows no inline or evaluated script; and a sign-in cannot tell an
 * unknown username from a wrong password by its timing. (Lock-out, expiry, password policy and the
 * cookie flags are in auth.test.ts and admin.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_TABLE } from '../../apps/server/src/platform/http.ts';
import { freshIp, startApp, type TestApp } from '../support/harness.ts';
import { Fixtures, VALID_CALLS, pathOf } from '../support/routes.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startApp();
});
afterAll(async () => t?.close());

const auditCount = async () => Number((await t.services.db.kysely.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('CSRF on every state change', () => {
  it('every non-GET route behind a session answers 403 CSRF_FAILED to a valid call without the token or with a forged one, and writes nothing', { timeout: 300_000 }, async () => {
    const routes = ROUTE_TABLE.filter((r) => r.method !== 'GET' && r.access !== 'public');
    expect(routes.length).toBeGreaterThan(100);
    const f = await Fixtures.create(t);
    const c = await t.as('duchashi', undefined, freshIp());
    const wrong: string[] = [];
    const uncovered = routes.filter((r) => !VALID_CALLS[r.id]).map((r) => r.id);
    expect(uncovered).toEqual([]);
    for (const r of routes) {
      // a call the route would accept with the token (the permission matrix uses the same ones)
      const call = await VALID_CALLS[r.id]!(f, 'duchashi');
      const before = await auditCount();
      for (const token of [undefined, 'forged-token']) {
        const headers: Record<string, string> = { ...(token ? { 'x-csrf-token': token } : {}), ...(call.raw ? { 'content-type': call.raw.contentType } : {}) };
        const res = await c.request(r.method, pathOf(r.path, call.params), { query: call.query, body: call.body, rawBody: call.raw?.body, headers, noCsrf: true });
        if (res.status !== 403 || res.body?.error?.code !== 'CSRF_FAILED') wrong.push(`${r.id} (${token ?? 'no token'}): ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
      }
      if ((await auditCount()) !== before) wrong.push(`${r.id}: wrote an audit entry without the token`);
    }
    expect(wrong).toEqual([]);
    console.log(`CSRF: ${routes.length} state-changing routes × 2 (missing, forged) refused`);
  });
});

describe('headers', () => {
  it('the Content-Security-Policy allows scripts only from the app itself: no inline, no eval, no plugins, no framing', async () => {
    const res = await t.anon().request('GET', '/api/v1/auth/session');
    const csp = String(res.headers['content-security-policy']);
    const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k!, v]));
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
  it('every answer carries the whole set of security headers: an API answer, an error, the app’s page', async () => {
    const wanted = {
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'x-frame-options': 'SAMEORIGIN',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'origin-agent-cluster': '?1',
      'x-dns-prefetch-control': 'off',
      'x-download-options': 'noopen',
      'x-permitted-cross-domain-policies': 'none',
      'x-xss-protection': '0',
    };
    for (const url of ['/api/v1/auth/session', '/api/v1/no-such-route', '/app/']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.headers, url).toMatchObject(wanted);
      expect(String(res.headers['content-security-policy']), url).toContain("frame-ancestors 'none'");
    }
  });
});

describe('no user enumeration by timing', () => {
  it('a wrong password for a real account and an unknown username take about the same time', async () => {
    const time = async (username: string) => {
      const t0 = performance.now();
      const r = await t.anon(freshIp()).login(username, 'Wrong-Passw0rd!');
      expect(r.status).toBe(401);
      return performance.now() - t0;
    };
    const real: number[] = [];
    const unknown: number[] = [];
    // two wrong attempts per account stay below the lock-out; interleaved so load hits both alike
    for (const u of ['duchashi', 'admin', 'security', 'auditor', 'qianyou.cb', 'qianyou']) {
      for (let i = 0; i < 2; i++) {
        real.push(await time(u));
        unknown.push(await time(`nobody-${u}-${i}`));
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const ratio = median(unknown) / median(real);
    // a skipped password hash would make the unknown name ten times faster or more
    expect(ratio, `unknown ${median(unknown).toFixed(1)} ms, real ${median(real).toFixed(1)} ms`).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });
});
