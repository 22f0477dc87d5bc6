/**
 * `npm run bench -- --scale county|city [--db sqlite|postgres] [--duration 5]`
 * Generates the data set, then measures — each headline figure a ratio against a baseline measured
 * in the same run, because the machine is shared and noisy — and writes BENCHMARKS.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import zlib from 'node:zlib';
import { spawn, type ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import autocannon from 'autocannon';
import pg from 'pg';
import { readConfig } from '../apps/server/src/platform/config.ts';
import { openServices } from '../apps/server/src/services.ts';
import { runSweep } from '../apps/server/src/modules/sweep/sweep.ts';
import { generate, SCALES, type Scale } from './dataset.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: { scale: { type: 'string', default: 'county' }, db: { type: 'string', default: 'sqlite' }, duration: { type: 'string', default: '5' }, connections: { type: 'string', default: '50' }, now: { type: 'string', default: '2013-07-01T02:00:00.000Z' } },
});
const scale = values.scale as Scale;
if (!(scale in SCALES)) throw new Error('--scale county|city');
const duration = Number(values.duration);
const connections = Number(values.connections);
const lines: string[] = [];
const log = (s: string) => {
  console.log(s);
  lines.push(s);
};

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = http.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitReady(url: string, timeoutMs = 60_000): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    try {
      const r = await fetch(`${url}/readyz`);
      if (r.ok) return performance.now() - t0;
    } catch {
      /* not up yet */
    }
    if (performance.now() - t0 > timeoutMs) throw new Error('server did not become ready');
    await new Promise((r) => setTimeout(r, 25));
  }
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

interface Load {
  rps: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function load(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Load> {
  const r = await autocannon({ url, connections, duration, method: (opts.method ?? 'GET') as 'GET', headers: opts.headers, body: opts.body });
  return { rps: r.requests.average, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors };
}

/** A bare node:http server answering a JSON body of the given size: the machine's ceiling. */
async function baseline(bytes: number): Promise<Load> {
  const body = JSON.stringify({ data: 'x'.repeat(Math.max(0, bytes - 11)) });
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  try {
    return await load(`http://127.0.0.1:${port}/`);
  } finally {
    server.close();
  }
}

async function signIn(base: string, username: string) {
  const r = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'Luoshi@2013' }) });
  if (!r.ok) throw new Error(`login ${username}: ${r.status}`);
  const cookie = r.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await r.json()) as { csrfToken: string };
  return { cookie, csrf: csrfToken };
}

function gzipSize(file: string): number {
  return zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
}

