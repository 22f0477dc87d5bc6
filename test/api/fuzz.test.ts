/**
 * Hostile input against every route: random and boundary bodies, queries and path parameters,
 * sent as the system administrator, as the office and anonymously. Whatever arrives, the server
 * never answers 5xx, and every refusal carries a code from the closed list and a message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ERROR_CODES } from '@luoshi/domain';
import { auth } from '@luoshi/contracts';
import { ROUTE_TABLE, type RouteDecl } from '../../apps/server/src/platform/http.ts';
import { freshIp, startApp, type Client, type TestApp } from '../support/harness.ts';
import { Fixtures, STRONG_PASSWORD, VALID_CALLS, settleJobs, type RouteCall } from '../support/routes.ts';
import { acceptLanguageArb, bodyArb, contentTypeArb, edgeString, encode, paramArb, queryArb, RAW_URL_PIECES } from '../support/fuzz.ts';

/**
 * A budget of requests shared by all routes, so the file stays well under a minute on two cores
 * however many routes there are; every route still gets at least six runs.
 */
const REQUEST_BUDGET = 900;
const runsPerRoute = () => Math.max(6, Math.floor(REQUEST_BUDGET / ROUTE_TABLE.length));
const RUNS_UNKNOWN_ROUTES = 100;

type Who = 'admin' | 'duchashi' | 'anonymous';
const WHO: Who[] = ['admin', 'duchashi', 'anonymous'];

let t: TestApp;
let f: Fixtures;
const sessions = new Map<Who, Client>();
const seeds = new Map<string, RouteCall>();
let realIds: string[] = [];
let sent = 0;
let reSignIns = 0;
const statuses = new Map<number, number>();

async function signIn(who: Exclude<Who, 'anonymous'>) {
  sessions.set(who, await t.as(who, undefined, freshIp()));
}

beforeAll(async () => {
  t = await startApp();
  f = await Fixtures.create(t);
  await signIn('admin');
  await signIn('duchashi');
  // a route the shared builders do not know yet is fuzzed from an empty request
  for (const r of ROUTE_TABLE) seeds.set(r.id, VALID_CALLS[r.id] ? await VALID_CALLS[r.id]!(f, 'admin') : {});
  // seeds that would change the signed-in users themselves: a wrong current password, another account
  seeds.set(auth.changePassword.id, { body: { currentPassword: 'Wrong#Pass2013', newPassword: STRONG_PASSWORD } });
  seeds.set(auth.login.id, { body: { username: 'jiaotong', password: 'Wrong#Pass2013' } });
  realIds = [...Object.values(f.ids).filter((id) => id !== f.ids.deputyPerson), await f.groupMember()];
});
afterAll(async () => {
  if (t) await settleJobs(t);
  await t?.close();
});

interface Sent {
  who: Who;
  method: string;
  url: string;
  payload: string | Buffer | undefined;
  contentType: string;
  csrf: 'ok' | 'none' | 'wrong';
  lang: string | undefined;
  ip: string;
  cookie: string | null;
}

/** Sends one request exactly as given, with the session of `who`, and checks the answer. */
async function sendAndCheck(req: Sent, label: string): Promise<void> {
  const headers: Record<string, string> = {};
  const session = req.who === 'anonymous' ? null : sessions.get(req.who)!;
  if (session?.cookie) headers.cookie = session.cookie;
  else if (req.cookie !== null) headers.cookie = `luoshi_session=${req.cookie}`;
  if (session && req.csrf !== 'none') headers['x-csrf-token'] = req.csrf === 'ok' ? session.csrf! : 'forged-token';
  if (req.payload !== undefined && req.contentType) headers['content-type'] = req.contentType;
  if (req.lang !== undefined) headers['accept-language'] = req.lang;
  const res = await t.app.inject({ method: req.method as never, url: req.url, headers, payload: req.payload, remoteAddress: req.ip });
  sent++;
  statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
  const where = `${label}: ${req.method} ${req.url.slice(0, 200)} as ${req.who} -> ${res.statusCode} ${res.body.slice(0, 300)}`;
  expect(res.statusCode, where).toBeLessThan(500);
  expect(res.body, where).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
  if (res.statusCode >= 400) {
    expect(String(res.headers['content-type']), where).toMatch(/application\/json/);
    const body = JSON.parse(res.body) as { error?: { code?: unknown; message?: unknown } };
    expect(ERROR_CODES, where).toContain(body.error?.code);
    expect(typeof body.error?.message === 'string' && body.error.message.length > 0, where).toBe(true);
  }
  // a successful sign-out, a disabled account or a reset ends the session: sign in again
  if (session && (res.statusCode === 401 || (label === auth.logout.id && res.statusCode === 200))) {
    reSignIns++;
    await signIn(req.who as Exclude<Who, 'anonymous'>);
  }
}

