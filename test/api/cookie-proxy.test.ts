/**
 * The session cookie behind a TLS-terminating reverse proxy, over real sockets: a local HTTPS proxy
 * (a self-signed certificate made with openssl for this run) forwards to Luoshi on loopback with
 * X-Forwarded-For and X-Forwarded-Proto, as the nginx example in README.md does. With the proxy's
 * address in LUOSHI_TRUST_PROXY the cookie is Secure; it is HttpOnly and SameSite=Strict always;
 * the client address comes from the proxy. Without a trusted proxy, the same headers sent by a
 * client change neither the Secure flag, nor the address in the audit log, nor the rate limit.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, portal } from '@luoshi/contracts';
import { buildApp } from '../../apps/server/src/app.ts';
import { DEMO_PASSWORD } from '../../apps/server/src/demo/zhashui.ts';
import { startApp, type TestApp } from '../support/harness.ts';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: any;
}

let t: TestApp;
let behind: FastifyInstance; // LUOSHI_TRUST_PROXY=127.0.0.1
let direct: FastifyInstance; // no trusted proxy
let proxy: https.Server;
let cert: Buffer;
let certDir: string;
const portOf = (s: { address(): AddressInfo | string | null }) => (s.address() as AddressInfo).port;
const appPort = (a: FastifyInstance) => portOf(a.server);

/** The proxy: TLS in, plain HTTP to Luoshi, the client's address appended to X-Forwarded-For (nginx's $proxy_add_x_forwarded_for). */
function startProxy(key: Buffer, crt: Buffer, upstream: number): Promise<https.Server> {
  const server = https.createServer({ key, cert: crt }, (req, res) => {
    const xff = [req.headers['x-forwarded-for'], req.socket.remoteAddress].filter(Boolean).join(', ');
    const up = http.request(
      { host: '127.0.0.1', port: upstream, method: req.method, path: req.url, headers: { ...req.headers, 'x-forwarded-for': xff, 'x-forwarded-proto': 'https' } },
      (ur) => {
        res.writeHead(ur.statusCode ?? 502, ur.headers);
        ur.pipe(res);
      },
    );
    up.on('error', () => res.writeHead(502).end());
    req.pipe(up);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function send(transport: typeof http | typeof https, opts: https.RequestOptions, body?: unknown): Promise<Answer> {
  const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = transport.request(
      { ...opts, agent: false, headers: { ...(opts.headers ?? {}), ...(data ? { 'content-type': 'application/json', 'content-length': String(data.length) } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text && /json/.test(String(res.headers['content-type'])) ? JSON.parse(text) : text });
        });
      },
    );
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

/** Through the HTTPS proxy, from a client at `from`; the certificate is checked against the one made for this run. */
const viaProxy = (method: string, url: string, body?: unknown, headers: Record<string, string> = {}, from = '127.0.0.2') =>
  send(https, { host: '127.0.0.1', port: portOf(proxy), method, path: url, headers, ca: cert, localAddress: from }, body);
/** Plain HTTP straight to an app, from `from`. */
const straight = (app: FastifyInstance, method: string, url: string, body?: unknown, headers: Record<string, string> = {}, from = '127.0.0.3') =>
  send(http, { host: '127.0.0.1', port: appPort(app), method, path: url, headers, localAddress: from }, body);

function sessionCookie(a: Answer): string {
  const all = ([] as string[]).concat(a.headers['set-cookie'] ?? []);
  const c = all.find((x) => x.startsWith('luoshi_session='));
  if (!c) throw new Error(`no session cookie in ${JSON.stringify(all)}`);
  return c;
}
const flags = (cookie: string) => new Set(cookie.split(';').slice(1).map((f) => f.trim().split('=')[0]!.toLowerCase()));

async function lastLogin(userId: string) {
  return t.services.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'auth.login').where('entity_id', '=', userId).orderBy('seq', 'desc').executeTakeFirstOrThrow();
}
const userId = async (username: string) => (await t.services.db.kysely.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;

beforeAll(async () => {
  t = await startApp();
  certDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-tls-'));
  const keyFile = path.join(certDir, 'key.pem');
  const certFile = path.join(certDir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  cert = fs.readFileSync(certFile);
  behind = await buildApp({ ...t.services, config: { ...t.services.config, trustProxy: '127.0.0.1' } }, { serveWeb: false });
  direct = await buildApp({ ...t.services, config: { ...t.services.config, trustProxy: false } }, { serveWeb: false });
  await behind.listen({ host: '127.0.0.1', port: 0 });
  await direct.listen({ host: '127.0.0.1', port: 0 });
  proxy = await startProxy(fs.readFileSync(keyFile), cert, appPort(behind));
});
afterAll(async () => {
  await new Promise((r) => proxy?.close(r));
  await behind?.close();
  await direct?.close();
  if (certDir) fs.rmSync(certDir, { recursive: true, force: true });
  await t?.close();
});

describe('behind a TLS-terminating proxy listed in LUOSHI_TRUST_PROXY', () => {
  it('the session cookie is Secure, HttpOnly and SameSite=Strict; it works through the proxy; sign-out clears it with the same flags', async () => {
    const r = await viaProxy('POST', auth.login.path, { username: 'duchashi', password: DEMO_PASSWORD });
    expect(r.status).toBe(200);
    const cookie = sessionCookie(r);
    expect(flags(cookie)).toEqual(new Set(['path', 'httponly', 'samesite', 'secure']));
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\//);
    const pair = cookie.split(';')[0]!;
    const me = await viaProxy('GET', auth.session.path, undefined, { cookie: pair });
    expect(me.status).toBe(200);
    expect(me.body.user.username).toBe('duchashi');
    const out = await viaProxy('POST', auth.logout.path, undefined, { cookie: pair, 'x-csrf-token': r.body.csrfToken });
    expect(out.status).toBe(200);
    const cleared = sessionCookie(out);
    expect(cleared.split(';')[0]).toBe('luoshi_session=');
    for (const f of ['secure', 'httponly', 'samesite']) expect(flags(cleared)).toContain(f);
    expect((await viaProxy('GET', auth.session.path, undefined, { cookie: pair })).status).toBe(401);
  });

  it('the client address is the one the proxy saw, not one the client wrote into X-Forwarded-For', async () => {
    const r = await viaProxy('POST', auth.login.path, { username: 'xianzhang', password: DEMO_PASSWORD }, { 'x-forwarded-for': '203.0.113.9' }, '127.0.0.2');
    expect(r.status).toBe(200);
    expect((await lastLogin(await userId('xianzhang'))).ip).toBe('127.0.0.2');
  });

  it('over plain HTTP the trusted proxy says so (X-Forwarded-Proto: http) and the cookie is not Secure, still HttpOnly and SameSite', async () => {
    const r = await straight(behind, 'POST', auth.login.path, { username: 'fuxianzhang', password: DEMO_PASSWORD }, { 'x-forwarded-proto': 'http', 'x-forwarded-for': '198.51.100.7' }, '127.0.0.1');
    expect(r.status).toBe(200);
    expect(flags(sessionCookie(r))).toEqual(new Set(['path', 'httponly', 'samesite']));
    expect((await lastLogin(await userId('fuxianzhang'))).ip).toBe('198.51.100.7');
  });
});

describe('without a trusted proxy, forwarded headers from a client change nothing', () => {
  const spoof = { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.50' };

  it('X-Forwarded-Proto: https does not make the cookie Secure; X-Forwarded-For does not become the audited address', async () => {
    const r = await straight(direct, 'POST', auth.login.path, { username: 'qianyou', password: DEMO_PASSWORD }, spoof);
    expect(r.status).toBe(200);
    expect(flags(sessionCookie(r))).toEqual(new Set(['path', 'httponly', 'samesite']));
    expect((await lastLogin(await userId('qianyou'))).ip).toBe('127.0.0.3');
  });

  it('the same headers sent to the app behind the proxy, but not by the proxy, are ignored as well', async () => {
    const r = await straight(behind, 'POST', auth.login.path, { username: 'qianyou.fz', password: DEMO_PASSWORD }, spoof, '127.0.0.4');
    expect(r.status).toBe(200);
    expect(flags(sessionCookie(r))).not.toContain('secure');
    expect((await lastLogin(await userId('qianyou.fz'))).ip).toBe('127.0.0.4');
  });

  it('a new X-Forwarded-For on every report does not escape the per-address limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const r = await straight(direct, 'POST', portal.submitCase.path, { categoryCode: 'road', content: `第${i}次反映:路灯不亮。`, anonymous: true }, { 'x-forwarded-for': `198.18.0.${i + 1}` }, '127.0.0.5');
      statuses.push(r.status);
    }
    expect(statuses).toEqual([...Array(10).fill(200), 429]);
  });
});

describe('LUOSHI_COOKIE_SECURE', () => {
  it('true sets Secure even on plain HTTP (TLS ended somewhere Luoshi cannot see); HttpOnly and SameSite stay', async () => {
    const app = await buildApp({ ...t.services, config: { ...t.services.config, cookieSecure: true } }, { serveWeb: false });
    try {
      const r = await app.inject({ method: 'POST', url: auth.login.path, payload: { username: 'duchashi', password: DEMO_PASSWORD }, remoteAddress: '127.0.0.6' });
      expect(r.statusCode).toBe(200);
      const cookie = ([] as string[]).concat(r.headers['set-cookie'] ?? []).find((c) => c.startsWith('luoshi_session='))!;
      expect(flags(cookie)).toEqual(new Set(['path', 'httponly', 'samesite', 'secure']));
    } finally {
      await app.close();
    }
  });
});
