/**
 * `npm run bench -- --scale county|city [--db sqlite|postgres] [--fraction 0.1] [--duration 5] [--data DIR] [--only startup]`
 * Generates the data set, then measures — each headline figure a ratio against a baseline measured
 * in the same run, because the machine is shared and noisy — and writes bench/results/<scale>-<db>.md
 * (BENCHMARKS.md collects those files). `--data DIR` keeps the generated data set there (and its
 * PostgreSQL database) and reuses it on the next run (`--generate-only` stops after generating);
 * without it everything is removed at the end. `--only startup` measures only start-up and idle memory,
 * `--startups N` times (into bench/results/<scale>-<db>-startup.md).
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
import autocannon, { type Request as CannonRequest } from 'autocannon';
import pg from 'pg';
import type { Actor } from '@luoshi/domain';
import { readConfig } from '../apps/server/src/platform/config.ts';
import { openServices } from '../apps/server/src/services.ts';
import { runSweep } from '../apps/server/src/modules/sweep/sweep.ts';
import { assessmentOverview } from '../apps/server/src/modules/assessment/read-assessment.ts';
import { generate, specOf, SCALES, type Dataset, type Scale, type Spec } from './dataset.ts';
import { measureImport } from './import.ts';
import { freePort } from '../test/support/free-port.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: 'county' },
    db: { type: 'string', default: 'sqlite' },
    fraction: { type: 'string', default: '1' },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    now: { type: 'string', default: '2013-07-01T02:00:00.000Z' },
    data: { type: 'string' },
    'import-rows': { type: 'string', default: '10000' },
    /** with --data: generate the data set and stop (to measure it later, e.g. on a quieter machine) */
    'generate-only': { type: 'boolean', default: false },
    /** with --db postgres and a new --data DIR: the data set is a kept SQLite one (this folder) moved by `luoshi restore` */
    'from-sqlite': { type: 'string' },
    /** `startup`: measure only `luoshi serve` to /readyz and the idle memory, --startups times */
    only: { type: 'string' },
    startups: { type: 'string' },
  },
});
const scale = values.scale as Scale;
if (!(scale in SCALES)) throw new Error('--scale county|city');
if (values.db !== 'sqlite' && values.db !== 'postgres') throw new Error('--db sqlite|postgres');
const fraction = Number(values.fraction);
if (!(fraction > 0 && fraction <= 1)) throw new Error('--fraction is a number in (0, 1]');
if (values.only !== undefined && values.only !== 'startup') throw new Error('--only startup');
const startupOnly = values.only === 'startup';
const startups = Number(values.startups ?? (startupOnly ? 5 : 2));
if (!(Number.isInteger(startups) && startups >= 1)) throw new Error('--startups is a whole number ≥ 1');
const duration = Number(values.duration);
const connections = Number(values.connections);
const NOW = new Date(values.now!);
/** goals from the issue: read endpoints' share of the bare server and their p99, by scale */
const HTTP_GOAL = scale === 'county' ? { ratio: 0.4, p99: 50 } : { ratio: 0.2, p99: 200 };

const lines: string[] = [];
const log = (s: string) => {
  console.log(s);
  lines.push(s);
};
interface Figure {
  what: string;
  figure: string;
  baseline: string;
  ratio: string;
  goal: string;
  met: boolean | null;
}
const summary: Figure[] = [];
const verdict = (met: boolean | null) => (met === null ? '—' : met ? 'met' : '**missed**');


async function waitReady(url: string, timeoutMs = 120_000): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    try {
      const r = await fetch(`${url}/readyz`);
      if (r.ok) return performance.now() - t0;
    } catch {
      /* not up yet */
    }
    if (performance.now() - t0 > timeoutMs) throw new Error('server did not become ready');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Waits until the server has worked off what a load run left queued (requests keep running after
 * autocannon stops), so one slow endpoint does not starve the next one's figures.
 */
