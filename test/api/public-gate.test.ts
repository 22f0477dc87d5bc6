/**
 * The gate in front of the public forms (platform/public-gate.ts): a request over its address's
 * limit is refused with 429, Retry-After and the Chinese message, only after the hold, without
 * touching the database; the public writes share a few intake turns, and one that finds neither a
 * turn nor a place in the queue is answered 503 BUSY with Retry-After at once. Open311 answers the
 * same refusals in its own error format. The flood itself is measured in bench/load.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portal } from '@luoshi/contracts';
import { buildApp } from '../../apps/server/src/app.ts';
import { freshIp, startApp, type TestApp } from '../support/harness.ts';

const HOLD_MS = 300;
let t: TestApp;
const count = async (table: 'audit_log' | 'cases') => Number((await t.services.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const report = (i: number) => ({ body: { categoryCode: 'road', content: `第${i}次反映:人行道砖块松动。`, anonymous: true } });

beforeAll(async () => {
  t = await startApp({ gate: { holdMs: HOLD_MS, maxInFlight: 1, maxQueued: 1, queueWaitMs: 10_000 } });
});
afterAll(async () => t?.close());

describe('the per-address limit', () => {
  it('the eleventh report in an hour from one address waits the hold, then gets 429 with Retry-After and the message, and writes nothing', async () => {
    const c = t.anon(freshIp());
    for (let i = 0; i < 10; i++) expect((await c.call(portal.submitCase, report(i))).status).toBe(200);
    const [audit, cases] = [await count('audit_log'), await count('cases')];
    const t0 = performance.now();
    const zh = await c.call(portal.submitCase, report(11));
    const waited = performance.now() - t0;
    expect(zh.status).toBe(429);
    expect(waited).toBeGreaterThanOrEqual(HOLD_MS - 20);
    expect(zh.body.error.code).toBe('RATE_LIMITED');
    expect(zh.body.error.message).toBe('请求过于频繁,请稍后再试');
    const retryAfter = Number(zh.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    const en = await c.call(portal.submitCase, { ...report(12), headers: { 'accept-language': 'en' } });
    expect(en.status).toBe(429);
    expect(en.body.error.message).toBe('Too many requests; please try again later');
    expect([await count('audit_log'), await count('cases')]).toEqual([audit, cases]);
    // another address is not affected
    expect((await t.anon(freshIp()).call(portal.submitCase, report(13))).status).toBe(200);
  });

  it('a refused request is not parsed: an over-limit address gets 429 even for a body that would be refused as malformed', async () => {
    const c = t.anon(freshIp());
    for (let i = 0; i < 10; i++) expect((await c.call(portal.submitCase, { rawBody: '{', headers: { 'content-type': 'application/json' } })).status).toBe(400);
    const r = await c.call(portal.submitCase, { rawBody: '{', headers: { 'content-type': 'application/json' } });
    expect(r.status).toBe(429);
  });

  it('when too many answers are held already, the next refusal goes out at once and closes the connection', async () => {
    const app = await buildApp(t.services, { serveWeb: false, gate: { holdMs: 5000, maxHeld: 0 } });
    try {
      const ip = freshIp();
      const send = () => app.inject({ method: 'POST', url: portal.lookupCase.path, payload: { number: 'ZS2013-999999', code: 'ABCDEF' }, remoteAddress: ip });
      for (let i = 0; i < 30; i++) expect((await send()).statusCode).toBe(404);
      const t0 = performance.now();
      const r = await send();
      expect(performance.now() - t0).toBeLessThan(2000);
      expect(r.statusCode).toBe(429);
      expect(r.headers.connection).toBe('close');
      expect(app.publicGate.counts).toMatchObject({ limited: 1, closed: 1 });
    } finally {
      await app.close();
    }
  });
});

describe('the intake turns', () => {
  it('with the only turn taken, one report waits in the queue, the next is answered 503 BUSY at once; the waiting one goes through when the turn is free', async () => {
    const gate = t.app.publicGate;
    expect(gate.state.inFlight).toBe(0);
    expect(await gate.enter()).toBe(true); // a slow intake holds the only turn
    const waiting = t.anon(freshIp()).call(portal.submitCase, report(20));
    await new Promise((r) => setTimeout(r, 50));
    expect(gate.state.queued).toBe(1);
    const cases = await count('cases');
    const t0 = performance.now();
    const busy = await t.anon(freshIp()).call(portal.submitCase, report(21));
    expect(performance.now() - t0).toBeLessThan(HOLD_MS);
    expect(busy.status).toBe(503);
    expect(busy.body.error.code).toBe('BUSY');
    expect(busy.body.error.message).toBe('当前提交的人较多,请稍后再试');
    expect(busy.headers['retry-after']).toBe('5');
    expect(await count('cases')).toBe(cases);
    gate.leave();
    const done = await waiting;
    expect(done.status).toBe(200);
    expect(done.body.number).toMatch(/^ZS2013-\d{6}$/);
    // every turn was given back exactly once
    expect(gate.state).toMatchObject({ inFlight: 0, queued: 0 });
  });

  it('reads are not intakes: the look-up of a case is answered while every intake turn is taken', async () => {
    const gate = t.app.publicGate;
    expect(await gate.enter()).toBe(true);
    try {
      const r = await t.anon(freshIp()).call(portal.lookupCase, { body: { number: 'ZS2013-999999', code: 'ABCDEF' } });
      expect(r.status).toBe(404);
    } finally {
      gate.leave();
    }
  });

  it('Open311 POST shares the turns and answers BUSY in the GeoReport error format', async () => {
    const gate = t.app.publicGate;
    expect(await gate.enter()).toBe(true);
    const queued = t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: 'service_code=x', headers: { 'content-type': 'application/x-www-form-urlencoded' }, remoteAddress: freshIp() });
    await new Promise((r) => setTimeout(r, 50));
    try {
      const r = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: 'service_code=x', headers: { 'content-type': 'application/x-www-form-urlencoded' }, remoteAddress: freshIp() });
      expect(r.statusCode).toBe(503);
      expect(r.headers['retry-after']).toBe('5');
      expect(JSON.parse(r.body)).toEqual([{ code: 503, description: expect.stringContaining('请稍后再试') }]);
    } finally {
      gate.leave();
    }
    expect((await queued).statusCode).toBeGreaterThanOrEqual(400); // no api_key: refused by the route, after its turn
    expect(gate.state).toMatchObject({ inFlight: 0, queued: 0 });
  });
});
