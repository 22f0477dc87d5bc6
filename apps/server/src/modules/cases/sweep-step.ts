/**
 * The sweep's step for case clocks (SPEC §10): a case that misses its clock is a case for 督办
 * like a late task. For every open case with an overdue clock, the office gets a proposal of 督办
 * for the owner unit — once per case and clock (the dedupe key), however often the sweep runs.
 * The step also fulfils a case's running 督办 once the case is replied to, and closes replied
 * cases nobody rated within the policy's days.
 */
import { sql } from 'kysely';
import { CLOCK_LABELS, addDays } from '@luoshi/domain';
import type { SweepStep } from '../sweep/sweep.ts';
import { proposeMany, type NewProposal } from '../supervision/proposals.ts';
import { notifyUsers, usersWithFunction } from '../../platform/notify.ts';
import { closeFulfilled } from '../supervision/workflow.ts';
import { CLOCK_COLUMNS, clocksOf } from './clocks.ts';
import { readCasePolicy } from './repo.ts';
import { recordEvent, recordEvents } from './events.ts';
import { saveCase } from './change.ts';

const OPEN = ['received', 'handling', 'review', 're_review'];

/** The name of the clock a case runs now (domain: clocksOf / petitionClocks start them in this order). */
const RUNNING_CLOCK = sql`(case
  when cases.re_review_requested_on is not null then 'reReview'
  when cases.review_requested_on is not null then 'review'
  when cases.petition = 1 and not (cases.accepted = 1 and cases.acceptance_on is not null) then 'acceptance'
  else 'handling' end)`;

export const caseClockStep: SweepStep = async (tx, campaignId, { today, knownProposals: known }) => {
  const campaign = await tx.db.selectFrom('campaigns').select(['start_date', 'end_date']).where('id', '=', campaignId).executeTakeFirstOrThrow();
  const policy = await readCasePolicy(tx.db);
  const days = new Map((await tx.db.selectFrom('case_categories').select(['id', 'handle_days']).execute()).map((c) => [c.id, c.handle_days]));
  let caseProposals = 0;
  // only cases whose running clock is due by today can have an overdue clock: the stored due date
  // (kept on every change, on a pause and on a new holiday schedule) finds them through an index;
  // their clocks are then worked out in full as before
  // and of those, only cases whose running clock (the last one started: clocks run one after
  // another) has no proposal yet: a day with nothing new reads no case at all
  const rows = await tx.db
    .selectFrom('cases')
    .select(['id', 'number', 'title', 'owner_unit_id', 'category_id', 'email_enc', ...CLOCK_COLUMNS])
    .where('status', 'in', OPEN)
    .where('owner_unit_id', 'is not', null)
    .where((eb) => eb.or([eb('due_on', 'is', null), eb('due_on', '<=', today)]))
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('proposals')
            .select(sql`1`.as('x'))
            .whereRef('proposals.dedupe_key', '=', sql`'supervise:case:' || cases.id || ':' || ${RUNNING_CLOCK}`),
        ),
      ),
    )
    .execute();
  // (a key another campaign already holds was left out by the query above; a race is settled by the unique key in proposeMany)
  const wanted: { row: (typeof rows)[number]; p: NewProposal }[] = [];
  for (const row of rows) {
    for (const clock of clocksOf(row, policy, days.get(row.category_id) ?? null, today)) {
      // a clock belongs to the campaign of the year its due date falls in
      if (clock.status !== 'overdue' || clock.dueOn < campaign.start_date || clock.dueOn > campaign.end_date) continue;
      const key = `supervise:case:${row.id}:${clock.name}`;
      if (known.has(key)) continue;
      const label = CLOCK_LABELS[clock.name].zh;
      wanted.push({
        row,
        p: {
          campaign_id: campaignId,
          kind: 'supervise',
          subject_type: 'case',
          subject_id: row.id,
          unit_id: row.owner_unit_id!,
          parent_notice_id: null,
          reason: `诉求 ${row.number}「${row.title}」${label}期限 ${clock.dueOn} 已过仍未办结`,
          rule: `case_${clock.name}_overdue`,
          dedupe_key: key,
        },
      });
    }
  }
  // proposed in batches; each case that got a new proposal records it on its timeline
  const created = new Set((await proposeMany(tx, wanted.map((w) => w.p), known)).map((p) => p.dedupe_key));
  const events = wanted.filter((w) => created.has(w.p.dedupe_key)).map((w) => ({ row: w.row, kind: 'supervised', note: w.p.reason, public: false }));
  await recordEvents(tx, events);
  caseProposals += events.length;
  let caseNoticesFulfilled = 0;
  const running = await tx.db.selectFrom('notices').selectAll().where('campaign_id', '=', campaignId).where('subject_type', '=', 'case').where('status', '=', 'issued').execute();
  const statusOf = new Map<string, string>();
  for (let i = 0; i < running.length; i += 500) {
    const ids = running.slice(i, i + 500).map((n) => n.subject_id);
    for (const c of await tx.db.selectFrom('cases').select(['id', 'status']).where('id', 'in', ids).execute()) statusOf.set(c.id, c.status);
  }
  for (const n of running) {
    const status = statusOf.get(n.subject_id);
    if (status !== undefined && !OPEN.includes(status)) {
      await closeFulfilled(tx, n, '诉求已答复或办结');
      caseNoticesFulfilled++;
    }
  }
  let casesClosed = 0;
  const waiting = await tx.db.selectFrom('cases').selectAll().where('status', '=', 'replied').where('satisfaction', 'is', null).where('replied_on', '<', addDays(today, -policy.autoCloseDays)).execute();
  for (const row of waiting) {
    const after = await saveCase(tx, row, { status: 'closed', closed_at: tx.nowIso }, 'case.autoclose');
    await recordEvent(tx, after, 'closed', { note: `答复后 ${policy.autoCloseDays} 日未评价,自动办结` });
    casesClosed++;
  }
  if (caseProposals) {
    await notifyUsers(tx.db, tx.nowIso, await usersWithFunction(tx.db, 'office'), {
      kind: 'proposal.new',
      title: `系统巡查:${caseProposals} 件诉求超过办理时限,建议督办`,
      link: '/app/proposals',
      dedupeKey: `case-proposals:${campaignId}:${today}:${caseProposals}`,
    });
  }
  return { caseProposals, caseNoticesFulfilled, casesClosed };
};