const common = {
  who: fc.constantFrom(...WHO),
  contentType: contentTypeArb,
  csrf: fc.oneof({ weight: 9, arbitrary: fc.constant('ok' as const) }, { weight: 1, arbitrary: fc.constantFrom('none' as const, 'wrong' as const) }),
  lang: acceptLanguageArb,
  ip: fc.ipV4(),
  cookie: fc.option(fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{0,250}$/), fc.constantFrom('%E0%A4', '"', ';;')), { nil: null }),
};

function routeRequests(route: RouteDecl): fc.Arbitrary<Sent> {
  const seed = seeds.get(route.id)!;
  const names = [...route.path.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1]!);
  return fc
    .record({
      ...common,
      method: fc.oneof(
        { weight: 9, arbitrary: fc.constant(route.method) },
        { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS') },
      ),
      params: fc.tuple(...names.map(() => paramArb(realIds))),
      query: queryArb(seed),
      payload: bodyArb(seed),
    })
    .map(({ params, query, ...rest }) => {
      let i = 0;
      const path = route.path.replace(/:([A-Za-z_]+)/g, () => params[i++]!);
      return { ...rest, url: path + query };
    });
}

describe('hostile input never makes the server fail', () => {
  it('every route answers random and boundary requests without a 5xx, refusing with a listed code and a message', { timeout: 120_000 }, async () => {
    expect(ROUTE_TABLE.length).toBeGreaterThan(30);
    for (const route of ROUTE_TABLE) {
      await fc.assert(
        fc.asyncProperty(routeRequests(route), (req) => sendAndCheck(req, route.id)),
        { numRuns: runsPerRoute() },
      );
    }
  });

  it('unknown and malformed paths answer ROUTE_NOT_FOUND or a listed 4xx, never a 5xx', { timeout: 60_000 }, async () => {
    const segment = fc.oneof(
      edgeString.filter((s) => s.length > 0 && s.length < 300).map(encode),
      fc.constantFrom(...RAW_URL_PIECES),
      fc.constantFrom('api', 'v1', 'units', 'people', 'audit', 'users', 'healthz', ''),
    );
    const arb = fc.record({
      ...common,
      method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'),
      url: fc.array(segment, { minLength: 1, maxLength: 5 }).map((s) => '/' + s.join('/')),
      payload: bodyArb({}),
    });
    await fc.assert(
      fc.asyncProperty(arb, (req) => sendAndCheck(req, 'unknown')),
      { numRuns: RUNS_UNKNOWN_ROUTES },
    );
    const notFound = await t.anon().request('GET', '/api/v1/no-such-thing');
    expect(notFound.status).toBe(404);
    expect(notFound.body.error.code).toBe('ROUTE_NOT_FOUND');
  });

  it('reports how many requests were sent', () => {
    const summary = [...statuses.entries()].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}x${n}`).join(' ');
    console.log(`fuzz: ${sent} requests over ${ROUTE_TABLE.length} routes (${runsPerRoute()} runs each), ${reSignIns} re-sign-ins; statuses ${summary}`);
    expect(sent).toBeGreaterThanOrEqual(ROUTE_TABLE.length * runsPerRoute());
    // the runs reached the use cases, not only the validators
    expect(statuses.get(200) ?? 0).toBeGreaterThan(0);
  });
});
