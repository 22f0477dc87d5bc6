/**
 * A real Luoshi app on a real database for one test file, driven through HTTP (fastify.inject),
 * with clients that sign in as demo users and carry their session cookie and CSRF token.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { ManualClock } from '@luoshi/domain';
import { fillPath, type Endpoint } from '@luoshi/contracts';
import { readConfig } from '../../apps/server/src/platform/config.ts';
import { openServices } from '../../apps/server/src/services.ts';
import { buildApp } from '../../apps/server/src/app.ts';
import type { GateOptions } from '../../apps/server/src/platform/public-gate.ts';
import type { Services } from '../../apps/server/src/platform/context.ts';
import { DEMO_PASSWORD } from '../../apps/server/src/demo/zhashui.ts';
import { createTestDb, type TestDb } from './db.ts';

export { DEMO_PASSWORD };

export interface CallOptions {
  params?: Record<string, string>;
  query?: Record<string, string | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  /** send this raw payload instead of JSON-encoding body */
  rawBody?: string | Buffer;
  /** leave out the CSRF header */
  noCsrf?: boolean;
}

export interface Result<T = any> {
  status: number;
  body: T;
  headers: LightMyRequestResponse['headers'];
}

export class Client {
  cookie: string | null = null;
  csrf: string | null = null;
  /** the client's network address: the login rate limit counts per address */
  constructor(
    private app: FastifyInstance,
    readonly ip = '127.0.0.1',
  ) {}

  async request(method: string, url: string, opts: CallOptions = {}): Promise<Result> {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrf && method !== 'GET' && !opts.noCsrf) headers['x-csrf-token'] = this.csrf;
    let payload: string | Buffer | undefined;
    if (opts.rawBody !== undefined) payload = opts.rawBody;
    else if (opts.body !== undefined) {
      payload = JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const qs = opts.query
      ? '?' + new URLSearchParams(Object.entries(opts.query).filter(([, v]) => v !== undefined) as [string, string][]).toString()
      : '';
    const res = await this.app.inject({ method: method as never, url: url + qs, headers, payload, remoteAddress: this.ip });
    const setCookie = res.headers['set-cookie'];
    for (const c of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
      const [pair] = c.split(';');
      if (pair!.startsWith('luoshi_session=')) this.cookie = pair!.endsWith('=') ? null : pair!;
    }
    let body: unknown = res.body;
    if ((res.headers['content-type'] ?? '').toString().includes('json') && res.body) body = JSON.parse(res.body);
    return { status: res.statusCode, body, headers: res.headers };
  }

  call<E extends Endpoint>(e: E, opts: CallOptions = {}): Promise<Result> {
    return this.request(e.method, fillPath(e.path, opts.params), opts);
  }

  async login(username: string, password = DEMO_PASSWORD): Promise<Result> {
    const r = await this.request('POST', '/api/v1/auth/login', { body: { username, password } });
    if (r.status === 200) this.csrf = r.body.csrfToken;
    return r;
  }
}

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  clock: ManualClock;
  db: TestDb;
  anon(ip?: string): Client;
  /** a client signed in as a demo user (password Luoshi@2013) */
  as(username: string, password?: string, ip?: string): Promise<Client>;
  close(): Promise<void>;
}

/** The demo template was seeded at 2013-04-01; tests start a month later unless told otherwise. */
export async function startApp(opts: { seeded?: boolean; now?: string; gate?: Partial<GateOptions>; pgPoolSize?: number } = {}): Promise<TestApp> {
  const db = await createTestDb({ seeded: opts.seeded ?? true });
  const clock = new ManualClock(opts.now ?? '2013-05-01T01:00:00.000Z');
  const config = { ...readConfig({}), dataDir: db.dataDir, databaseUrl: db.databaseUrl, ...(opts.pgPoolSize ? { pgPoolSize: opts.pgPoolSize } : {}) };
  const services = await openServices({ config, clock });
  const app = await buildApp(services, { serveWeb: false, ...(opts.gate ? { gate: opts.gate } : {}) });
  await app.ready();
  return {
    app,
    services,
    clock,
    db,
    anon: (ip) => new Client(app, ip),
    as: async (username, password, ip) => {
      const c = new Client(app, ip);
      const r = await c.login(username, password);
      if (r.status !== 200) throw new Error(`login as ${username} failed: ${r.status} ${JSON.stringify(r.body)}`);
      return c;
    },
    close: async () => {
      await app.close();
      await services.db.close();
      await db.drop();
    },
  };
}

let ipCounter = 0;
/** A network address not used before in this test file, so sign-ins stay under the per-address limit. */
export function freshIp(): string {
  ipCounter++;
  return `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
}

/** Finds a unit id by its short name, e.g. '乾佑镇'. */
export async function unitId(t: TestApp, shortName: string): Promise<string> {
  const row = await t.services.db.kysely.selectFrom('units').select('id').where('short_name', '=', shortName).executeTakeFirst();
  if (!row) throw new Error(`no unit ${shortName}`);
  return row.id;
}