/** JavaScript a page loads before first paint: its module script and modulepreload links. */
function firstScreenJs(html: string): number {
  const dist = path.join(ROOT, 'apps/web/dist');
  const page = fs.readFileSync(path.join(dist, html), 'utf8');
  const srcs = [...page.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  return srcs.reduce((s, src) => s + gzipSize(path.join(dist, src)), 0);
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-bench-'));
  let databaseUrl: string | null = null;
  let pgName = '';
  const admin = process.env.LUOSHI_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  if (values.db === 'postgres') {
    pgName = `luoshi_bench_${randomBytes(4).toString('hex')}`;
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`create database ${pgName}`);
    await c.end();
    const u = new URL(admin);
    u.pathname = `/${pgName}`;
    databaseUrl = u.toString();
  }
  const started = new Date();
  log(`# Luoshi benchmarks`);
  log('');
  log(`- date: ${started.toISOString().slice(0, 10)}; machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}`);
  log(`- database: ${values.db}; scale: ${scale} (${SCALES[scale].units} units, ${SCALES[scale].tasks} tasks, ${SCALES[scale].reportsPerLeaf} reports per leaf task)`);
  log(`- load: autocannon, ${connections} connections, ${duration} s per run; clock pinned to ${values.now}`);
  log('');

  const config = { ...readConfig({}), dataDir: dir, databaseUrl };
  const services = await openServices({ config, clock: { now: () => new Date(values.now!) } });
  const t0 = performance.now();
  const ds = await generate(services, scale, (s) => console.log(`  ${s}`));
  const genS = (performance.now() - t0) / 1000;
  const dbBytes = databaseUrl
    ? Number((await sql<{ n: number }>`select pg_database_size(current_database()) as n`.execute(services.db.kysely)).rows[0]!.n)
    : fs.statSync(path.join(dir, 'luoshi.sqlite')).size;
  log(`## Data set`);
  log('');
  log(`| what | value |`);
  log(`| --- | --- |`);
  log(`| units / tasks / reports | ${ds.units} / ${ds.tasks} / ${ds.reports} |`);
  log(`| generation | ${genS.toFixed(1)} s (demo ${ds.seconds.seed.toFixed(1)} s, units ${ds.seconds.units.toFixed(1)} s, task import ${ds.seconds.tasks.toFixed(1)} s = ${Math.round(ds.tasks / ds.seconds.tasks)} rows/s, reports ${ds.seconds.reports.toFixed(1)} s) |`);
  log(`| database size | ${(dbBytes / 2 ** 20).toFixed(1)} MiB |`);
  log('');

  // the sweep against the plain scan of the same rows
  let t = performance.now();
  await sql`select * from tasks where campaign_id = ${ds.campaignId}`.execute(services.db.kysely);
  const scanMs = performance.now() - t;
  t = performance.now();
  const sweep = await runSweep(services);
  const sweepMs = performance.now() - t;
  t = performance.now();
  await runSweep(services);
  const sweep2Ms = performance.now() - t;
  log(`## The sweep`);
  log('');
  log(`| what | value |`);
  log(`| --- | --- |`);
  log(`| baseline: plain scan of the campaign's tasks | ${scanMs.toFixed(0)} ms |`);
  log(`| first sweep (records every light, proposes ${sweep.proposals}) | ${sweepMs.toFixed(0)} ms = ${Math.round(ds.tasks / (sweepMs / 1000))} tasks/s, ${(sweepMs / scanMs).toFixed(1)} × the scan |`);
  log(`| steady-state sweep (nothing new) | ${sweep2Ms.toFixed(0)} ms = ${Math.round(ds.tasks / (sweep2Ms / 1000))} tasks/s, ${(sweep2Ms / scanMs).toFixed(1)} × the scan (goal: within 3 ×) |`);
  log('');
  await services.db.close();

  // the real server, started on the data set
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = { ...process.env, LUOSHI_DATA_DIR: dir, LUOSHI_DEMO: 'false', LUOSHI_NOW: values.now!, LUOSHI_SWEEP_MINUTES: '0', LOG_LEVEL: 'error' } as NodeJS.ProcessEnv;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else delete env.DATABASE_URL;
  let server: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'bin/luoshi.mjs'), 'serve', '--port', String(port), '--no-demo'], { env, stdio: 'ignore' });
  const startMs = await waitReady(base);
  const office = await signIn(base, 'duchashi');
  const handler = await signIn(base, 'qianyou.cb');
  const some = (await (await fetch(`${base}/api/v1/campaigns/${ds.campaignId}/tasks?limit=25&includeAncestors=false&nodeType=task`, { headers: { cookie: office.cookie } })).json()) as { items: { id: string }[] };
  const taskId = some.items[0]!.id;
  const own = (await (await fetch(`${base}/api/v1/campaigns/${ds.campaignId}/tasks?scope=mine&limit=25&includeAncestors=false`, { headers: { cookie: handler.cookie } })).json()) as { items: { id: string }[] };
  const reportTask = own.items.find(Boolean)?.id ?? taskId;
  const endpoints: { name: string; url: string; cookie: string; method?: string; body?: string; csrf?: string }[] = [
    { name: "a unit's task list (page of 25)", url: `/api/v1/campaigns/${ds.campaignId}/tasks?scope=mine&limit=25`, cookie: handler.cookie },
    { name: 'the office dashboard', url: `/api/v1/campaigns/${ds.campaignId}/dashboard`, cookie: office.cookie },
    { name: "a task's detail", url: `/api/v1/tasks/${taskId}`, cookie: office.cookie },
    { name: "a task's report history", url: `/api/v1/tasks/${taskId}/reports`, cookie: office.cookie },
    { name: 'drafting a report (a write with its audit entry)', url: `/api/v1/tasks/${reportTask}/reports`, cookie: handler.cookie, method: 'POST', csrf: handler.csrf, body: JSON.stringify({ narrative: '本周完成阶段任务', percent: 50 }) },
  ];
  const portal = ['/api/v1/portal/home', '/api/v1/portal/summary'];
  for (const p of portal) {
    const r = await fetch(`${base}${p}`).catch(() => null);
    if (r?.ok) {
      endpoints.push({ name: 'the portal home', url: p, cookie: '' });
      break;
    }
  }
  log(`## HTTP (goal at county scale: ≥ 40 % of the baseline's requests per second, p99 < 50 ms)`);
  log('');
  log(`| endpoint | body | Luoshi req/s | baseline req/s | ratio | p99 ms | baseline p99 ms | non-2xx |`);
  log(`| --- | --- | --- | --- | --- | --- | --- | --- |`);
  for (const e of endpoints) {
    const headers: Record<string, string> = { cookie: e.cookie };
    if (e.body) headers['content-type'] = 'application/json';
    if (e.csrf) headers['x-csrf-token'] = e.csrf;
    const probe = await fetch(`${base}${e.url}`, { method: e.method ?? 'GET', headers, body: e.body });
    const size = (await probe.arrayBuffer()).byteLength;
    const b = await baseline(size);
    const l = await load(`${base}${e.url}`, { method: e.method, headers, body: e.body });
    log(`| ${e.name} | ${(size / 1024).toFixed(1)} KiB | ${l.rps.toFixed(0)} | ${b.rps.toFixed(0)} | ${((l.rps / b.rps) * 100).toFixed(0)} % | ${l.p99} | ${b.p99} | ${l.non2xx + l.errors} |`);
  }
  log('');
  const rss = rssMb(server.pid!);
  server.kill('SIGTERM');
  await new Promise((r) => server.on('exit', r));
  server = spawn(process.execPath, [path.join(ROOT, 'bin/luoshi.mjs'), 'serve', '--port', String(port), '--no-demo'], { env, stdio: 'ignore' });
  const restartMs = await waitReady(base);
  const idleRss = rssMb(server.pid!);
  server.kill('SIGTERM');
  await new Promise((r) => server.on('exit', r));
  const nodeT = performance.now();
  await new Promise((r) => spawn(process.execPath, ['-e', '0']).on('exit', r));
  const nodeMs = performance.now() - nodeT;
  log(`## Start-up and memory`);
  log('');
  log(`| what | value |`);
  log(`| --- | --- |`);
  log(`| \`luoshi serve\` to /readyz on the existing database | ${startMs.toFixed(0)} ms first, ${restartMs.toFixed(0)} ms again (goal < 1 s); baseline: an empty \`node\` process ${nodeMs.toFixed(0)} ms |`);
  log(`| server RSS after the HTTP runs | ${rss.toFixed(0)} MiB (goal < 200 MiB) |`);
  log(`| server RSS idle after start | ${idleRss.toFixed(0)} MiB |`);
  log('');
  if (fs.existsSync(path.join(ROOT, 'apps/web/dist/index.html'))) {
    log(`## Front end (gzip bytes of JavaScript before first paint)`);
    log('');
    log(`| page | JavaScript |`);
    log(`| --- | --- |`);
    log(`| staff app, first screen | ${(firstScreenJs('index.html') / 1024).toFixed(0)} KiB |`);
    if (fs.existsSync(path.join(ROOT, 'apps/web/dist/portal.html'))) log(`| public portal | ${(firstScreenJs('portal.html') / 1024).toFixed(0)} KiB |`);
    log('');
  }
  if (pgName) {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`drop database if exists ${pgName} with (force)`);
    await c.end();
  }
  fs.rmSync(dir, { recursive: true, force: true });
  const out = path.join(ROOT, 'bench/results', `${scale}-${values.db}.md`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${lines.join('\n')}\n`);
  console.log(`\nwritten ${path.relative(ROOT, out)}; BENCHMARKS.md collects the result files`);
}

await main();
