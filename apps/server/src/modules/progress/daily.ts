/** 日常跟踪: what changed since yesterday — reports, light changes, work that fell overdue. */
import type { Kysely } from 'kysely';
import { LuoshiError, startOfLocalDay, type Actor } from '@luoshi/domain';
import type { DB } from '../../platform/db/schema.ts';
import { requireCan } from '../../platform/context.ts';
import { visibleLeaves } from './dashboard.ts';
import { canReadTask } from '../tasks/read-tasks.ts';

type Q = Kysely<DB>;

export async function dailyTracking(db: Q, actor: Actor, campaignId: string, now: Date, since?: string) {
  requireCan(actor, 'dashboard.read');
  // an unknown campaign has no policy to compute lights with: answer NOT_FOUND, as the dashboard does
  const campaign = await db.selectFrom('campaigns').select('id').where('id', '=', campaignId).executeTakeFirst();
  if (!campaign) throw new LuoshiError('NOT_FOUND');
  const { leaves, ctx, today } = await visibleLeaves(db, actor, campaignId, now);
  const from = since ?? new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const reports = await db
    .selectFrom('progress_reports')
    .innerJoin('tasks', 'tasks.id', 'progress_reports.task_id')
    .innerJoin('units', 'units.id', 'progress_reports.unit_id')
    .select([
      'progress_reports.id',
      'progress_reports.task_id',
      'tasks.code',
      'tasks.title',
      'tasks.lead_unit_id',
      'units.name as unit_name',
      'progress_reports.status',
      'progress_reports.percent',
      'progress_reports.submitted_at',
    ])
    .where('tasks.campaign_id', '=', campaignId)
    .where('progress_reports.submitted_at', '>=', startOfLocalDay(from).toISOString())
    .orderBy('progress_reports.submitted_at', 'desc')
    .limit(500)
    .execute();
  const readable = (taskId: string, lead: string | null) => canReadTask(actor, lead, ctx.cooperators.get(taskId) ?? []);
  const changes = await db
    .selectFrom('task_light_changes')
    .innerJoin('tasks', 'tasks.id', 'task_light_changes.task_id')
    .select(['task_light_changes.task_id', 'tasks.code', 'tasks.title', 'tasks.lead_unit_id', 'task_light_changes.changed_on', 'task_light_changes.from_light', 'task_light_changes.to_light', 'task_light_changes.rule'])
    .where('tasks.campaign_id', '=', campaignId)
    .where('task_light_changes.changed_on', '>=', from)
    .orderBy('task_light_changes.changed_on', 'desc')
    .limit(500)
    .execute();
  const newlyOverdue = leaves
    .filter((r) => r.planned_end && r.planned_end >= from && r.planned_end < today && ctx.lights.get(r.id)?.rule === 'overdue')
    .map((r) => {
      const l = ctx.lights.get(r.id)!;
      return {
        id: r.id,
        code: r.code,
        title: r.title,
        leadUnitName: r.lead_unit_id ? (ctx.unitNames.get(r.lead_unit_id) ?? null) : null,
        plannedEnd: r.planned_end,
        progress: ctx.rollup.get(r.id)?.progress ?? Number(r.progress),
        light: l.light,
        rule: l.rule,
        zh: l.zh,
        en: l.en,
      };
    });
  return {
    since: from,
    reports: reports
      .filter((r) => readable(r.task_id, r.lead_unit_id))
      .map((r) => ({ id: r.id, taskId: r.task_id, taskCode: r.code, taskTitle: r.title, unitName: r.unit_name, status: r.status, percent: Number(r.percent), at: r.submitted_at! })),
    lightChanges: changes
      .filter((c) => readable(c.task_id, c.lead_unit_id))
      .map((c) => ({ taskId: c.task_id, taskCode: c.code, taskTitle: c.title, on: c.changed_on, from: c.from_light, to: c.to_light, rule: c.rule })),
    newlyOverdue,
  };
}
