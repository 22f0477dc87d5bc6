/**
 * The office's morning view (R-PROG-3, SPEC §9.3): lights and completion by unit, stream and
 * county leader, the overdue list, what awaits review, and the trend. Counts are over the leaves
 * of the tree — the concrete, dated pieces of work — so nothing is counted twice.
 */
import type { Kysely } from 'kysely';
import { LuoshiError, countLight, emptyCounts, localDate, readableUnitIds, type Actor, type LightCounts, type LightResult } from '@luoshi/domain';
import type { DB } from '../../platform/db/schema.ts';
import { requireCan } from '../../platform/context.ts';
import { canReadTask, streamResolver, treeContext } from '../tasks/read-tasks.ts';
import { findCampaignWithVersions } from '../tasks/repo.ts';
import { VersionedCache } from '../../platform/db/versions.ts';

type Q = Kysely<DB>;

interface Acc {
  name: string;
  counts: LightCounts;
  progressSum: number;
}

function group(map: Map<string, Acc>, key: string, name: string, light: LightResult, progress: number) {
  const acc = map.get(key) ?? { name, counts: emptyCounts(), progressSum: 0 };
  countLight(acc.counts, light.light);
  acc.progressSum += progress;
  map.set(key, acc);
}

function finish(map: Map<string, Acc>) {
  return [...map.entries()].map(([key, a]) => {
    const tracked = a.counts.total - a.counts.none;
    return {
      key,
      name: a.name,
      counts: a.counts,
      averageProgress: a.counts.total ? Math.round((a.progressSum / a.counts.total) * 10) / 10 : 0,
      completionRate: tracked ? Math.round((a.counts.done / tracked) * 1000) / 10 : 0,
    };
  });
}

/** Leaves the actor may read, each with its light, rolled progress and inherited stream. */
export async function visibleLeaves(db: Q, actor: Actor, campaignId: string, now: Date) {
  return visibleFrom(actor, await treeContext(db, campaignId, now));
}

function visibleFrom(actor: Actor, { rows, byId, ctx, today }: Awaited<ReturnType<typeof treeContext>>) {
  const streamOf = streamResolver(byId);
  const readable = new Set(rows.filter((r) => canReadTask(actor, r.lead_unit_id, ctx.cooperators.get(r.id) ?? [])).map((r) => r.id));
  const leaves = rows.filter((r) => !ctx.childCount.get(r.id) && readable.has(r.id));
  return { leaves, readable, ctx, today, streamOf };
}

export async function dashboard(db: Q, actor: Actor, campaignId: string, now: Date) {
  requireCan(actor, 'dashboard.read');
  // the campaign with the versions of its tree and its reports, in one statement
  const campaign = await findCampaignWithVersions(db, campaignId);
  if (!campaign) throw new LuoshiError('NOT_FOUND');
  const tree = await treeContext(db, campaignId, now, { version: campaign.treeVersion });
  // everyone who sees the same units sees the same dashboard, until the tree, the org or the reports move on
  const version = tree.version ? `${tree.version}|${campaign.reportsVersion}` : '';
  const cacheKey = JSON.stringify([campaignId, readableUnitIds(actor)]);
  const cached = version ? DASHBOARDS.get(cacheKey, version) : undefined;
  if (cached) return cached;
  const answer = await compute(db, actor, campaignId, campaign.streams, tree);
  if (version) DASHBOARDS.set(cacheKey, version, answer);
  return answer;
}

/** Dashboards as answered, by campaign and reader's reach, with the versions they were built at. */
const DASHBOARDS = new VersionedCache<Awaited<ReturnType<typeof compute>>>(50);

async function compute(db: Q, actor: Actor, campaignId: string, streams: string, tree: Awaited<ReturnType<typeof treeContext>>) {
  const streamNames = new Map((JSON.parse(streams) as { key: string; title: string }[]).map((s) => [s.key, s.title]));
  const { leaves, readable, ctx, today, streamOf } = visibleFrom(actor, tree);
  const people = new Map((await db.selectFrom('people').select(['id', 'name']).execute()).map((p) => [p.id, p.name]));
  const totals = emptyCounts();
  const byUnit = new Map<string, Acc>();
  const byStream = new Map<string, Acc>();
  const byLeader = new Map<string, Acc>();
  const overdue = [];
  for (const r of leaves) {
    const light = ctx.lights.get(r.id)!;
    const progress = ctx.rollup.get(r.id)?.progress ?? Number(r.progress);
    countLight(totals, light.light);
    if (r.lead_unit_id) group(byUnit, r.lead_unit_id, ctx.unitNames.get(r.lead_unit_id) ?? '', light, progress);
    const s = streamOf(r);
    group(byStream, s ?? '-', s ? (streamNames.get(s) ?? s) : '未分类', light, progress);
    for (const leader of r.lead_unit_id ? (ctx.leaders.get(r.lead_unit_id) ?? []) : []) group(byLeader, leader, people.get(leader) ?? '', light, progress);
    if (light.rule === 'overdue') {
      overdue.push({
        id: r.id,
        code: r.code,
        title: r.title,
        leadUnitName: r.lead_unit_id ? (ctx.unitNames.get(r.lead_unit_id) ?? null) : null,
        plannedEnd: r.planned_end,
        progress,
        light: light.light,
        rule: light.rule,
        zh: light.zh,
        en: light.en,
      });
    }
  }
  overdue.sort((a, b) => (a.plannedEnd ?? '').localeCompare(b.plannedEnd ?? ''));
  // reports awaiting review and reports submitted: of the tasks the reader may see, like every other number here
  const awaiting = (
    await db
      .selectFrom('progress_reports')
      .innerJoin('tasks', 'tasks.id', 'progress_reports.task_id')
      .select(['progress_reports.task_id', db.fn.countAll<number | string>().as('n')])
      .where('tasks.campaign_id', '=', campaignId)
      .where('progress_reports.status', '=', 'submitted')
      .groupBy('progress_reports.task_id')
      .execute()
  ).reduce((sum, r) => sum + (readable.has(r.task_id) ? Number(r.n) : 0), 0);
  // the last 30 days: reports submitted and tasks completed per day
  const from = new Date(Date.parse(`${today}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
  const submitted = await db
    .selectFrom('progress_reports')
    .innerJoin('tasks', 'tasks.id', 'progress_reports.task_id')
    .select(['progress_reports.submitted_at', 'progress_reports.task_id'])
    .where('tasks.campaign_id', '=', campaignId)
    .where('progress_reports.submitted_at', '>=', `${from}T00:00:00`)
    .execute();
  const visible = new Set(leaves.map((l) => l.id));
  const days = new Map<string, { submitted: number; completed: number }>();
  for (let i = 0; i < 30; i++) days.set(new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10), { submitted: 0, completed: 0 });
  for (const s of submitted) {
    if (!readable.has(s.task_id)) continue;
    const d = days.get(localDate(new Date(s.submitted_at!)));
    if (d) d.submitted++;
  }
  for (const r of leaves) {
    if (r.actual_end && visible.has(r.id)) {
      const d = days.get(r.actual_end);
      if (d) d.completed++;
    }
  }
  return {
    date: today,
    totals,
    byUnit: finish(byUnit).sort((a, b) => b.counts.red - a.counts.red || a.name.localeCompare(b.name)),
    byStream: finish(byStream),
    byLeader: finish(byLeader),
    overdue: overdue.slice(0, 200),
    awaitingReview: awaiting,
    trend: [...days.entries()].map(([date, v]) => ({ date, ...v })),
  };
}