async function settle(url: string, timeoutMs = 120_000): Promise<number> {
  const t0 = performance.now();
  for (let quick = 0; quick < 3 && performance.now() - t0 < timeoutMs; ) {
    const t = performance.now();
    await fetch(`${url}/healthz`).catch(() => null);
    quick = performance.now() - t < 20 ? quick + 1 : 0;
    await new Promise((r) => setTimeout(r, 50));
  }
  return performance.now() - t0;
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

interface Load {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

interface Target {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** a sequence per connection instead of one request (e.g. draft, then submit) */
  requests?: CannonRequest[];
}

async function load(url: string, t: Target): Promise<Load> {
  const r = await autocannon({ url, connections, duration, method: t.method ?? 'GET', headers: t.headers, body: t.body, ...(t.requests ? { requests: t.requests } : {}) });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors + r.timeouts };
}

/** A bare node:http server answering a JSON body of the given size: the machine's ceiling. */
async function baseline(bytes: number, t: Target): Promise<Load> {
  const body = JSON.stringify({ data: 'x'.repeat(Math.max(0, bytes - 11)) });
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  try {
    return await load(`http://127.0.0.1:${port}/`, { method: t.method, headers: t.headers, body: t.body });
  } finally {
    server.closeAllConnections();
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
  const srcs = [...new Set([...page.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!))];
  return srcs.reduce((s, src) => s + gzipSize(path.join(dist, src)), 0);
}

async function adminQuery(admin: string, text: string): Promise<void> {
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

function urlOf(admin: string, name: string): string {
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return u.toString();
}

/** CPU time (user + system) a process has used so far, from /proc. */
function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks of 1/100 s
}

interface Startup {
  ms: number;
  cpuMs: number;
  rssMb: number;
}

/**
 * `luoshi serve` started `runs` times on the data set, each time to a 200 from /readyz: the wall
 * time, the CPU time the server used until then, and its RSS at that moment (idle after start).
 * The server is stopped after each run.
 */
async function measureStartups(runs: number, serve: () => ChildProcess, stop: (p: ChildProcess) => Promise<void>, url: string): Promise<Startup[]> {
  const out: Startup[] = [];
  for (let i = 0; i < runs; i++) {
    const server = serve();
    const ms = await waitReady(url);
    out.push({ ms, cpuMs: cpuMs(server.pid!), rssMb: rssMb(server.pid!) });
    await stop(server);
  }
  return out;
}

/** The baseline: an empty `node -e 0`, `runs` times (wall time), and the CPU time such a process uses. */
async function measureEmptyNode(runs: number): Promise<{ ms: number[]; cpuMs: number }> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await new Promise((r) => spawn(process.execPath, ['-e', '0']).on('exit', r));
    ms.push(performance.now() - t);
  }
  const cpu = await new Promise<number>((resolve) => {
    const p = spawn(process.execPath, ['-e', 'const r = process.resourceUsage(); process.stdout.write(String((r.userCPUTime + r.systemCPUTime) / 1000))']);
    let text = '';
    p.stdout.on('data', (d: Buffer) => (text += d.toString()));
    p.on('exit', () => resolve(Number(text)));
  });
  return { ms, cpuMs: cpu };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/**
 * `luoshi sweep --now ISO` on the data set, as an office runs it from cron: a fresh process that
 * reads the tree from the database. The wall time of the whole command and the sweep's own report.
 */
async function cliSweep(dir: string, databaseUrl: string | null, nowIso: string): Promise<{ wallMs: number; report: Record<string, number | boolean> }> {
  const env = { ...process.env, LUOSHI_DATA_DIR: dir, LOG_LEVEL: 'error' } as NodeJS.ProcessEnv;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else delete env.DATABASE_URL;
  const t = performance.now();
  const p = spawn(process.execPath, [path.join(ROOT, 'bin/luoshi.mjs'), 'sweep', '--now', nowIso], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
  let text = '';
  p.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  const code = await new Promise<number | null>((r) => p.on('exit', r));
  const wallMs = performance.now() - t;
  const json = /\{.*\}/.exec(text)?.[0];
  if (code !== 0 || !json) throw new Error(`luoshi sweep failed (${code}): ${text}`);
  return { wallMs, report: JSON.parse(json) as Record<string, number | boolean> };
}

/** `luoshi serve` on the data set as the measurements start it, and how it is stopped. */
function serverCommand(dir: string, databaseUrl: string | null, port: number) {
  const env = { ...process.env, LUOSHI_DATA_DIR: dir, LUOSHI_DEMO: 'false', LUOSHI_NOW: values.now!, LUOSHI_SWEEP_MINUTES: '0', LUOSHI_TRUST_PROXY: 'true', LOG_LEVEL: 'error' } as NodeJS.ProcessEnv;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else delete env.DATABASE_URL;
  // started as README deploys it and `npm start` runs it (a 16 MB young generation)
  const serve = () => spawn(process.execPath, ['--max-semi-space-size=8', path.join(ROOT, 'bin/luoshi.mjs'), 'serve', '--port', String(port), '--no-demo'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
  const stop = async (p: ChildProcess) => {
    p.kill('SIGTERM');
    await new Promise((r) => p.on('exit', r));
  };
  return { serve, stop };
}

/** What a kept data set remembers, so the next run can measure it again without generating. */
interface Kept {
  spec: Spec;
  databaseUrl: string | null;
  generationS: number;
  ds: Dataset;
  /** set once a run has swept the benchmark day: later runs meet a day already swept */
  swept?: boolean;
  /** a PostgreSQL data set moved from a kept SQLite one by `luoshi restore`, and how long that took */
  movedS?: number;
}

/**
 * A PostgreSQL data set made from a kept SQLite one the way a county moves: `luoshi restore` of its
 * database file with DATABASE_URL set (one transaction). The key that seals the cases' personal
 * data comes along, as an operator carries LUOSHI_SECRET_KEY over.
 */
async function moveFromSqlite(from: string, dir: string, databaseUrl: string): Promise<{ kept: Kept; seconds: number }> {
  const source = JSON.parse(fs.readFileSync(path.join(from, 'dataset.json'), 'utf8')) as Kept;
  if (source.databaseUrl) throw new Error(`--from-sqlite: ${from} holds a PostgreSQL data set`);
  if (source.swept) throw new Error(`--from-sqlite: ${from} was measured before (its benchmark day is swept); move a copy made before its first run`);
  // the database file alone must hold everything: the write-ahead log folded in first
  const { default: Database } = await import('better-sqlite3');
  const file = path.join(from, 'luoshi.sqlite');
  const raw = new Database(file);
  raw.pragma('wal_checkpoint(TRUNCATE)');
  raw.close();
  fs.copyFileSync(path.join(from, 'secret.key'), path.join(dir, 'secret.key'));
  const env = { ...process.env, LUOSHI_DATA_DIR: dir, DATABASE_URL: databaseUrl, LOG_LEVEL: 'error' } as NodeJS.ProcessEnv;
  const t0 = performance.now();
  const code = await new Promise<number | null>((resolve) => spawn(process.execPath, [path.join(ROOT, 'bin/luoshi.mjs'), 'restore', file], { cwd: ROOT, env, stdio: 'inherit' }).on('exit', resolve));
  if (code !== 0) throw new Error(`luoshi restore exited with ${code}`);
  const seconds = (performance.now() - t0) / 1000;
  return { kept: { ...source, databaseUrl, movedS: seconds }, seconds };
}

async function main() {
  // the server is measured as `luoshi serve` runs in production: from its bundle, rebuilt here if the sources are newer
  const lib = (await import(path.join(ROOT, 'scripts/lib.mjs') as string)) as { ensureServerBuilt(): Promise<void> };
  await lib.ensureServerBuilt();
  const admin = process.env.LUOSHI_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const keep = values.data ? path.resolve(values.data) : null;
  const dir = keep ?? fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-bench-'));
  fs.mkdirSync(dir, { recursive: true });
  const keptFile = path.join(dir, 'dataset.json');
  const kept: Kept | null = keep && fs.existsSync(keptFile) ? (JSON.parse(fs.readFileSync(keptFile, 'utf8')) as Kept) : null;
  const spec = kept?.spec ?? specOf(scale, fraction);
  const made: string[] = [];
  let databaseUrl: string | null = kept?.databaseUrl ?? null;
  if (values.db === 'postgres' && !kept) {
    const name = `luoshi_bench_${randomBytes(4).toString('hex')}`;
    await adminQuery(admin, `create database ${name}`);
    if (!keep) made.push(name);
    databaseUrl = urlOf(admin, name);
  }
  const started = new Date();
  const scaleName = fraction < 1 ? `${fraction} of the ${scale} scale` : `${scale} scale`;
  log(`# Luoshi benchmarks: ${scaleName} on ${values.db === 'postgres' ? 'PostgreSQL' : 'SQLite'}`);
  log('');
  log(`- date: ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC; machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; load average at start ${os.loadavg()[0]!.toFixed(1)}`);
  if (databaseUrl) {
    const c = new pg.Client({ connectionString: databaseUrl });
    await c.connect();
    const v = (await c.query<{ server_version: string }>('show server_version')).rows[0]!.server_version;
    await c.end();
    log(`- database: PostgreSQL ${v} on the same machine`);
  } else log(`- database: SQLite (one file, WAL)`);
  log(`- load: autocannon, ${connections} connections, ${duration} s per run; clock pinned to ${values.now}`);
  log('');

  let moved: Kept | null = null;
  if (values['from-sqlite'] && !kept) {
    if (values.db !== 'postgres' || !keep || !databaseUrl) throw new Error('--from-sqlite needs --db postgres and a new --data DIR');
    const m = await moveFromSqlite(path.resolve(values['from-sqlite']), dir, databaseUrl);
    moved = m.kept;
    console.log(`  moved from ${values['from-sqlite']} by luoshi restore in ${m.seconds.toFixed(0)} s`);
  }
  const config = { ...readConfig({}), dataDir: dir, databaseUrl };
  const services = await openServices({ config, clock: { now: () => NOW } });
  let ds: Dataset;
  let genS: number;
  if (kept) {
    ds = kept.ds;
    genS = kept.generationS;
    log(
      kept.swept
        ? `(a kept data set, generated earlier in ${genS.toFixed(0)} s and measured before: the sweep figures below are those of a day already swept)`
        : `(a kept data set, generated earlier in ${genS.toFixed(0)} s and not measured before: the sweep figures are those of a fresh data set)`,
    );
    log('');
  } else if (moved) {
    ds = moved.ds;
    genS = moved.generationS;
    fs.writeFileSync(keptFile, JSON.stringify(moved, null, 2));
  } else {
    const t0 = performance.now();
    ds = await generate(services, spec, (s) => console.log(`  ${s}`));
    genS = (performance.now() - t0) / 1000;
    if (keep) fs.writeFileSync(keptFile, JSON.stringify({ spec, databaseUrl, generationS: genS, ds } satisfies Kept, null, 2));
  }
  if (values['generate-only']) {
    if (!keep) throw new Error('--generate-only needs --data DIR');
    await services.db.close();
    console.log(`generated in ${genS.toFixed(0)} s and kept in ${dir}`);
    return;
  }
  const db = services.db.kysely;
  const dbBytes = databaseUrl
    ? Number((await sql<{ n: number }>`select pg_database_size(current_database()) as n`.execute(db)).rows[0]!.n)
    : ['luoshi.sqlite', 'luoshi.sqlite-wal'].reduce((s, f) => s + (fs.existsSync(path.join(dir, f)) ? fs.statSync(path.join(dir, f)).size : 0), 0);
  const count = async (table: 'tasks' | 'progress_reports' | 'cases' | 'notices' | 'proposals' | 'units' | 'audit_log') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const n = { units: await count('units'), tasks: await count('tasks'), reports: await count('progress_reports'), cases: await count('cases'), notices: await count('notices'), proposals: await count('proposals'), audit: await count('audit_log') };
  log(`## Data set`);
  log('');
  log(`| what | value |`);
  log(`| --- | --- |`);
  log(`| units (incl. the demo county's) | ${n.units} |`);
  log(`| tasks (goals, projects, tasks, milestones, obstacles) | ${n.tasks} (${ds.tasks} in the benchmark campaign, ${ds.published} published on the portal) |`);
  log(`| progress reports | ${n.reports} |`);
  log(`| cases (诉求) | ${n.cases} |`);
  log(`| escalations | ${n.proposals} sweep proposals, ${n.notices} notices (督办 issued by the office from monthly sweeps) |`);
  log(`| audit entries | ${n.audit} |`);
  log(
    `| generation | ${genS.toFixed(0)} s: demo ${ds.seconds.seed.toFixed(1)} s, units ${ds.seconds.units.toFixed(1)} s, task import ${ds.seconds.tasks.toFixed(1)} s (${Math.round(ds.tasks / ds.seconds.tasks)} rows/s), reports ${ds.seconds.reports.toFixed(1)} s, escalations ${ds.seconds.escalations.toFixed(1)} s, cases ${ds.seconds.cases.toFixed(1)} s (${Math.round(ds.cases / ds.seconds.cases)}/s) |`,
  );
  const movedS = moved?.movedS ?? kept?.movedS;
  if (movedS !== undefined) log(`| moved to PostgreSQL | the SQLite data set above copied by \`luoshi restore\` (DATABASE_URL set) in ${movedS.toFixed(0)} s, as a county moves |`);
  log(`| database size | ${(dbBytes / 2 ** 20).toFixed(0)} MiB |`);
  log('');

  if (startupOnly) {
    await services.db.close();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const { serve, stop } = serverCommand(dir, databaseUrl, port);
    const runs = await measureStartups(startups, serve, stop, base);
    const node = await measureEmptyNode(startups);
    const nodeMs = median(node.ms);
    const walls = runs.map((r) => r.ms);
    log(`## Start-up and idle memory (${startups} starts, one after another)`);
    log('');
    log(`| what | value |`);
    log(`| --- | --- |`);
    log(`| \`luoshi serve\` to a 200 from /readyz${fs.existsSync(path.join(ROOT, 'dist/server/main.mjs')) ? '' : ' (no built bundle: from the sources through tsx)'} | ${walls.map((m) => m.toFixed(0)).join(', ')} ms; median ${median(walls).toFixed(0)} ms, slowest ${Math.max(...walls).toFixed(0)} ms |`);
    log(`| baseline: an empty \`node -e 0\` | ${node.ms.map((m) => m.toFixed(0)).join(', ')} ms; median ${nodeMs.toFixed(0)} ms |`);
    log(`| ratio to the baseline (medians; slowest start to median node) | ${(median(walls) / nodeMs).toFixed(1)} ×; ${(Math.max(...walls) / nodeMs).toFixed(1)} × |`);
    log(`| CPU time the server used until ready (user + system) | ${runs.map((r) => r.cpuMs.toFixed(0)).join(', ')} ms; median ${median(runs.map((r) => r.cpuMs)).toFixed(0)} ms (an empty node process: ${node.cpuMs.toFixed(0)} ms) |`);
    log(`| server RSS when ready (idle after start) | ${runs.map((r) => r.rssMb.toFixed(0)).join(', ')} MiB; median ${median(runs.map((r) => r.rssMb)).toFixed(0)} MiB |`);
    log('');
    if (!keep) fs.rmSync(dir, { recursive: true, force: true });
    for (const name of made) await adminQuery(admin, `drop database if exists ${name} with (force)`);
    const out = path.join(ROOT, 'bench/results', `${scale}${fraction < 1 ? `-${fraction}` : ''}-${values.db}-startup.md`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, `${lines.join('\n')}\n`);
    console.log(`\nwritten ${path.relative(ROOT, out)}`);
    return;
  }

  // the sweep against the plain scan of the same rows
  let t = performance.now();
  await sql`select * from tasks where campaign_id = ${ds.campaignId}`.execute(db);
  const scanMs = performance.now() - t;
  t = performance.now();
  const sweep = await runSweep(services);
  const sweepMs = performance.now() - t;
  t = performance.now();
  await runSweep(services);
  const sweep2Ms = performance.now() - t;
  t = performance.now();
  await sql`select * from tasks where campaign_id = ${ds.campaignId}`.execute(db);
  const scan2Ms = performance.now() - t;
  const scan = Math.min(scanMs, scan2Ms);
  const evaluated = sweep.tasksEvaluated;
  if (keep) fs.writeFileSync(keptFile, JSON.stringify({ spec, databaseUrl, generationS: genS, ds, swept: true } satisfies Kept, null, 2));
  // the next day, as cron runs it: `luoshi sweep` in a fresh process, against an empty node process
  const nextDay = new Date(NOW.getTime() + 86_400_000).toISOString();
  const daily = await cliSweep(dir, databaseUrl, nextDay);
  const emptyNode = median((await measureEmptyNode(3)).ms);
  const dailyFound = ['lightChanges', 'proposals', 'caseProposals', 'reminders', 'lapsed', 'fulfilled', 'casesClosed'].map((k) => `${Number(daily.report[k] ?? 0)} ${k}`).join(', ');
  const findings = (r: Record<string, unknown>) => ['lightChanges', 'proposals', 'caseProposals', 'reminders', 'lapsed', 'fulfilled', 'caseNoticesFulfilled', 'casesClosed'].reduce((n, k) => n + Number(r[k] ?? 0), 0);
  log(`## The sweep`);
  log('');
  log(`| what | value |`);
  log(`| --- | --- |`);
  log(`| baseline: plain scan of all the campaigns' tasks | ${scanMs.toFixed(0)} ms, ${scan2Ms.toFixed(0)} ms again |`);
  log(`| the day's sweep (${evaluated} tasks; ${sweep.lightChanges} lights changed, ${sweep.proposals} proposals, ${sweep.reminders} reminders) | ${sweepMs.toFixed(0)} ms = ${Math.round(evaluated / (sweepMs / 1000))} tasks/s, ${(sweepMs / scan).toFixed(1)} × the scan |`);
  log(`| the same sweep again (nothing new) | ${sweep2Ms.toFixed(0)} ms = ${Math.round(evaluated / (sweep2Ms / 1000))} tasks/s, ${(sweep2Ms / scan).toFixed(1)} × the scan |`);
  log(`| findings of the day's sweep, per second | ${findings(sweep)} findings in ${sweepMs.toFixed(0)} ms = ${Math.round(findings(sweep) / (sweepMs / 1000))}/s |`);
  log(`| the next day: \`luoshi sweep --now ${nextDay}\` in a fresh process (${dailyFound}) | the sweep ${Number(daily.report.ms)} ms (${(Number(daily.report.ms) / scan).toFixed(1)} × the scan); the whole command ${daily.wallMs.toFixed(0)} ms (an empty node process: ${emptyNode.toFixed(0)} ms) |`);
  log('');
  summary.push({ what: 'the sweep (the day’s, with its writes)', figure: `${Math.round(evaluated / (sweepMs / 1000))} tasks/s`, baseline: `plain scan ${scan.toFixed(0)} ms`, ratio: `${(sweepMs / scan).toFixed(1)} ×`, goal: '≤ 3 × the scan', met: sweepMs / scan <= 3 });
  summary.push({ what: 'the next day’s sweep, `luoshi sweep` in a fresh process', figure: `${Number(daily.report.ms)} ms (command ${daily.wallMs.toFixed(0)} ms)`, baseline: `plain scan ${scan.toFixed(0)} ms`, ratio: `${(Number(daily.report.ms) / scan).toFixed(1)} ×`, goal: 'well under 1 s', met: Number(daily.report.ms) < 500 });
  summary.push({ what: 'the sweep again (nothing new)', figure: `${Math.round(evaluated / (sweep2Ms / 1000))} tasks/s`, baseline: `plain scan ${scan.toFixed(0)} ms`, ratio: `${(sweep2Ms / scan).toFixed(1)} ×`, goal: '≤ 3 × the scan', met: sweep2Ms / scan <= 3 });

  // assessment of all units for the year, as the office reads it
  const office = await db.selectFrom('units').select('id').where('short_name', '=', '县政府督查室').executeTakeFirstOrThrow();
  const officeActor: Actor = { userId: 'bench', username: 'bench', personId: null, displayName: '基准测试', systemRoles: [], memberships: [{ unitId: office.id, role: 'principal', unitFunctions: ['office'] }], chargedUnitIds: [] };
  t = performance.now();
  const overview = await assessmentOverview(db, officeActor, ds.campaignId, NOW);
  const assessMs = performance.now() - t;
  t = performance.now();
  await assessmentOverview(db, officeActor, ds.campaignId, NOW);
  const assess2Ms = performance.now() - t;
  const assessed = (overview as { items?: unknown[] }).items?.length ?? 0;
  log(`## Assessment`);
  log('');
  log(`| what | value |`);
  log(`| --- | --- |`);
  log(`| the year's assessment of all ${assessed} assessed units (office overview) | ${assessMs.toFixed(0)} ms, ${assess2Ms.toFixed(0)} ms again; the plain scan above: ${scan.toFixed(0)} ms |`);
  log('');
  summary.push({ what: `assessment of all ${assessed} units for the year`, figure: `${(assessMs / 1000).toFixed(2)} s`, baseline: `plain scan ${scan.toFixed(0)} ms`, ratio: `${(assessMs / scan).toFixed(1)} ×`, goal: '< 5 s (city)', met: assessMs < 5000 });
  await services.db.close();

  // the real server, started on the data set
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const bundle = path.join(ROOT, 'dist/server/main.mjs');
  const { serve, stop } = serverCommand(dir, databaseUrl, port);
  const starts = await measureStartups(startups - 1, serve, stop, base);
  const server = serve();
  starts.push({ ms: await waitReady(base), cpuMs: cpuMs(server.pid!), rssMb: rssMb(server.pid!) });
  const [startMs, restartMs] = [starts[0]!.ms, Math.max(...starts.slice(1).map((s) => s.ms), 0)];
  const idleRss = starts[starts.length - 1]!.rssMb;

  const office1 = await signIn(base, 'duchashi');
  const handler = await signIn(base, 'qianyou.cb');
  const get = async (url: string, cookie: string) => {
    const r = await fetch(`${base}${url}`, { headers: { cookie } });
    if (!r.ok) throw new Error(`${url}: ${r.status} ${await r.text()}`);
    return r.json() as Promise<{ items: { id: string; nodeType?: string }[] }>;
  };
  const own = await get(`/api/v1/campaigns/${ds.campaignId}/tasks?scope=mine&limit=200&includeAncestors=false&nodeType=task`, handler.cookie);
  if (!own.items.length) throw new Error('the handler leads no task in the benchmark campaign');
  const taskId = own.items[0]!.id;
  const writeTask = own.items[own.items.length - 1]!.id;
  const json = { 'content-type': 'application/json' };
  const endpoints: ({ name: string; url: string; read: boolean; cookie?: string; csrf?: string; probe?: Target } & Target)[] = [
    { name: "a unit's task list, filtered (in progress, page of 25)", url: `/api/v1/campaigns/${ds.campaignId}/tasks?scope=mine&status=in_progress&limit=25`, cookie: handler.cookie, read: true },
    { name: 'the office dashboard', url: `/api/v1/campaigns/${ds.campaignId}/dashboard`, cookie: office1.cookie, read: true },
    { name: "a task's detail", url: `/api/v1/tasks/${taskId}`, cookie: handler.cookie, read: true },
    { name: "the task's report history", url: `/api/v1/tasks/${taskId}/reports`, cookie: handler.cookie, read: true },
    { name: 'the portal home (first page of published tasks)', url: '/api/v1/portal/tasks', read: true },
  ];
  if (ds.sampleCase) {
    let ip = 0;
    const body = JSON.stringify({ number: ds.sampleCase.number, code: ds.sampleCase.code });
    // the look-up is limited per network address; each request comes from its own address, as the public's do
    const nextIp = () => {
      ip++;
      return `198.18.${(ip >> 8) & 255}.${ip & 255}`;
    };
    endpoints.push({
      name: 'a case look-up on the portal (number + check code)',
      url: '/api/v1/portal/cases/lookup',
      method: 'POST',
      headers: json,
      body,
      read: true,
      requests: [{ method: 'POST', path: '/api/v1/portal/cases/lookup', headers: json, body, setupRequest: (req) => ({ ...req, headers: { ...req.headers, 'x-forwarded-for': nextIp() } }) }],
      probe: { method: 'POST', headers: { ...json, 'x-forwarded-for': '198.19.0.1' }, body },
    });
    endpoints.push({ name: "a case's detail for the office", url: `/api/v1/cases/${ds.sampleCase.id}`, cookie: office1.cookie, read: true });
  }
  {
    const body = JSON.stringify({ narrative: '本周完成阶段任务,进展顺利。', percent: 50 });
    const headers = { ...json, cookie: handler.cookie, 'x-csrf-token': handler.csrf };
    endpoints.push({
      name: 'submitting a report (draft, then submit: 2 requests, each a transaction with its audit entry)',
      url: `/api/v1/tasks/${writeTask}/reports`,
      method: 'POST',
      headers,
      body,
      read: false,
      requests: [
        {
          method: 'POST',
          path: `/api/v1/tasks/${writeTask}/reports`,
          headers,
          body,
          onResponse: (status, text, context) => {
            context.id = status === 200 ? (JSON.parse(text) as { id: string }).id : 'none';
          },
        },
        { method: 'POST', headers, body: '{}', setupRequest: (req, context) => ({ ...req, path: `/api/v1/reports/${String(context.id)}/submit` }) },
      ],
    });
  }
  log(`## HTTP (goal at ${scale} scale: each read ≥ ${HTTP_GOAL.ratio * 100} % of the bare server's requests per second, p99 < ${HTTP_GOAL.p99} ms)`);
  log('');
  log(`| endpoint | body | Luoshi req/s | bare server req/s | ratio | Luoshi p50 / p99 ms | bare p99 ms | non-2xx | backlog after the run | verdict |`);
  log(`| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |`);
  for (const e of endpoints) {
    const headers: Record<string, string> = { ...(e.headers ?? {}), ...(e.cookie ? { cookie: e.cookie } : {}) };
    const probeT = e.probe ?? { method: e.method, headers, body: e.body };
    const probe = await fetch(`${base}${e.url}`, { method: probeT.method ?? 'GET', headers: probeT.headers, body: probeT.body });
    if (!probe.ok) throw new Error(`${e.name}: ${probe.status} ${await probe.text()}`);
    const size = (await probe.arrayBuffer()).byteLength;
    const b = await baseline(size, { method: e.method, headers, body: e.body });
    await settle(base);
    const l = await load(`${base}${e.requests ? '' : e.url}`, { method: e.method, headers, body: e.body, requests: e.requests });
    const backlogMs = await settle(base);
    const ratio = l.rps / b.rps;
    const met = e.read ? ratio >= HTTP_GOAL.ratio && l.p99 < HTTP_GOAL.p99 && l.non2xx + l.errors === 0 : null;
    log(`| ${e.name} | ${(size / 1024).toFixed(1)} KiB | ${l.rps.toFixed(0)} | ${b.rps.toFixed(0)} | ${(ratio * 100).toFixed(0)} % | ${l.p50} / ${l.p99} | ${b.p99} | ${l.non2xx + l.errors} | ${(backlogMs / 1000).toFixed(1)} s | ${e.read ? verdict(met) : 'no goal (a write)'} |`);
    summary.push({
      what: `HTTP: ${e.name}`,
      figure: `${l.rps.toFixed(0)} req/s, p99 ${l.p99} ms`,
      baseline: `${b.rps.toFixed(0)} req/s, p99 ${b.p99} ms`,
      ratio: `${(ratio * 100).toFixed(0)} %`,
      goal: e.read ? `≥ ${HTTP_GOAL.ratio * 100} %, p99 < ${HTTP_GOAL.p99} ms` : '—',
      met,
    });
  }
  log('');
  const rssEnd = rssMb(server.pid!);
  // what a server that has gone quiet holds (it hands memory back once requests stop: platform/idle-gc.ts)
  await new Promise((r) => setTimeout(r, 3_000));
  const rss = rssMb(server.pid!);
  await stop(server);
  const nodeT = performance.now();
  await new Promise((r) => spawn(process.execPath, ['-e', '0']).on('exit', r));
  const nodeMs = performance.now() - nodeT;
  const bundled = fs.existsSync(bundle);
  log(`## Start-up and memory`);
  log('');
  log(`| what | value |`);
  log(`| --- | --- |`);
  log(`| \`luoshi serve\` to /readyz on the existing database${bundled ? '' : ' (no built bundle: from the sources through tsx)'} | ${startMs.toFixed(0)} ms first, ${restartMs.toFixed(0)} ms again; baseline: an empty \`node\` process ${nodeMs.toFixed(0)} ms |`);
  log(`| server RSS idle after start | ${idleRss.toFixed(0)} MiB |`);
  log(`| server RSS at the end of the HTTP runs | ${rssEnd.toFixed(0)} MiB |`);
  log(`| server RSS after the HTTP runs, quiet for 3 s | ${rss.toFixed(0)} MiB |`);
  log('');
  const start = Math.max(startMs, restartMs);
  summary.push({ what: 'start-up: `luoshi serve` to /readyz', figure: `${start.toFixed(0)} ms (slower of two)`, baseline: `empty node ${nodeMs.toFixed(0)} ms`, ratio: `${(start / nodeMs).toFixed(1)} ×`, goal: '< 1 s', met: start < 1000 });
  summary.push({ what: 'memory: server RSS after the HTTP runs (quiet for 3 s)', figure: `${rss.toFixed(0)} MiB (${rssEnd.toFixed(0)} MiB at the end of the load)`, baseline: `idle ${idleRss.toFixed(0)} MiB`, ratio: '—', goal: '< 200 MB', met: rss * 2 ** 20 < 200e6 });

  // the 任务分解表 import into a fresh database of the same kind
  let importDb: string | null = null;
  if (values.db === 'postgres') {
    const name = `luoshi_bench_${randomBytes(4).toString('hex')}_import`;
    await adminQuery(admin, `create database ${name}`);
    made.push(name);
    importDb = urlOf(admin, name);
  }
  const imp = await measureImport(Number(values['import-rows']), importDb, (s) => console.log(`  ${s}`));
  log(`## Import of a 任务分解表`);
  log('');
  log(`| what | value |`);
  log(`| --- | --- |`);
  log(`| ${imp.rows} rows into a fresh database | ${(imp.total / 1000).toFixed(2)} s = ${Math.round(imp.created / (imp.total / 1000))} rows/s (${imp.phases.map(([p, ms]) => `${p} ${(ms / 1000).toFixed(2)} s`).join(', ')}) |`);
  log(`| baseline: exceljs only loading the same file | ${(imp.baseline / 1000).toFixed(2)} s; Luoshi's reader alone ${(imp.reader / 1000).toFixed(2)} s |`);
  log(`| re-import of the same file (nothing changes) | ${(imp.reimport / 1000).toFixed(2)} s |`);
  log(`| export of the ${imp.exportRows} rows | ${(imp.exportMs / 1000).toFixed(2)} s |`);
  log('');
  summary.push({ what: `import of a ${imp.rows}-row 任务分解表`, figure: `${(imp.total / 1000).toFixed(2)} s, ${Math.round(imp.created / (imp.total / 1000))} rows/s`, baseline: `exceljs load ${(imp.baseline / 1000).toFixed(2)} s`, ratio: `${(imp.total / imp.baseline).toFixed(1)} ×`, goal: '10,000 rows < 5 s', met: imp.total < 5000 });

  if (fs.existsSync(path.join(ROOT, 'apps/web/dist/index.html'))) {
    const staff = firstScreenJs('index.html');
    const portalJs = fs.existsSync(path.join(ROOT, 'apps/web/dist/portal.html')) ? firstScreenJs('portal.html') : null;
    log(`## Front end (gzip bytes of the JavaScript a page loads before its first paint, from apps/web/dist)`);
    log('');
    log(`| page | JavaScript |`);
    log(`| --- | --- |`);
    log(`| staff app, first screen | ${(staff / 1024).toFixed(1)} KiB |`);
    if (portalJs !== null) log(`| public portal home | ${(portalJs / 1024).toFixed(1)} KiB |`);
    log('');
    summary.push({ what: 'front end: staff app first screen, JS gzip', figure: `${(staff / 1024).toFixed(1)} KiB`, baseline: '—', ratio: '—', goal: '—', met: null });
    if (portalJs !== null) summary.push({ what: 'front end: portal home, JS gzip', figure: `${(portalJs / 1024).toFixed(1)} KiB`, baseline: '—', ratio: '—', goal: '—', met: null });
  } else log('(apps/web/dist is not built: run `npm run build` for the front-end figures)\n');

  log(`## All figures`);
  log('');
  log(`| measurement | figure | baseline, same run | ratio | goal | verdict |`);
  log(`| --- | --- | --- | --- | --- | --- |`);
  for (const f of summary) log(`| ${f.what} | ${f.figure} | ${f.baseline} | ${f.ratio} | ${f.goal} | ${verdict(f.met)} |`);
  log('');

  for (const name of made) await adminQuery(admin, `drop database if exists ${name} with (force)`);
  if (!keep) fs.rmSync(dir, { recursive: true, force: true });
  else console.log(`\nthe data set is kept in ${dir}${databaseUrl ? ` and ${databaseUrl}` : ''}; remove them when done`);
  const out = path.join(ROOT, 'bench/results', `${scale}${fraction < 1 ? `-${fraction}` : ''}-${values.db}.md`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${lines.join('\n')}\n`);
  console.log(`\nwritten ${path.relative(ROOT, out)}; BENCHMARKS.md collects the result files`);
}

await main();
