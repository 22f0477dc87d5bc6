/**
 * `npx tsx bench/load.ts [--db sqlite|postgres] [--clients 200] [--seconds 15] [--flood 100]`
 *
 * Load without errors, on loopback against a real `luoshi serve` on the demo county:
 * 1. quiet: CLIENTS concurrent staff clients for SECONDS, mixed reads (task tree, task, its
 *    reports, the dashboard) and audited writes (progress reports), 1 write in 4;
 * 2. flood: the same staff load while FLOOD more clients hammer the public complaint form, which is
 *    rate-limited per address;
 * 3. quiet again, so that a first phase slowed by warm-up (or a machine busier at one moment) does
 *    not flatter the comparison: the flood is measured against the lower of the two quiet p99s.
 * Then, with the server stopped, every acknowledged write is looked up in the database with its
 * audit entry. Fails (exit 1) on any 5xx, any lost write, or when the staff p99 under the flood is
 * more than twice the quiet p99. Prints a Markdown table for SECURITY.md / BENCHMARKS.md.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { ManualClock } from '@luoshi/domain';
import { campaigns, fillPath, portal, progress, tasks } from '@luoshi/contracts';
import { readConfig } from '../apps/server/src/platform/config.ts';
import { openServices } from '../apps/server/src/services.ts';
import { seedDemo } from '../apps/server/src/demo/zhashui.ts';
import { openDb } from '../apps/server/src/platform/db/connect.ts';
import { HttpClient, startLive } from '../test/support/live.ts';
import { checkReports, type Ack } from '../test/support/report-load.ts';
import { pgAdmin, pgUrlFor } from '../test/support/db.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite' },
    clients: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '15' },
    flood: { type: 'string', default: '100' },
  },
});
const CLIENTS = Number(values.clients);
const SECONDS = Number(values.seconds);
const FLOOD = Number(values.flood);
const NOW = '2013-05-10T02:00:00.000Z';
const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS + FLOOD + 10 });

interface Sample {
  ms: number;
  status: number;
}

function call(base: string, method: string, url: string, headers: Record<string, string>, body?: unknown): Promise<{ status: number; body: any; ms: number }> {
  const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const u = new URL(base + url);
  const t0 = performance.now();
  return new Promise((resolve) => {
    const req = http.request(
      { host: u.hostname, port: u.port, path: u.pathname + u.search, method, agent, headers: { ...headers, ...(data ? { 'content-type': 'application/json', 'content-length': String(data.length) } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // not JSON
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, ms: performance.now() - t0 });
        });
      },
    );
    req.on('error', () => resolve({ status: 0, body: null, ms: performance.now() - t0 }));
    if (data) req.write(data);
    req.end();
  });
}

function pct(samples: number[], p: number): number {
  if (!samples.length) return NaN;
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

function headersOf(c: HttpClient): Record<string, string> {
  return { cookie: c.cookie!, 'x-csrf-token': c.csrf! };
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-load-'));
  let databaseUrl: string | null = null;
  let pgName = '';
  if (values.db === 'postgres') {
    pgName = `luoshi_load_${randomBytes(4).toString('hex')}`;
    await pgAdmin((c) => c.query(`create database ${pgName}`));
    databaseUrl = pgUrlFor(pgName);
  }
  const services = await openServices({ config: { ...readConfig({}), dataDir, databaseUrl }, clock: new ManualClock('2013-04-01T00:00:00.000Z') });
  await seedDemo(services);
  await services.db.close();
  const server = await startLive({ dataDir, databaseUrl, now: NOW });
  try {
    const handler = new HttpClient(server.url);
    await handler.login('qianyou.cb');
    const office = new HttpClient(server.url);
    await office.login('duchashi');
    const campaignId = (await office.request('GET', campaigns.listCampaigns.path)).body.items[0].id as string;
    const tree = (await office.request('GET', fillPath(tasks.listTasks.path, { id: campaignId }))).body.items as { id: string; title: string }[];
    const task = tree.find((t) => t.title === '完成征地拆迁')!.id;
    const someTasks = tree.slice(0, 30).map((t) => t.id);
    const reads = [
      () => fillPath(tasks.listTasks.path, { id: campaignId }),
      () => fillPath(tasks.getTask.path, { id: someTasks[Math.floor(Math.random() * someTasks.length)]! }),
      () => fillPath(progress.listReports.path, { id: task }),
      () => fillPath(progress.dashboard.path, { id: campaignId }),
    ];
    const acks: Ack[] = [];
    let n = 0;

    async function staff(until: number, samples: Sample[]) {
      while (Date.now() < until) {
        if (Math.random() < 0.25) {
          const k = ++n;
          const narrative = `load #${k} 已完成 ${k} 户`;
          const r = await call(server.url, 'POST', fillPath(progress.createReport.path, { id: task }), headersOf(handler), { narrative, percent: k % 101 });
          samples.push({ ms: r.ms, status: r.status });
          if (r.status === 200) acks.push({ id: r.body.id, narrative, percent: k % 101, status: 'draft' });
        } else {
          const r = await call(server.url, 'GET', reads[Math.floor(Math.random() * reads.length)]!(), headersOf(office));
          samples.push({ ms: r.ms, status: r.status });
        }
      }
    }
    async function flood(until: number, statuses: Map<number, number>) {
      let i = 0;
      while (Date.now() < until) {
        const r = await call(server.url, 'POST', portal.submitCase.path, {}, { categoryCode: 'road', content: `压力测试 ${++i}:人行道破损。`, anonymous: true });
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      }
    }

    const phase = async (name: string, floodClients: number) => {
      const samples: Sample[] = [];
      const floodStatuses = new Map<number, number>();
      const until = Date.now() + SECONDS * 1000;
      await Promise.all([
        ...Array.from({ length: CLIENTS }, () => staff(until, samples)),
        ...Array.from({ length: floodClients }, () => flood(until, floodStatuses)),
      ]);
      const ms = samples.map((s) => s.ms);
      const r = {
        name,
        requests: samples.length,
        rps: Math.round(samples.length / SECONDS),
        p50: Math.round(pct(ms, 50)),
        p99: Math.round(pct(ms, 99)),
        server5xx: samples.filter((s) => s.status >= 500).length,
        failed: samples.filter((s) => s.status === 0 || (s.status >= 400 && s.status < 500)).length,
        flood: [...floodStatuses.entries()].sort().map(([s, c]) => `${c}×${s}`).join(', ') || '—',
        flood5xx: [...floodStatuses.entries()].filter(([s]) => s >= 500 || s === 0).reduce((a, [, c]) => a + c, 0),
      };
      console.log(JSON.stringify(r));
      return r;
    };
    // warm-up: the first requests compile code paths and fill caches
    const warm = Date.now() + 3000;
    await Promise.all(Array.from({ length: CLIENTS }, () => staff(warm, [])));
    const quiet = await phase('quiet', 0);
    const flooded = await phase('flood', FLOOD);
    const after = await phase('quiet again', 0);
    await server.stop();

    const handle = openDb({ dataDir, databaseUrl });
    const lost = await checkReports(handle, acks, 'load ');
    await handle.close();

    const ratio = flooded.p99 / Math.min(quiet.p99, after.p99);
    const table = [
      `Load on ${values.db} (${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)}): ${CLIENTS} staff clients, ${SECONDS} s per phase, 1 write in 4; flood: ${FLOOD} clients on the public form`,
      '',
      '| phase | staff requests | req/s | p50 ms | p99 ms | 5xx | other failures | public form answers |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      ...[quiet, flooded, after].map((r) => `| ${r.name} | ${r.requests} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.server5xx + r.flood5xx} | ${r.failed} | ${r.flood} |`),
      '',
      `Acknowledged writes: ${acks.length}, lost or incomplete: ${lost.length}. Staff p99 under the flood: ${ratio.toFixed(2)} × the lower quiet p99 (limit 2 ×).`,
    ].join('\n');
    console.log(`\n${table}\n`);
    const problems = [
      ...(quiet.server5xx + flooded.server5xx + flooded.flood5xx + after.server5xx ? ['5xx answers or dropped connections'] : []),
      ...(quiet.failed + flooded.failed + after.failed ? ['staff requests failed'] : []),
      ...(lost.length ? [`lost writes: ${lost.slice(0, 5).join('; ')}`] : []),
      ...(ratio > 2 ? ['the flood pushed the staff p99 past twice its quiet value'] : []),
    ];
    if (problems.length) {
      console.error(`FAILED: ${problems.join('; ')}`);
      process.exitCode = 1;
    } else console.log('OK: no 5xx, no lost write, staff p99 held under the flood');
  } finally {
    await server.kill();
    agent.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (pgName) await pgAdmin((c) => c.query(`drop database if exists ${pgName} with (force)`));
  }
}

await main();
