/**
 * The benchmark data set, generated through Luoshi's own paths: the demo county, more units with
 * people and posts through the organisation use cases, the year's tasks through the 任务分解表
 * import (the bulk path offices use), and progress reports in bulk batches shaped exactly as the
 * report use case writes them (then each task's progress applied from its latest report).
 */
import { PassThrough } from 'node:stream';
import type { Actor } from '@luoshi/domain';
import type { Services } from '../apps/server/src/platform/context.ts';
import { runTx } from '../apps/server/src/platform/context.ts';
import { newId } from '../apps/server/src/platform/ids.ts';
import { seedDemo } from '../apps/server/src/demo/zhashui.ts';
import { createUnit } from '../apps/server/src/modules/org/save-unit.ts';
import { createPerson } from '../apps/server/src/modules/org/save-person.ts';
import { assignPost, createPost } from '../apps/server/src/modules/org/save-post.ts';
import { createCampaign } from '../apps/server/src/modules/campaigns/save-campaign.ts';
import { writeTaskWorkbook } from '../apps/server/src/modules/tasks/excel/sheet-write.ts';
import { importTaskSheet } from '../apps/server/src/modules/tasks/excel/import-tasks.ts';
import { taskRows, type BenchUnit } from './task-rows.ts';

export const SCALES = {
  county: { units: 100, tasks: 20_000, reportsPerLeaf: 10 },
  city: { units: 2_000, tasks: 1_000_000, reportsPerLeaf: 5 },
} as const;
export type Scale = keyof typeof SCALES;

const admin: Actor = { userId: 'bench', username: 'bench', personId: null, displayName: '基准测试', systemRoles: ['sysadmin'], memberships: [], chargedUnitIds: [] };

async function toBuffer(write: (out: PassThrough) => Promise<unknown>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await write(out);
  return Buffer.concat(chunks);
}

export interface Dataset {
  campaignId: string;
  tasks: number;
  reports: number;
  units: number;
  seconds: { seed: number; units: number; tasks: number; reports: number };
}

