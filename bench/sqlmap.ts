/**
 * `npx tsx bench/sqlmap.ts [--db sqlite|postgres] [--only id,id] [--bodies] [--level 1]`
 *
 * Runs Debian's sqlmap (`apt-get install -y sqlmap`) against every parameterised endpoint of a
 * local `luoshi serve` on the demo county, signed in as the supervision office: each path
 * parameter (marked with `*` after a real id), each query parameter, and the JSON body of the
 * public forms (sign-in, the complaint form and its lookup); with --bodies also the JSON body of
 * every state-changing route. sqlmap exits 0 whether or not it finds something, so its output is
 * read: "identified the following injection point", or a parameter that "appears to be …
 * injectable" and is not then cleared by sqlmap's false-positive check, fails the run (exit 1);
 * "might be injectable" (a heuristic) is listed as a warning. Not part of `npm test`:
 * a full run takes a long time (about 10 s to a minute per endpoint).
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
import { HttpClient, startLive } from '../test/support/live.ts';
import { pgAdmin, pgUrlFor } from '../test/support/db.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite' },
    only: { type: 'string' },
    bodies: { type: 'boolean', default: false },
    level: { type: 'string', default: '1' },
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
}

function runSqlmap(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('sqlmap', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', (e) => reject(new Error(`sqlmap could not start (${e.message}): apt-get install -y sqlmap`)));
    child.on('close', () => resolve(out));
  });
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
  // the login limit (30 a minute per address) would answer sqlmap's probes with 429
  const server = await startLive({ dataDir, databaseUrl, now: '2013-05-10T02:00:00.000Z' });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-sqlmap-out-'));
  const findings: string[] = [];
  const warnings: string[] = [];
  let ran = 0;
  try {
    const office = new HttpClient(server.url);
    await office.login('duchashi');
    const tree = (await office.request('GET', fillPath(tasks.listTasks.path, { id: ids.campaign }))).body.items as { id: string }[];
    const idFor = (p: string) => (p.startsWith('/api/v1/campaigns/') ? ids.campaign : p.startsWith('/api/v1/units/') ? ids.unit : p.startsWith('/api/v1/tasks/') ? tree[0]!.id : '1');
    const headers = `Cookie: ${office.cookie}\nX-CSRF-Token: ${office.csrf}\nAccept-Language: zh`;
    const only = values.only ? new Set(values.only.split(',')) : null;
    const publicForms = new Set(['login', 'portalSubmitCase', 'portalLookupCase']);
    const targets: Target[] = [];
    for (const e of allEndpoints()) {
      if (only && !only.has(e.id)) continue;
      if (e.id === 'logout') continue; // would end the session the scan uses
      const pathKeys = [...e.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
      const query = keysOf(e.query);
      const withBody = e.method !== 'GET' && e.body && (values.bodies || publicForms.has(e.id));
      if (!pathKeys.length && !query.length && !withBody) continue;
      const url =
        server.url +
        e.path.replace(/:([A-Za-z]+)/g, () => `${idFor(e.path)}*`) +
        (query.length ? `?${query.map((k) => `${k}=1`).join('&')}` : '');
      const args = [url, '--batch', `--level=${values.level}`, '--risk=1', '--technique=BEU', '--flush-session', `--output-dir=${work}`, `--headers=${headers}`, '--disable-coloring', '--ignore-code=400,401,403,404,409,413,415,422,429'];
      if (e.method !== 'GET') args.push(`--method=${e.method}`);
      if (withBody) args.push(`--data=${JSON.stringify(sampleBody(e.body))}`);
      targets.push({ id: e.id, args });
    }
    console.log(`sqlmap against ${targets.length} parameterised endpoints of ${server.url} (${values.db})`);
    for (const t of targets) {
      const out = await runSqlmap(t.args);
      ran++;
      // "appears to be … injectable" comes before sqlmap's own false-positive check; it counts only
      // when that check does not end with "does not seem to be injectable" for the same parameter
      const appeared = [...out.matchAll(/parameter '([^']+)' appears to be '.*' injectable/g)].map((m) => m[1]!);
      const cleared = new Set([...out.matchAll(/parameter '([^']+)' does not seem to be injectable/g)].map((m) => m[1]!));
      if (/identified the following injection point/i.test(out) || appeared.some((p) => !cleared.has(p))) {
        findings.push(t.id);
        console.log(`✗ ${t.id}: INJECTABLE\n${out.split('\n').filter((l) => /injectable|injection point|Parameter:|Type:|Payload:/.test(l)).join('\n')}`);
      } else if (/might be injectable/i.test(out)) {
        warnings.push(t.id);
        console.log(`? ${t.id}: a heuristic flagged a parameter; sqlmap's full tests did not confirm it`);
      } else if (!/do not appear to be injectable|does not seem to be injectable|not injectable/i.test(out)) {
        warnings.push(t.id);
        console.log(`? ${t.id}: sqlmap ended without a verdict:\n${out.split(`\n`).slice(-25).join(`\n`)}`);
      } else console.log(`✓ ${t.id}`);
    }
  } finally {
    await server.kill();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(work, { recursive: true, force: true });
    if (pgName) await pgAdmin((c) => c.query(`drop database if exists ${pgName} with (force)`));
  }
  console.log(`\n${ran} endpoints scanned: ${findings.length} injectable, ${warnings.length} without a clean verdict${warnings.length ? ` (${warnings.join(', ')})` : ''}`);
  if (findings.length) {
    console.error(`FAILED: sqlmap found injectable parameters in ${findings.join(', ')}`);
    process.exitCode = 1;
  }
}

await main();
