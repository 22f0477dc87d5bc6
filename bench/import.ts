/**
 * How fast a 任务分解表 imports: generates a 10,000-row sheet with the same writer as the export,
 * imports it into a fresh database (SQLite by default; DATABASE_URL for PostgreSQL), and reports
 * rows per second next to a baseline measured in the same run: loading the same file with exceljs,
 * i.e. only reading it. Run: npx tsx bench/import.ts [rows]; `npm run bench` runs it too.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Actor } from '@luoshi/domain';
import { tasks } from '@luoshi/contracts';
import { readConfig } from '../apps/server/src/platform/config.ts';
import { openServices } from '../apps/server/src/services.ts';
import { runTx } from '../apps/server/src/platform/context.ts';
import { seedDemo } from '../apps/server/src/demo/zhashui.ts';
import { createCampaign } from '../apps/server/src/modules/campaigns/save-campaign.ts';
import { writeTaskWorkbook } from '../apps/server/src/modules/tasks/excel/sheet-write.ts';
import { readTaskSheet } from '../apps/server/src/modules/tasks/excel/sheet-read.ts';
import { importTaskSheet, type ImportPhase } from '../apps/server/src/modules/tasks/excel/import-tasks.ts';
import { exportTaskSheet } from '../apps/server/src/modules/tasks/excel/export-tasks.ts';
import { taskRows } from './task-rows.ts';

const ms = (t0: number) => performance.now() - t0;
const fmt = (n: number) => `${Math.round(n)} ms`;

async function toBuffer(write: (out: PassThrough) => Promise<unknown>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await write(out);
  return Buffer.concat(chunks);
}

export interface ImportFigures {
  rows: number;
  created: number;
  /** the whole import, ms */
  total: number;
  /** exceljs loading the same file, ms */
  baseline: number;
  reader: number;
  phases: [ImportPhase, number][];
  reimport: number;
  exportRows: number;
  exportMs: number;
}

/** Imports a generated sheet of `count` rows into a fresh database (a new SQLite file, or the PostgreSQL database given). */
export async function measureImport(count: number, databaseUrl: string | null, log: (s: string) => void = console.log): Promise<ImportFigures> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-bench-'));
  const config = { ...readConfig({}), dataDir: dir, databaseUrl };
  const services = await openServices({ config });
  log(`database: ${services.db.dialect}${services.db.dialect === 'sqlite' ? ' (fresh file)' : ` (${services.db.location})`}`);
  await seedDemo(services);
  const db = services.db.kysely;
  const office = await db.selectFrom('units').select('id').where('short_name', '=', '县政府督查室').executeTakeFirstOrThrow();
  const actor: Actor = { userId: 'bench', username: 'bench', personId: null, displayName: '基准测试', systemRoles: [], memberships: [{ unitId: office.id, role: 'principal', unitFunctions: ['office'] }], chargedUnitIds: [] };
  const campaign = await runTx(services, { actor, ip: null }, (tx) =>
    createCampaign(tx, { year: 2013, name: `基准测试活动${Date.now()}`, requirements: '', goals: [], streams: [], measures: [], startDate: '2013-01-01', endDate: '2013-12-31', lists: [] }),
  );
  const holders = await db
    .selectFrom('posts')
    .innerJoin('post_terms', 'post_terms.post_id', 'posts.id')
    .innerJoin('people', 'people.id', 'post_terms.person_id')
    .select(['posts.unit_id', 'posts.role', 'people.name'])
    .where('post_terms.to_date', 'is', null)
    .execute();
  const units = (await db.selectFrom('units').select(['id', 'name']).orderBy('sort_order').orderBy('id').execute()).map((u) => {
    const of = (role: string) => holders.find((h) => h.unit_id === u.id && h.role === role)?.name;
    const p = [of('principal'), of('deputy'), of('handler')];
    return { name: u.name, people: p.every(Boolean) ? (p as [string, string, string]) : null };
  });

  let t0 = performance.now();
  const file = await toBuffer((out) => writeTaskWorkbook(out, taskRows(count, units)));
  log(`generated ${count} rows with the export writer: ${fmt(ms(t0))}, ${(file.length / 1024 / 1024).toFixed(1)} MiB`);

  t0 = performance.now();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file as unknown as ArrayBuffer);
  const baseline = ms(t0);
  log(`baseline — exceljs load (read only): ${fmt(baseline)}`);
  t0 = performance.now();
  readTaskSheet(file);
  const reader = ms(t0);
  log(`Luoshi's sheet reader alone: ${fmt(reader)}`);

  const phases = new Map<ImportPhase, number>();
  let last = performance.now();
  let current: ImportPhase | null = null;
  const onProgress = (p: ImportPhase) => {
    if (p === current) return;
    const now = performance.now();
    if (current) phases.set(current, now - last);
    current = p;
    last = now;
  };
  t0 = performance.now();
  const r = await importTaskSheet(services, { actor, ip: null, campaignId: campaign.id, file, fileName: 'bench.xlsx', dryRun: false, onProgress });
  const total = ms(t0);
  if (current) phases.set(current, performance.now() - last);
  if (r.errorCount || r.failure) throw new Error(`import failed: ${JSON.stringify(r.failure ?? r.errors.slice(0, 5))}`);
  log(`import: ${r.created} created in ${fmt(total)} — ${Math.round(r.created / (total / 1000))} rows/s`);
  log(`  phases: ${[...phases].map(([p, t]) => `${p} ${fmt(t)}`).join(', ')}`);
  log(`  ratio to the baseline: ${(total / baseline).toFixed(2)} × the time exceljs takes only to load the file`);

  t0 = performance.now();
  const again = await importTaskSheet(services, { actor, ip: null, campaignId: campaign.id, file, fileName: 'bench.xlsx', dryRun: false });
  const reimport = ms(t0);
  log(`re-import of the same file: ${again.unchanged} unchanged, ${again.updated} updated in ${fmt(reimport)}`);

  t0 = performance.now();
  const sheet = await exportTaskSheet(services, actor, campaign.id, tasks.TaskQuery.parse({ limit: 50000 }));
  const exported = await toBuffer((out) => sheet.write(out));
  const exportMs = ms(t0);
  log(`export of ${sheet.rows} rows: ${fmt(exportMs)}, ${(exported.length / 1024 / 1024).toFixed(1)} MiB`);

  await services.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return { rows: count, created: r.created, total, baseline, reader, phases: [...phases], reimport, exportRows: sheet.rows, exportMs };
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) await measureImport(Number(process.argv[2] ?? 10_000), process.env.DATABASE_URL ?? null);
