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
import { setPublished } from '../apps/server/src/modules/publication/publish.ts';
import { draftNotice } from '../apps/server/src/modules/supervision/draft-notice.ts';
import { submitNotice } from '../apps/server/src/modules/supervision/workflow.ts';
import { runSweep } from '../apps/server/src/modules/sweep/sweep.ts';
import { createCase } from '../apps/server/src/modules/cases/intake.ts';
import { acceptCase, replyCase } from '../apps/server/src/modules/cases/handle-case.ts';
import { personalDataCipher } from '../apps/server/src/platform/secrets.ts';
import { GOAL_ROWS, taskRows, type BenchUnit } from './task-rows.ts';

export const SCALES = {
  county: { units: 100, tasks: 20_000, reportsPerLeaf: 10, cases: 20_000 },
  city: { units: 2_000, tasks: 1_000_000, reportsPerLeaf: 5, cases: 1_000_000 },
} as const;
export type Scale = keyof typeof SCALES;
export interface Spec {
  units: number;
  tasks: number;
  reportsPerLeaf: number;
  cases: number;
}

/** A scale, or a fraction of it (`--fraction 0.1`: a tenth of the units, tasks and cases). */
export function specOf(scale: Scale, fraction = 1): Spec {
  const s = SCALES[scale];
  const f = (n: number) => Math.max(1, Math.round(n * fraction));
  return { units: f(s.units), tasks: f(s.tasks), reportsPerLeaf: s.reportsPerLeaf, cases: f(s.cases) };
}

/** The first of each month the sweep runs on before the benchmark day, issuing 督办 from its proposals. */
const SWEEP_DAYS = ['2013-04-01', '2013-05-01', '2013-06-01'];
/** 督办 the office drafts and issues from each of those sweeps' proposals, per 100 units. */
const NOTICES_PER_SWEEP = 40;

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
  cases: number;
  notices: number;
  proposals: number;
  published: number;
  /** a case the public look-up finds: its number and check code */
  sampleCase: { id: string; number: string; code: string } | null;
  seconds: { seed: number; units: number; tasks: number; reports: number; escalations: number; cases: number };
}

