/**
 * `npx tsx bench/sqlmap.ts [--db sqlite|postgres] [--only id,id] [--bodies] [--bodies-only] [--level 1] [--timeout 120] [--verbose]`
 *
 * Runs Debian's sqlmap (`apt-get install -y sqlmap`) against a local Luoshi on the demo county.
 *
 * Paths and query strings: a real `luoshi serve`, signed in as the supervision office; each path
 * parameter (marked with `*` after a real id), each query parameter, and the JSON body of the
 * public forms (sign-in, the complaint form and its lookup).
 *
 * Bodies (`--bodies`; `--bodies-only` skips the first part): every state-changing route with a
 * JSON body, called as it is in the permission matrix (test/support/routes.ts builds a valid
 * call on fresh fixtures) by the first user it answers 2xx, with that user's session cookie and
 * CSRF token. Top-level text fields of the contract that the valid call leaves out are added
 * (`扫描测试<name>`) when Luoshi still accepts the call with them. Every text value of the body,
 * nested ones too, carries sqlmap's `*` marker, so sqlmap starts from a request Luoshi accepts
 * and changes one text value at a time. The server
 * for this part runs in this process with LUOSHI_TRUST_PROXY=true and sqlmap's `xforwardedfor`
 * tamper script gives every probe a new address, so the per-address limits of the public forms
 * do not answer the probes with 429. Uploads (multipart), sign-out and the password change (they
 * end the session the scan uses) are left out.
 *
 * Both parts: `--level` (default 1) and `--risk=1`, techniques boolean, error and UNION (no
 * time-based or stacked queries, which take minutes each), `--batch`; one endpoint is stopped
 * after `--timeout` seconds and counted without a verdict. sqlmap exits 0 whether or not it finds
 * something, so its output is read: "identified the following injection point", or a parameter
 * that "appears to be … injectable" and is not then cleared by sqlmap's false-positive check,
 * fails the run (exit 1); "might be injectable" (a heuristic) is listed as a warning. Not part
 * of `npm test`: a full run takes a long time (about 10 s to a minute per endpoint).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ManualClock } from '@luoshi/domain';
import * as contracts from '@luoshi/contracts';
import { fillPath, tasks, type Endpoint } from '@luoshi/contracts';
import { readConfig } from '../apps/server/src/platform/config.ts';
import { openServices } from '../apps/server/src/services.ts';
import { seedDemo } from '../apps/server/src/demo/zhashui.ts';
import { buildApp } from '../apps/server/src/app.ts';
import { ROUTE_TABLE } from '../apps/server/src/platform/http.ts';
import { HttpClient, startLive } from '../test/support/live.ts';
import { pgAdmin, pgUrlFor } from '../test/support/db.ts';
import { Client, freshIp, type TestApp } from '../test/support/harness.ts';
import { Fixtures, VALID_CALLS, pathOf, settleJobs, type RouteCall } from '../test/support/routes.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite' },
    only: { type: 'string' },
    bodies: { type: 'boolean', default: false },
    'bodies-only': { type: 'boolean', default: false },
    level: { type: 'string', default: '1' },
    timeout: { type: 'string', default: '120' },
    verbose: { type: 'boolean', default: false },
  },
});

function allEndpoints(): Endpoint[] {
  const out: Endpoint[] = [];
  for (const mod of Object.values(contracts)) {
    if (!mod || typeof mod !== 'object') continue;
    for (const e of Object.values(mod as Record<string, unknown>)) {
      if (e && typeof e === 'object' && 'method' in e && 'path' in e && 'id' in e) out.push(e as Endpoint);
    }
  }
  return [...new Map(out.map((e) => [e.id, e])).values()];
}

function keysOf(schema: unknown): string[] {
  const s = schema as { shape?: Record<string, unknown> } | undefined;
  return s?.shape ? Object.keys(s.shape) : [];
}

/** A JSON body with a plausible value for each top-level field, for sqlmap to mutate one by one. */
function sampleBody(schema: unknown): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const shape = (schema as { shape?: Record<string, z.ZodType> }).shape ?? {};
  for (const [k, v] of Object.entries(shape)) {
    const type = (v as { def?: { type?: string } }).def?.type;
    body[k] = type === 'number' || type === 'int' ? 1 : type === 'boolean' ? true : 'x';
  }
  return body;
}

interface Target {
  id: string;
  args: string[];
  /** injection points sqlmap was given */
  points: number;
}

function runSqlmap(args: string[]): Promise<{ out: string; timedOut: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn('sqlmap', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, Number(values.timeout) * 1000);
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`sqlmap could not start (${e.message}): apt-get install -y sqlmap`));
    });
    child.on('close', () => {
      clearTimeout(timer);
      resolve({ out, timedOut });
    });
  });
}