export async function generate(services: Services, scale: Scale, log: (s: string) => void): Promise<Dataset> {
  const spec = SCALES[scale];
  const db = services.db.kysely;
  const t = performance.now();
  await seedDemo(services);
  const seedS = (performance.now() - t) / 1000;

  let t0 = performance.now();
  const existing = Number((await db.selectFrom('units').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  for (let i = existing; i < spec.units; i += 50) {
    await runTx(services, { actor: admin, ip: null }, async (tx) => {
      for (let k = i; k < Math.min(spec.units, i + 50); k++) {
        const u = await createUnit(tx, { code: `B${k}`, name: `基准测试单位${k}`, shortName: `单位${k}`, nameEn: null, kind: k % 3 ? 'department' : 'town', functions: [], regionId: null, parentId: null, sortOrder: 1000 + k });
        for (const [role, title] of [['principal', '局长'], ['deputy', '副局长'], ['handler', '科员']] as const) {
          const p = await createPerson(tx, { name: `${title}${k}`, gender: 'unspecified', title, unitId: u.id, phone: null, email: null });
          const post = await createPost(tx, u.id, { title, role, sortOrder: 0 });
          await assignPost(tx, post.id, { personId: p.id, from: '2013-01-01' });
        }
      }
    });
  }
  const unitsS = (performance.now() - t0) / 1000;
  log(`units: ${spec.units} (${unitsS.toFixed(1)} s)`);

  const office = await db.selectFrom('units').select('id').where('short_name', '=', '县政府督查室').executeTakeFirstOrThrow();
  const officeActor: Actor = { ...admin, systemRoles: [], memberships: [{ unitId: office.id, role: 'principal', unitFunctions: ['office'] }] };
  const campaign = await runTx(services, { actor: officeActor, ip: null }, (tx) =>
    createCampaign(tx, { year: 2013, name: '基准测试活动', requirements: '', goals: [], streams: [], measures: [], startDate: '2013-01-01', endDate: '2013-12-31', lists: [] }),
  );
  const holders = await db
    .selectFrom('posts')
    .innerJoin('post_terms', 'post_terms.post_id', 'posts.id')
    .innerJoin('people', 'people.id', 'post_terms.person_id')
    .select(['posts.unit_id', 'posts.role', 'people.name'])
    .where('post_terms.to_date', 'is', null)
    .execute();
  const names = new Map<string, number>();
  for (const h of holders) names.set(h.name, (names.get(h.name) ?? 0) + 1);
  const units: BenchUnit[] = (await db.selectFrom('units').select(['id', 'name', 'functions']).execute())
    .filter((u) => !(JSON.parse(u.functions) as string[]).includes('government'))
    .map((u) => {
      const of = (role: string) => holders.find((h) => h.unit_id === u.id && h.role === role)?.name;
      const p = [of('principal'), of('deputy'), of('handler')];
      return { name: u.name, people: p.every((x) => x && names.get(x) === 1) ? (p as [string, string, string]) : null };
    });

  t0 = performance.now();
  const file = await toBuffer((out) => writeTaskWorkbook(out, taskRows(spec.tasks, units)));
  const r = await importTaskSheet(services, { actor: officeActor, ip: null, campaignId: campaign.id, file, fileName: 'bench.xlsx', dryRun: false });
  if (r.errorCount || r.failure) throw new Error(`bench import failed: ${JSON.stringify(r.failure ?? r.errors.slice(0, 3))}`);
  const tasksS = (performance.now() - t0) / 1000;
  log(`tasks: ${r.created} through the sheet import (${tasksS.toFixed(1)} s)`);

  t0 = performance.now();
  const leaves = await db
    .selectFrom('tasks')
    .select(['tasks.id', 'tasks.lead_unit_id'])
    .where('campaign_id', '=', campaign.id)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('tasks as c').select('c.id').whereRef('c.parent_id', '=', 'tasks.id'))))
    .execute();
  let reports = 0;
  const batch = 500;
  for (let i = 0; i < leaves.length; i += batch) {
    const slice = leaves.slice(i, i + batch);
    await runTx(services, { actor: officeActor, ip: null }, async (tx) => {
      const rows = [];
      for (const [j, leaf] of slice.entries()) {
        for (let v = 1; v <= spec.reportsPerLeaf; v++) {
          const id = newId(Date.parse('2013-03-01T00:00:00Z') + v * 86_400_000 * 7);
          const at = new Date(Date.parse('2013-03-01T02:00:00Z') + v * 86_400_000 * 7 + j * 1000).toISOString();
          rows.push({
            id,
            task_id: leaf.id,
            chain_id: id,
            version: 1,
            unit_id: leaf.lead_unit_id!,
            narrative: `第${v}次填报:按计划推进,完成阶段性工作。`,
            percent: Math.min(100, v * (100 / spec.reportsPerLeaf) - ((i + j) % 7)),
            indicator_actuals: '[]',
            completion_claim: 0,
            status: v < spec.reportsPerLeaf ? 'accepted' : 'submitted',
            author_user_id: 'bench',
            author_name: '基准测试',
            created_at: at,
            updated_at: at,
            submitted_at: at,
            confirmed_by: null,
            confirmed_at: null,
            reviewed_by: null,
            reviewed_at: null,
            review_comment: null,
            superseded_by: null,
          });
        }
      }
      for (let k = 0; k < rows.length; k += 200) await tx.db.insertInto('progress_reports').values(rows.slice(k, k + 200)).execute();
      reports += rows.length;
      for (const [j, leaf] of slice.entries()) {
        await tx.db.updateTable('tasks').set({ progress: ((i + j) * 37) % 101, status: 'in_progress', actual_start: '2013-03-08' }).where('id', '=', leaf.id).execute();
      }
      await tx.audit({ action: 'bench.reports', entityType: 'campaign', entityId: campaign.id, after: { reports: rows.length } });
    });
  }
  const reportsS = (performance.now() - t0) / 1000;
  log(`reports: ${reports} (${reportsS.toFixed(1)} s)`);
  return { campaignId: campaign.id, tasks: r.created, reports, units: spec.units, seconds: { seed: seedS, units: unitsS, tasks: tasksS, reports: reportsS } };
}