export async function generate(services: Services, spec: Spec, log: (s: string) => void, opts: { tasksOnly?: boolean } = {}): Promise<Dataset> {
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
  // one sheet up to 100,000 rows (a workbook may not expand beyond the import's limit); a city's
  // million in several sheets of whole goals, each imported into the same campaign (an import
  // adds and updates by code and never deletes)
  const sheetRows = taskRows(spec.tasks, units);
  const perSheet = GOAL_ROWS * 500;
  const r = { created: 0 };
  for (let i = 0; i < sheetRows.length; i += perSheet) {
    const file = await toBuffer((out) => writeTaskWorkbook(out, sheetRows.slice(i, i + perSheet)));
    const part = await importTaskSheet(services, { actor: officeActor, ip: null, campaignId: campaign.id, file, fileName: 'bench.xlsx', dryRun: false });
    if (part.errorCount || part.failure) throw new Error(`bench import failed: ${JSON.stringify(part.failure ?? part.errors.slice(0, 3))}`);
    r.created += part.created;
  }
  const tasksS = (performance.now() - t0) / 1000;
  log(`tasks: ${r.created} through the sheet import${sheetRows.length > perSheet ? ` (${Math.ceil(sheetRows.length / perSheet)} sheets)` : ''} (${tasksS.toFixed(1)} s)`);
  if (opts.tasksOnly) {
    // the sweep's city measurement needs the units and the task tree only
    return {
      campaignId: campaign.id,
      tasks: r.created,
      reports: 0,
      units: spec.units,
      cases: 0,
      notices: 0,
      proposals: 0,
      published: 0,
      sampleCase: null,
      seconds: { seed: seedS, units: unitsS, tasks: tasksS, reports: 0, escalations: 0, cases: 0 },
    };
  }

  t0 = performance.now();
  // the leaves: tasks no other task names as its parent (found here, not by a correlated NOT EXISTS, which SQLite runs as a nested scan)
  const all = await db.selectFrom('tasks').select(['id', 'parent_id', 'lead_unit_id']).where('campaign_id', '=', campaign.id).orderBy('code').execute();
  const parents = new Set(all.map((t) => t.parent_id));
  const leaves = all.filter((t) => !parents.has(t.id));
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

  // what the portal shows: the goals and the first project of each, published by the office
  const shown = await db
    .selectFrom('tasks')
    .select('id')
    .where('campaign_id', '=', campaign.id)
    .where((eb) => eb.or([eb('node_type', '=', 'goal'), eb('code', 'like', '%.1')]))
    .where('node_type', 'in', ['goal', 'project'])
    .execute();
  await runTx(services, { actor: officeActor, ip: null }, async (tx) => {
    for (const t of shown) await setPublished(tx, { entityType: 'task', entityId: t.id, published: true });
  });
  log(`published on the portal: ${shown.length} tasks`);

  // a year of escalations so far: the sweep on the first of each month, the office issuing 督办 from its proposals
  t0 = performance.now();
  let notices = 0;
  let proposals = 0;
  const perSweep = Math.max(1, Math.round((NOTICES_PER_SWEEP * spec.units) / 100));
  for (const day of SWEEP_DAYS) {
    const at = new Date(`${day}T01:00:00Z`);
    const swept = await runSweep(services, at);
    proposals += swept.proposals;
    const open = await db
      .selectFrom('proposals')
      .select(['id', 'subject_id'])
      .where('campaign_id', '=', campaign.id)
      .where('status', '=', 'open')
      .where('kind', '=', 'supervise')
      .where('subject_type', '=', 'task')
      .orderBy('id')
      .limit(perSweep)
      .execute();
    const atOffice = { ...services, clock: { now: () => new Date(at.getTime() + 3_600_000) } };
    for (const p of open) {
      await runTx(atOffice, { actor: officeActor, ip: null }, async (tx) => {
        const n = await draftNotice(tx, campaign.id, { kind: 'supervise', subjectType: 'task', subjectId: p.subject_id, parentNoticeId: null, proposalId: p.id, majorImpact: false });
        await submitNotice(tx, n.id);
      });
      notices++;
    }
  }
  const escalationsS = (performance.now() - t0) / 1000;
  log(`escalations: ${SWEEP_DAYS.length} sweeps, ${proposals} proposals, ${notices} 督办 issued (${escalationsS.toFixed(1)} s)`);

  // cases from the public and the hotline through the one intake, spread over the year; most handled and replied
  t0 = performance.now();
  const categories = (await db.selectFrom('case_categories').select('id').where('active', '=', 1).orderBy('sort_order').execute()).map((c) => c.id);
  const cipher = personalDataCipher(services.config.dataDir);
  const channels = ['web', 'hotline', 'letter', 'visit'] as const;
  let cases = 0;
  let sampleCase: Dataset['sampleCase'] = null;
  const day0 = Date.parse('2013-01-02T00:00:00Z');
  const days = Math.max(1, Math.floor((services.clock.now().getTime() - day0) / 86_400_000));
  for (let i = 0; i < spec.cases; i += 250) {
    await runTx(services, { actor: officeActor, ip: null }, async (tx) => {
      for (let k = i; k < Math.min(spec.cases, i + 250); k++) {
        const receivedOn = new Date(day0 + ((k * 7919) % days) * 86_400_000).toISOString().slice(0, 10);
        let row = await createCase(
          tx,
          {
            channel: channels[k % channels.length]!,
            categoryId: categories[k % categories.length]!,
            title: `基准测试诉求${k}:小区路灯不亮`,
            content: `群众反映第${k % 300}小区路灯损坏多日,夜间出行不便,请尽快维修。`,
            regionId: null,
            address: `县城第${k % 300}小区`,
            anonymous: k % 5 === 0,
            name: '张三',
            phone: `1380000${String(k % 10_000).padStart(4, '0')}`,
            idNumber: '',
            email: '',
            receivedOn,
          },
          cipher,
        );
        if (!sampleCase && !row.anonymous) sampleCase = { id: row.id, number: row.number, code: row.check_code };
        if (k % 10 < 8) {
          row = await acceptCase(tx, row.id, { rowVersion: row.row_version, accept: true, note: '' });
          if (k % 10 < 6) row = await replyCase(tx, row.id, { rowVersion: row.row_version, reply: '已安排维修,路灯已恢复照明。' });
        }
      }
    });
    cases = Math.min(spec.cases, i + 250);
  }
  const casesS = (performance.now() - t0) / 1000;
  log(`cases: ${cases} (${casesS.toFixed(1)} s)`);

  return {
    campaignId: campaign.id,
    tasks: r.created,
    reports,
    units: spec.units,
    cases,
    notices,
    proposals,
    published: shown.length,
    sampleCase,
    seconds: { seed: seedS, units: unitsS, tasks: tasksS, reports: reportsS, escalations: escalationsS, cases: casesS },
  };
}