/** sqlmap's options shared by both parts: bounded, non-interactive, the cheap techniques only. */
function commonArgs(work: string): string[] {
  return ['--batch', `--level=${values.level}`, '--risk=1', '--technique=BEU', '--flush-session', `--output-dir=${work}`, '--disable-coloring', '--ignore-code=400,401,403,404,409,413,415,422,429'];
}

interface Tally {
  ran: number;
  points: number;
  findings: string[];
  warnings: string[];
}

/** Runs the targets one after another and reads sqlmap's verdicts into the tally. */
async function scan(targets: Target[], tally: Tally): Promise<void> {
  for (const t of targets) {
    const started = Date.now();
    const { out, timedOut } = await runSqlmap(t.args);
    tally.ran++;
    if (values.verbose) console.log(`sqlmap ${t.args.map((a) => JSON.stringify(a)).join(' ')}\n${out}`);
    const secs = Math.round((Date.now() - started) / 1000);
    // "appears to be … injectable" comes before sqlmap's own false-positive check; it counts only
    // when that check does not end with "does not seem to be injectable" for the same parameter
    const appeared = [...out.matchAll(/parameter '([^']+)' appears to be '.*' injectable/g)].map((m) => m[1]!);
    const cleared = new Set([...out.matchAll(/parameter '([^']+)' does not seem to be injectable/g)].map((m) => m[1]!));
    if (/identified the following injection point/i.test(out) || appeared.some((p) => !cleared.has(p))) {
      tally.findings.push(t.id);
      console.log(`✗ ${t.id}: INJECTABLE\n${out.split('\n').filter((l) => /injectable|injection point|Parameter:|Type:|Payload:/.test(l)).join('\n')}`);
    } else if (timedOut) {
      tally.warnings.push(t.id);
      console.log(`? ${t.id}: stopped after ${values.timeout} s without a verdict`);
    } else if (/might be injectable/i.test(out)) {
      tally.warnings.push(t.id);
      console.log(`? ${t.id}: a heuristic flagged a parameter; sqlmap's full tests did not confirm it (${secs} s)`);
    } else if (!/do not appear to be injectable|does not seem to be injectable|not injectable/i.test(out)) {
      tally.warnings.push(t.id);
      console.log(`? ${t.id}: sqlmap ended without a verdict:\n${out.split(`\n`).slice(-25).join(`\n`)}`);
    } else console.log(`✓ ${t.id} (${t.points} ${t.points === 1 ? 'point' : 'points'}, ${secs} s)`);
    tally.points += t.points;
  }
}

/** Marks every text value of a JSON body with sqlmap's `*`; returns the marked body and how many. */
function markStrings(v: unknown): { marked: unknown; n: number } {
  if (typeof v === 'string') return { marked: `${v}*`, n: 1 };
  if (Array.isArray(v)) {
    let n = 0;
    const marked = v.map((x) => {
      const r = markStrings(x);
      n += r.n;
      return r.marked;
    });
    return { marked, n };
  }
  if (v && typeof v === 'object') {
    let n = 0;
    const marked = Object.fromEntries(
      Object.entries(v).map(([k, x]) => {
        const r = markStrings(x);
        n += r.n;
        return [k, r.marked];
      }),
    );
    return { marked, n };
  }
  return { marked: v, n: 0 };
}

/** The type of a zod field under its optional / nullable / default wrappers. */
function baseType(t: unknown): string | undefined {
  let def = (t as { def?: { type?: string; innerType?: unknown } }).def;
  while (def && (def.type === 'optional' || def.type === 'nullable' || def.type === 'default') && def.innerType) {
    def = (def.innerType as { def?: { type?: string; innerType?: unknown } }).def;
  }
  return def?.type;
}

/**
 * The valid call's body with a text value for each top-level text field of the contract it left
 * out, so that those fields are scanned too; if Luoshi does not accept the fuller body, the scan
 * falls back to the valid call as it is.
 */
function withOptionalText(body: Record<string, unknown>, e: Endpoint | undefined): Record<string, unknown> | null {
  const shape = (e?.body as { shape?: Record<string, unknown> } | undefined)?.shape ?? {};
  const added = Object.fromEntries(Object.entries(shape).filter(([k, t]) => !(k in body) && baseType(t) === 'string').map(([k]) => [k, `扫描测试${k}`]));
  return Object.keys(added).length ? { ...body, ...added } : null;
}

/** Users to try, in order, for a route's valid call: the office first, as in the other part. */
const CANDIDATES = ['duchashi', 'admin', 'security', 'auditor', 'xianzhang', 'fuxianzhang', 'jianchaju', 'caizheng', 'qianyou', 'qianyou.cb', 'jiaotong.cb', null] as const;
/** They end the session the scan uses, or send no JSON. */
const NO_BODY_SCAN = new Set(['logout', 'changePassword']);

/** The body part: an app in this process on the same database, fixtures made through its API. */
async function scanBodies(dataDir: string, databaseUrl: string | null, work: string, only: Set<string> | null, tally: Tally): Promise<void> {
  const clock = new ManualClock('2013-05-01T01:00:00.000Z');
  const services = await openServices({ config: { ...readConfig({}), dataDir, databaseUrl, trustProxy: true }, clock });
  const app = await buildApp(services, { serveWeb: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as import('node:net').AddressInfo).port}`;
  const t: TestApp = {
    app,
    services,
    clock,
    db: { dataDir, databaseUrl, drop: async () => {} },
    anon: (ip) => new Client(app, ip),
    as: async (username, password, ip) => {
      const c = new Client(app, ip);
      const r = await c.login(username, password);
      if (r.status !== 200) throw new Error(`login as ${username} failed: ${r.status}`);
      return c;
    },
    close: async () => {},
  };
  try {
    const f = await Fixtures.create(t);
    const clients = new Map<string, Client>();
    const clientOf = async (u: string | null) => {
      const key = u ?? 'anonymous';
      let c = clients.get(key);
      if (!c || (u && (await c.request('GET', '/api/v1/auth/session')).status !== 200)) {
        c = u ? await t.as(u, undefined, freshIp()) : t.anon(freshIp());
        clients.set(key, c);
      }
      return c;
    };
    const endpoints = new Map(allEndpoints().map((e) => [e.id, e]));
    const targets: Target[] = [];
    const noText: string[] = [];
    const refused: string[] = [];
    const no2xx: string[] = [];
    for (const r of ROUTE_TABLE) {
      if (r.method === 'GET' || NO_BODY_SCAN.has(r.id) || !VALID_CALLS[r.id]) continue;
      if (only && !only.has(r.id)) continue;
      // the first user the route answers 2xx, found with one valid call (a real change, on a throwaway database)
      let user: string | null | undefined;
      let fuller = false;
      let fullerRefused = false;
      let text = true;
      const ok = async (u: string | null, body: unknown, call: RouteCall) => {
        const res = await (await clientOf(u)).request(r.method, pathOf(r.path, call.params), { query: call.query, body });
        return res.status >= 200 && res.status < 300;
      };
      for (const u of CANDIDATES) {
        if (r.access === 'public' ? u !== null : u === null) continue;
        const call = await VALID_CALLS[r.id]!(f, u);
        if (call.raw || !call.body || typeof call.body !== 'object' || Array.isArray(call.body)) {
          text = false;
          break;
        }
        const more = withOptionalText(call.body as Record<string, unknown>, endpoints.get(r.id));
        if (more && (await ok(u, more, await VALID_CALLS[r.id]!(f, u)))) {
          [user, fuller] = [u, true];
          break;
        }
        if (markStrings(call.body).n === 0) {
          if (more) {
            // the fuller body was refused by this user; another may be allowed
            fullerRefused = true;
            continue;
          }
          text = false;
          break;
        }
        if (await ok(u, call.body, call)) {
          user = u;
          break;
        }
      }
      if (user === undefined) {
        (fullerRefused ? refused : text ? no2xx : noText).push(r.id);
        continue;
      }
      // a fresh valid call for the scan itself, so sqlmap's first request is one Luoshi accepts
      const call = await VALID_CALLS[r.id]!(f, user);
      const c = await clientOf(user);
      const body = fuller ? withOptionalText(call.body as Record<string, unknown>, endpoints.get(r.id))! : call.body;
      const { marked, n } = markStrings(body);
      const qs = call.query ? `?${new URLSearchParams(call.query).toString()}` : '';
      const headers = [...(c.cookie ? [`Cookie: ${c.cookie}`, `X-CSRF-Token: ${c.csrf}`] : []), 'Accept-Language: zh'].join('\n');
      const args = [base + pathOf(r.path, call.params) + qs, ...commonArgs(work), `--method=${r.method}`, `--data=${JSON.stringify(marked)}`, `--headers=${headers}`, '--tamper=xforwardedfor'];
      targets.push({ id: `${r.id} (body, as ${user ?? 'anonymous'})`, args, points: n });
    }
    console.log(`\nsqlmap against the JSON bodies of ${targets.length} state-changing routes of ${base} (${values.db})`);
    console.log(`not scanned: ${noText.length} without a text field (no body, an upload, or numbers and flags only): ${noText.join(', ') || '—'}`);
    console.log(`not scanned: ${refused.length} whose valid call has no text value and which refused the contract's text fields added to it: ${refused.join(', ') || '—'}`);
    console.log(`not scanned: ${no2xx.length} that gave no candidate user a 2xx: ${no2xx.join(', ') || '—'}`);
    await scan(targets, tally);
    await settleJobs(t);
  } finally {
    await app.close();
    await services.db.close();
  }
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-sqlmap-'));
  let databaseUrl: string | null = null;
  let pgName = '';
  if (values.db === 'postgres') {
    pgName = `luoshi_sqlmap_${randomBytes(4).toString('hex')}`;
    await pgAdmin((c) => c.query(`create database ${pgName}`));
    databaseUrl = pgUrlFor(pgName);
  }
  const services = await openServices({ config: { ...readConfig({}), dataDir, databaseUrl }, clock: new ManualClock('2013-04-01T00:00:00.000Z') });
  await seedDemo(services);
  const ids = {
    campaign: (await services.db.kysely.selectFrom('campaigns').select('id').executeTakeFirstOrThrow()).id,
    unit: (await services.db.kysely.selectFrom('units').select('id').where('short_name', '=', '乾佑镇').executeTakeFirstOrThrow()).id,
  };
  await services.db.close();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-sqlmap-out-'));
  const only = values.only ? new Set(values.only.split(',')) : null;
  const paths: Tally = { ran: 0, points: 0, findings: [], warnings: [] };
  const bodies: Tally = { ran: 0, points: 0, findings: [], warnings: [] };
  try {
    if (!values['bodies-only']) {
      // every probe comes from a new address (the tamper script's X-Forwarded-For, believed here),
      // so the per-address limits of sign-in and the public forms do not answer the probes with 429
      const server = await startLive({ dataDir, databaseUrl, now: '2013-05-10T02:00:00.000Z', env: { LUOSHI_TRUST_PROXY: 'true' } });
      try {
        const office = new HttpClient(server.url);
        await office.login('duchashi');
        const tree = (await office.request('GET', fillPath(tasks.listTasks.path, { id: ids.campaign }))).body.items as { id: string }[];
        const idFor = (p: string) => (p.startsWith('/api/v1/campaigns/') ? ids.campaign : p.startsWith('/api/v1/units/') ? ids.unit : p.startsWith('/api/v1/tasks/') ? tree[0]!.id : '1');
        const headers = `Cookie: ${office.cookie}\nX-CSRF-Token: ${office.csrf}\nAccept-Language: zh`;
        const publicForms = new Set(['login', 'portalSubmitCase', 'portalLookupCase']);
        const targets: Target[] = [];
        for (const e of allEndpoints()) {
          if (only && !only.has(e.id)) continue;
          if (e.id === 'logout') continue; // would end the session the scan uses
          const pathKeys = [...e.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
          const query = keysOf(e.query);
          const withBody = e.method !== 'GET' && e.body && publicForms.has(e.id);
          if (!pathKeys.length && !query.length && !withBody) continue;
          const url =
            server.url +
            e.path.replace(/:([A-Za-z]+)/g, () => `${idFor(e.path)}*`) +
            (query.length ? `?${query.map((k) => `${k}=1`).join('&')}` : '');
          const args = [url, ...commonArgs(work), `--headers=${headers}`, '--tamper=xforwardedfor'];
          if (e.method !== 'GET') args.push(`--method=${e.method}`);
          if (withBody) args.push(`--data=${JSON.stringify(sampleBody(e.body))}`);
          targets.push({ id: e.id, args, points: pathKeys.length + query.length + (withBody ? keysOf(e.body).length : 0) });
        }
        console.log(`sqlmap against ${targets.length} parameterised endpoints of ${server.url} (${values.db})`);
        await scan(targets, paths);
      } finally {
        await server.kill();
      }
    }
    if (values.bodies || values['bodies-only']) await scanBodies(dataDir, databaseUrl, work, only, bodies);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(work, { recursive: true, force: true });
    if (pgName) await pgAdmin((c) => c.query(`drop database if exists ${pgName} with (force)`));
  }
  const line = (name: string, t: Tally) =>
    `${name}: ${t.ran} endpoints scanned (${t.points} injection points), ${t.findings.length} injectable, ${t.warnings.length} without a clean verdict${t.warnings.length ? ` (${t.warnings.join(', ')})` : ''}`;
  console.log('');
  if (!values['bodies-only']) console.log(line('paths, query strings and public forms', paths));
  if (values.bodies || values['bodies-only']) console.log(line('JSON bodies of state-changing routes', bodies));
  const findings = [...paths.findings, ...bodies.findings];
  if (findings.length) {
    console.error(`FAILED: sqlmap found injectable parameters in ${findings.join(', ')}`);
    process.exitCode = 1;
  }
}

await main();
