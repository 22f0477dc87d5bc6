/**
 * The sweep (R-ESC-7): lateness is found by the system, not by memory. Run daily by `serve` and by
 * `luoshi sweep [--now ISO]`. On `serve`'s timer one instance of several claims each period
 * (runScheduledSweep); each campaign is swept in one transaction under a lock, so two app
 * instances never do the same work twice; every step is idempotent (dedupe keys, recorded state).
 */
import { sql } from 'kysely';
import { daysBetween, localDate, type Actor } from '@luoshi/domain';
import { runTx, type Services, type Tx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { writeSetting } from '../../platform/settings.ts';
import { notifyUsers } from '../../platform/notify.ts';
import { treeContext } from '../tasks/read-tasks.ts';
import { escalationStep } from '../supervision/proposals.ts';
import { caseClockStep } from '../cases/sweep-step.ts';

const SWEEP_LOCK_KEY = 7_711_002;

/** The sweep acts as the system, recorded as such in the audit log. */
export const SWEEPER: Actor = {
  userId: 'system:sweep',
  username: 'sweep',
  personId: null,
  displayName: '系统巡查',
  systemRoles: [],
  memberships: [],
  chargedUnitIds: [],
};

export interface SweepReport {
  campaigns: number;
  tasksEvaluated: number;
  lightChanges: number;
  reminders: number;
  proposals: number;
  lapsed: number;
  fulfilled: number;
  skipped: boolean;
  /** how long the sweep took, in milliseconds (for the log and `luoshi sweep`) */
  ms: number;
  [step: string]: number | boolean;
}

/**
 * What every step is given: the campaign's tree as of the sweep's instant, and the dedupe keys of
 * the proposals the campaign already has — so a day with nothing new costs no write and no query
 * per task (a step adds the keys it creates).
 */
export type SweepContext = Awaited<ReturnType<typeof treeContext>> & { knownProposals: Set<string> };
export type SweepStep = (tx: Tx, campaignId: string, ctx: SweepContext) => Promise<Record<string, number>>;

const BATCH = 200;

/** Records each task's light when it changes (for 日常跟踪: what changed since yesterday), in batches. */
const recordLights: SweepStep = async (tx, campaignId, { ctx, today }) => {
  // the recorded lights are read here, not from the (possibly cached) tree: recording them does not make the tree stale
  const recorded = await tx.db.selectFrom('tasks').select(['id', 'light']).where('campaign_id', '=', campaignId).execute();
  const changed = recorded.filter((r) => ctx.lights.has(r.id) && r.light !== ctx.lights.get(r.id)!.light);
  for (let i = 0; i < changed.length; i += BATCH) {
    const part = changed.slice(i, i + BATCH);
    await tx.db
      .insertInto('task_light_changes')
      .values(part.map((r) => ({ id: newId(tx.now.getTime()), task_id: r.id, changed_on: today, from_light: r.light, to_light: ctx.lights.get(r.id)!.light, rule: ctx.lights.get(r.id)!.rule })))
      .execute();
    const byLight = new Map<string, string[]>();
    for (const r of part) {
      const l = ctx.lights.get(r.id)!.light;
      byLight.set(l, [...(byLight.get(l) ?? []), r.id]);
    }
    for (const [light, ids] of byLight) await tx.db.updateTable('tasks').set({ light }).where('id', 'in', ids).execute();
  }
  return { lightChanges: changed.length };
};

/** Reminds the handler (and the unit's leader in charge) the policy's number of days before a due date. */
const dueReminders: SweepStep = async (tx, campaignId, { rows, ctx, today, policy }) => {
  let sent = 0;
  const open = rows.filter((r) => !ctx.childCount.get(r.id) && r.planned_end && r.status !== 'completed' && r.status !== 'cancelled');
  const due = open.filter((r) => policy.deadlines.remindDaysBefore.includes(daysBetween(today, r.planned_end!)));
  if (!due.length) return { reminders: 0 };
  const resp = await tx.db
    .selectFrom('task_responsibilities')
    .innerJoin('users', 'users.person_id', 'task_responsibilities.person_id')
    .select(['task_responsibilities.task_id', 'task_responsibilities.role', 'users.id as user_id'])
    .where('task_responsibilities.task_id', 'in', due.map((d) => d.id))
    .where('task_responsibilities.to_date', 'is', null)
    .where('task_responsibilities.role', 'in', ['handler', 'deputy'])
    .where('users.disabled', '=', 0)
    .execute();
  for (const r of due) {
    const days = daysBetween(today, r.planned_end!);
    const users = resp.filter((x) => x.task_id === r.id).map((x) => x.user_id);
    sent += await notifyUsers(tx.db, tx.nowIso, users, {
      kind: 'task.due_soon',
      title: `还有 ${days} 天到期:${r.code} ${r.title}`,
      body: `完成时限 ${r.planned_end},当前进度 ${ctx.rollup.get(r.id)?.progress ?? r.progress}%。`,
      link: `/app/tasks/${r.id}`,
      dedupeKey: `due:${campaignId}:${r.id}:${r.planned_end}:${days}`,
    });
  }
  return { reminders: sent };
};

/** Steps run for each campaign, in order. Later areas append theirs (escalation proposals …). */
export const SWEEP_STEPS: SweepStep[] = [recordLights, caseClockStep, escalationStep, dueReminders];

export async function runSweep(services: Services, at?: Date): Promise<SweepReport> {
  const started = performance.now();
  const now = at ?? services.clock.now();
  const clock = { now: () => now };
  const report: SweepReport = { campaigns: 0, tasksEvaluated: 0, lightChanges: 0, reminders: 0, proposals: 0, lapsed: 0, fulfilled: 0, skipped: false, ms: 0 };
  const campaigns = await services.db.kysely.selectFrom('campaigns').select(['id', 'start_date', 'end_date']).where('status', '=', 'active').execute();
  const today = localDate(now);
  for (const c of campaigns) {
    if (today < c.start_date) continue;
    const done = await runTx({ ...services, clock }, { actor: SWEEPER, ip: null }, async (tx) => {
      if (tx.dialect === 'postgres') {
        const got = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(${SWEEP_LOCK_KEY}) as ok`.execute(tx.db);
        if (!got.rows[0]!.ok) return null;
      }
      // nothing is written yet in this transaction: the tree cached at the current data version is what it would read
      const tree = await treeContext(tx.db, c.id, now, { unwrittenTransaction: true });
      const known = await tx.db.selectFrom('proposals').select('dedupe_key').where('campaign_id', '=', c.id).execute();
      const ctx: SweepContext = { ...tree, knownProposals: new Set(known.map((k) => k.dedupe_key)) };
      const counts: Record<string, number> = { tasksEvaluated: ctx.rows.length };
      for (const step of SWEEP_STEPS) Object.assign(counts, await step(tx, c.id, ctx));
      return counts;
    });
    if (!done) {
      report.skipped = true;
      continue;
    }
    report.campaigns++;
    for (const [k, v] of Object.entries(done)) report[k] = ((report[k] as number | undefined) ?? 0) + v;
  }
  report.ms = Math.round(performance.now() - started);
  return report;
}

const SCHEDULE_LOCK_KEY = 7_711_003;
export const SWEEP_CLAIM_KEY = 'sweep.claim';

/**
 * The sweep `serve` runs on its timer. Several instances may share one PostgreSQL database, each
 * with its own timer: the first to claim a period runs the sweep and the others skip it, so it runs
 * once per period however many instances there are. The claim (a setting, under a lock) keeps the
 * others off for `claimMinutes` (schedule.ts: half the interval, or an hour around the daily time),
 * so timers that drift still never run it twice, and an instance started later takes over when the
 * others stop. The claim is audited. Null when another instance has it.
 */
export async function runScheduledSweep(services: Services, claimMinutes: number, instance: string): Promise<SweepReport | null> {
  const now = services.clock.now();
  const claimed = await runTx(services, { actor: SWEEPER, ip: null }, async (tx) => {
    if (tx.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${SCHEDULE_LOCK_KEY})`.execute(tx.db);
    const row = await tx.db.selectFrom('settings').select('value').where('key', '=', SWEEP_CLAIM_KEY).executeTakeFirst();
    const before = row ? (JSON.parse(row.value) as { at: string; instance: string }) : null;
    if (before && Math.abs(now.getTime() - Date.parse(before.at)) < claimMinutes * 60_000) return false;
    const after = { at: tx.nowIso, instance };
    await writeSetting(tx.db, SWEEP_CLAIM_KEY, after, tx.nowIso);
    await tx.audit({ action: 'sweep.claim', entityType: 'settings', entityId: SWEEP_CLAIM_KEY, before, after });
    return true;
  });
  return claimed ? runSweep(services, now) : null;
}
