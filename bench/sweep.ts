/**
 * The sweep at scale (issue: "measure on a city-size data set (1,000,000 tasks) and report tasks
 * evaluated per second"): `npx tsx bench/sweep.ts --scale city [--fraction F] [--db sqlite|postgres]`.
 * Generates the units and the task tree through the sheet import (no reports, cases or
 * escalations: the sweep reads the tree, the recorded lights and the proposals), then measures,
 * against the plain scan of the same rows in the same run:
 * - the first sweep of the benchmark day (records every light, proposes 督办 for red work);
 * - the same sweep again (nothing new), as a process that has read the tree before would run it;
 * - the sweep in a fresh process (no tree in memory): `luoshi sweep` from the command line.
 * Writes bench/results/sweep-<scale>[-fraction]-<db>.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { readConfig } from '../apps/server/src/platform/config.ts';
import { openServices } from '../apps/server/src/services.ts';
import { runSweep } from '../apps/server/src/modules/sweep/sweep.ts';
import { generate, specOf, SCALES, type Scale } from './dataset.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: 'city' },
    db: { type: 'string', default: 'sqlite' },
    fraction: { type: 'string', default: '1' },
    now: { type: 'string', default: '2013-07-01T02:00:00.000Z' },
  },
});
const scale = values.scale as Scale;
if (!(scale in SCALES)) throw new Error('--scale county|city');
const fraction = Number(values.fraction);
if (!(fraction > 0 && fraction <= 1)) throw new Error('--fraction is a number in (0, 1]');
const NOW = new Date(values.now!);
const lines: string[] = [];
const log = (s: string) => {
  lines.push(s);
  console.log(s);
};

async function main() {
  const spec = specOf(scale, fraction);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-sweep-bench-'));
  let databaseUrl: string | null = null;
  const admin = process.env.LUOSHI_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const dbName = `luoshi_sweep_${randomBytes(4).toString('hex')}`;
  if (values.db === 'postgres') {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`create database ${dbName}`);
    await c.end();
    const u = new URL(admin);
    u.pathname = `/${dbName}`;
    databaseUrl = u.toString();
  }
  try {
    const config = { ...readConfig({}), dataDir: dir, databaseUrl };
    const services = await openServices({ config, clock: { now: () => NOW } });
    const scaleName = fraction < 1 ? `${fraction} of the ${scale} scale` : `${scale} scale`;
    log(`# The sweep at ${scaleName} on ${values.db === 'postgres' ? 'PostgreSQL' : 'SQLite'}`);
    log('');
    log(`- date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; Node ${process.version}; load average at start ${os.loadavg()[0]!.toFixed(1)}`);
    log(`- command: \`npx tsx bench/sweep.ts --scale ${scale}${fraction < 1 ? ` --fraction ${fraction}` : ''} --db ${values.db}\``);
    log('');
    const t0 = performance.now();
    const ds = await generate(services, spec, (s) => console.log(`  ${s}`), { tasksOnly: true });
    const genS = (performance.now() - t0) / 1000;
    const db = services.db.kysely;
    const total = Number((await db.selectFrom('tasks').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const scan = async () => {
      const t = performance.now();
      await sql`select * from tasks`.execute(db);
      return performance.now() - t;
    };
    const timed = async <T>(fn: () => Promise<T>) => {
      const t = performance.now();
      const r = await fn();
      return { ms: performance.now() - t, r };
    };
    const scan1 = await scan();
    const first = await timed(() => runSweep(services));
    const again = await timed(() => runSweep(services));
    const scan2 = await scan();
    await services.db.close();
    // a fresh process: nothing in memory, as `luoshi sweep` from the command line or the first sweep after a restart
    const services2 = await openServices({ config, clock: { now: () => NOW } });
    const cold = await timed(() => runSweep(services2));
    const t = performance.now();
    await sql`select * from tasks`.execute(services2.db.kysely);
    const scan3 = performance.now() - t;
    await services2.db.close();
    const base = Math.min(scan1, scan2, scan3);
    const evaluated = first.r.tasksEvaluated;
    const row = (what: string, ms: number) => `| ${what} | ${ms.toFixed(0)} ms | ${Math.round(evaluated / (ms / 1000)).toLocaleString('en')} tasks/s | ${(ms / base).toFixed(1)} × | ${ms / base <= 3 ? 'met' : '**missed**'} |`;
    log(`Data set: ${spec.units} units, ${total.toLocaleString('en')} tasks (${ds.tasks.toLocaleString('en')} in the benchmark campaign), generated in ${genS.toFixed(0)} s (task import ${ds.seconds.tasks.toFixed(0)} s).`);
    log('');
    log(`Baseline: the plain scan \`select * from tasks\`, the fastest of three in the run: ${base.toFixed(0)} ms (${scan1.toFixed(0)}, ${scan2.toFixed(0)}, ${scan3.toFixed(0)}).`);
    log('');
    log(`| the sweep | time | tasks evaluated per second | ratio to the scan | goal ≤ 3 × |`);
    log(`| --- | --- | --- | --- | --- |`);
    log(row(`the benchmark day's first sweep (${first.r.lightChanges.toLocaleString('en')} lights recorded, ${first.r.proposals.toLocaleString('en')} proposals)`, first.ms));
    log(row('the same sweep again, nothing new (the tree already read by this process)', again.ms));
    log(row('the same sweep in a fresh process (the tree read from the database)', cold.ms));
    log('');
    const out = path.join(ROOT, 'bench/results', `sweep-${scale}${fraction < 1 ? `-${fraction}` : ''}-${values.db}.md`);
    fs.writeFileSync(out, `${lines.join('\n')}\n`);
    console.log(`\nwritten to ${path.relative(ROOT, out)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    if (values.db === 'postgres') {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`drop database if exists ${dbName} with (force)`);
      await c.end();
    }
  }
}

await main();
