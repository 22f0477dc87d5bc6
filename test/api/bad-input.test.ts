/**
 * Requests that are broken before any rule is applied: too large, not JSON, of the wrong type,
 * to no route, or with a malformed URL. Each gets its code from the closed list, in Chinese or
 * English, and never a stack trace or a file path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '@luoshi/domain';
import { auth, campaigns, org, progress, tasks } from '@luoshi/contracts';
import { freshIp, startApp, type Client, type Result, type TestApp } from '../support/harness.ts';

let t: TestApp;
let office: Client;

beforeAll(async () => {
  t = await startApp();
  office = await t.as('duchashi', undefined, freshIp());
});
afterAll(async () => t?.close());

/** The error body every refusal shares, and nothing of the server's insides. */
function expectError(r: Result, status: number, code: string) {
  expect([r.status, r.body?.error?.code], JSON.stringify(r.body).slice(0, 300)).toEqual([status, code]);
  expect(ERROR_CODES).toContain(r.body.error.code);
  expect(r.body.error.message.length).toBeGreaterThan(0);
  expect(Object.keys(r.body.error).every((k) => ['code', 'message', 'issues', 'requestId'].includes(k))).toBe(true);
  expect(JSON.stringify(r.body)).not.toMatch(/\bat \S+ \(|node_modules|\.ts:\d+|stack|FST_/);
}
const json = { 'content-type': 'application/json' };
const unitCount = async () => (await t.services.db.kysely.selectFrom('units').select('id').execute()).length;

describe('too large', () => {
  it('a body over 1 MiB is refused with 413 BODY_TOO_LARGE and nothing is created', async () => {
    const before = await unitCount();
    const big = JSON.stringify({ name: '大', kind: 'department', code: 'x'.repeat(1024 * 1024) });
    expect(Buffer.byteLength(big)).toBeGreaterThan(1024 * 1024);
    expectError(await office.request('POST', '/api/v1/units', { rawBody: big, headers: json }), 413, 'BODY_TOO_LARGE');
    expectError(await t.anon(freshIp()).request('POST', '/api/v1/auth/login', { rawBody: big, headers: json }), 413, 'BODY_TOO_LARGE');
    expect(await unitCount()).toBe(before);
  });

  it('a body just under 1 MiB reaches validation and is refused for what it says', async () => {
    const almost = JSON.stringify({ name: '大'.repeat(1000), kind: 'department', code: 'x'.repeat(1024 * 1024 - 5000) });
    expect(Buffer.byteLength(almost)).toBeLessThan(1024 * 1024);
    const r = await office.request('POST', '/api/v1/units', { rawBody: almost, headers: json });
    expectError(r, 400, 'VALIDATION_FAILED');
    expect(r.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['body.code', 'body.name']);
  });
});

describe('not JSON', () => {
  it('bad JSON text is refused with 400 BAD_JSON, in Chinese or in English', async () => {
    for (const text of ['{"name":', '{name: 1}', "{'a':1}", '[1,]', '{"a":1}x', 'NaN', '', '\u0000']) {
      const r = await office.request('POST', '/api/v1/units', { rawBody: text, headers: json });
      expectError(r, 400, 'BAD_JSON');
      expect(r.body.error.message).toBe('请求内容不是有效的 JSON');
    }
    const en = await office.request('POST', '/api/v1/regions', { rawBody: '{', headers: { ...json, 'accept-language': 'en' } });
    expectError(en, 400, 'BAD_JSON');
    expect(en.body.error.message).toBe('The request body is not valid JSON');
  });

  it('JSON that tries to reach the object prototype is refused as BAD_JSON', async () => {
    for (const text of ['{"__proto__":{"admin":true},"name":"x","level":"town"}', '{"constructor":{"prototype":{"admin":true}},"name":"x","level":"town"}']) {
      expectError(await office.request('POST', '/api/v1/regions', { rawBody: text, headers: json }), 400, 'BAD_JSON');
    }
  });

  it('a form, XML or a body without a content type is refused with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    for (const type of ['application/x-www-form-urlencoded', 'application/xml', 'text/csv', undefined]) {
      const headers: Record<string, string> = type ? { 'content-type': type } : {};
      expectError(await office.request('POST', '/api/v1/regions', { rawBody: 'name=x&level=town', headers }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    }
  });

  it('a multipart upload sent to a route that takes JSON is refused as VALIDATION_FAILED: the body is missing', async () => {
    const before = await unitCount();
    const r = await office.request('POST', '/api/v1/units', { rawBody: '--x\r\nContent-Disposition: form-data; name="name"\r\n\r\n测试\r\n--x--\r\n', headers: { 'content-type': 'multipart/form-data; boundary=x' } });
    expectError(r, 400, 'VALIDATION_FAILED');
    expect(r.body.error.issues).toEqual([{ path: 'body', message: '类型不正确或缺少该项' }]);
    expect(await unitCount()).toBe(before);
  });

  it('a sheet upload with an empty, cut-short or fileless multipart body is refused naming the file field, never a 500', async () => {
    const campaign = (await office.call(campaigns.listCampaigns)).body.items[0].id as string;
    const mp = { 'content-type': 'multipart/form-data; boundary=x' };
    const bodies = [
      '', // nothing at all
      '--x\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\n\r\nPK', // cut short
      '--x\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n--x--\r\n', // a field, no file
      '--x\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\n\r\n\r\n--x--\r\n', // an empty file
    ];
    for (const url of ['/api/v1/catalogue/import', `/api/v1/campaigns/${campaign}/tasks/import`]) {
      for (const rawBody of bodies) {
        const r = await office.request('POST', url, { rawBody, headers: mp });
        expect(r.status, `${url} ${JSON.stringify(rawBody)}`).toBeGreaterThanOrEqual(400);
        expect(r.status).toBeLessThan(500);
        expectError(r, r.status, r.body.error.code);
        expect(r.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['file']);
      }
    }
  });

  it('wrong types and values are refused with 400 VALIDATION_FAILED naming each field', async () => {
    const r = await office.call(org.createUnit, { body: { name: 42, kind: 'castle', sortOrder: -1, functions: 'office' } });
    expectError(r, 400, 'VALIDATION_FAILED');
    expect(r.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['body.functions', 'body.kind', 'body.name', 'body.sortOrder']);
    const arr = await office.request('POST', '/api/v1/units', { rawBody: '[{"name":"x","kind":"town"}]', headers: json });
    expectError(arr, 400, 'VALIDATION_FAILED');
    const nul = await office.call(org.createUnit, { body: { name: 'a\u0000b', kind: 'town' } });
    expect(nul.body.error.issues).toEqual([{ path: 'body.name', message: '内容不符合要求' }]);
  });
});

describe('no such route, malformed URLs', () => {
  it('an unknown route answers 404 ROUTE_NOT_FOUND, signed in or not, whatever the method', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/nothing'],
      ['POST', '/api/v1/units/x/y/z'],
      ['DELETE', '/api/v1/units'],
      ['PUT', '/api/v2/units'],
      ['GET', '/api'],
    ] as const) {
      expectError(await office.request(method, url), 404, 'ROUTE_NOT_FOUND');
      expectError(await t.anon().request(method, url), 404, 'ROUTE_NOT_FOUND');
    }
    const en = await t.anon().request('GET', '/api/v1/nothing', { headers: { 'accept-language': 'en-US' } });
    expect(en.body.error.message).toBe('No such endpoint');
  });

  it('a malformed percent-encoding or an over-long path parameter is refused with 400 and the error body', async () => {
    for (const url of ['/api/v1/units/%E0%A4%A', '/api/v1/units/%', '/%ZZ/units', `/api/v1/units/${'a'.repeat(300)}`]) {
      const r = await office.request('GET', url);
      expectError(r, 400, 'VALIDATION_FAILED');
      expect(r.body.error.issues[0].path).toBe('url');
    }
  });

  it('a path parameter that is not an id is refused before any lookup', async () => {
    const r = await office.request('GET', `/api/v1/units/${encodeURIComponent('../../etc/passwd')}`);
    expectError(r, 400, 'VALIDATION_FAILED');
    expect(r.body.error.issues[0].path).toBe('params.id');
  });

  it('a query parameter sent twice, or of the wrong kind, is refused', async () => {
    expectError(await office.request('GET', '/api/v1/units?kind=town&kind=department'), 400, 'VALIDATION_FAILED');
    expectError(await office.request('GET', '/api/v1/units?includeInactive=yes'), 400, 'VALIDATION_FAILED');
  });
});

describe('unknown records', () => {
  it('an unknown campaign answers 404 NOT_FOUND on every route that reads one, never a server error', async () => {
    const params = { id: 'no-such-campaign' };
    for (const e of [campaigns.getCampaign, campaigns.listPolicyVersions, campaigns.planOverview, tasks.listTasks, progress.dashboard, progress.dailyTracking]) {
      const r = await office.call(e, { params });
      expect(r.status, e.id).toBe(404);
      expectError(r, 404, 'NOT_FOUND');
    }
  });
});

describe('sessions and CSRF', () => {
  it('a forged or missing CSRF token is refused; a forged session cookie reads as an expired session', async () => {
    expectError(await office.call(org.createRegion, { body: { name: '村', level: 'village' }, headers: { 'x-csrf-token': 'forged' }, noCsrf: true }), 403, 'CSRF_FAILED');
    const forged = t.anon();
    forged.cookie = 'luoshi_session=forged-token';
    expectError(await forged.call(auth.session), 401, 'SESSION_EXPIRED');
    forged.cookie = `luoshi_session=${'x'.repeat(500)}`;
    expectError(await forged.call(auth.session), 401, 'UNAUTHENTICATED');
  });
});
