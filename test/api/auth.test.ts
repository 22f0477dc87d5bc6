import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, org } from '@luoshi/contracts';
import { startApp, type TestApp } from '../support/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startApp();
});
afterAll(async () => t?.close());

describe('sign-in and sessions', () => {
  it('a demo user signs in and the session cookie is httpOnly and SameSite=Strict', async () => {
    const c = t.anon();
    const r = await c.login('duchashi');
    expect(r.status).toBe(200);
    expect(r.body.user.username).toBe('duchashi');
    const cookie = String(r.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const s = await c.call(auth.session);
    expect(s.status).toBe(200);
    expect(s.body.user.memberships[0].unitFunctions).toContain('office');
  });

  it('a wrong password and an unknown user get the same answer', async () => {
    const a = await t.anon().login('duchashi', 'wrong-Password1');
    const b = await t.anon().login('nobody-here', 'wrong-Password1');
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    expect(a.body.error.code).toBe('LOGIN_FAILED');
    expect(b.body.error.message).toBe(a.body.error.message);
  });

  it('a state change without the CSRF token is refused', async () => {
    const c = await t.as('admin');
    const r = await c.call(org.createRegion, { body: { name: '测试区', level: 'town' }, noCsrf: true });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('CSRF_FAILED');
  });

  it('errors speak English when asked', async () => {
    const r = await t.anon().call(org.listUnits, { headers: { 'accept-language': 'en-US,en;q=0.9' } });
    expect(r.status).toBe(401);
    expect(r.body.error.message).toBe('Please sign in first');
    const zh = await t.anon().call(org.listUnits);
    expect(zh.body.error.message).toBe('请先登录');
  });
});
