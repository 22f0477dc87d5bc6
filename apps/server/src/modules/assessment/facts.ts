/**
 * The records a score is made from, read in a few flat queries per campaign: the task tree (with
 * roll-up), the deduction ledger, commendations, bonus records, inspection findings, rectification
 * checks, violation cases, survey ratings and meeting results. Nothing here decides a number; the
 * domain's scoreUnit does.
 */
import type { Kysely } from 'kysely';
import { localDate, type BonusCategory, type CampaignPolicy, type CountedTask, type EvaluationFact, type RaterGroup, type UnitFacts } from '@luoshi/domain';
import type { DB } from '../../platform/db/schema.ts';
import { treeContext } from '../tasks/read-tasks.ts';

type Q = Kysely<DB>;

export interface CampaignRow {
  id: string;
  year: number;
  name: string;
  start_date: string;
  end_date: string;
}

export interface AssessedUnit {
  id: string;
  name: string;
  kind: string;
}

/** Units assessed under the policy: active units of the assessed kinds, or exactly the given ones (a closed year). */
export async function assessedUnits(db: Q, policy: CampaignPolicy, onlyIds?: string[]): Promise<AssessedUnit[]> {
  let q = db.selectFrom('units').select(['id', 'name', 'kind', 'sort_order']);
  if (onlyIds) {
    if (!onlyIds.length) return [];
    q = q.where('id', 'in', onlyIds);
  } else {
    q = q.where('active', '=', 1).where('kind', 'in', policy.scoring.unitKinds);
  }
  const rows = await q.orderBy('sort_order').orderBy('name').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind }));
}

/** Counted work: leaves of the tree led by an assessed unit, due on or before the assessment date. */
async function countedTasks(db: Q, campaignId: string, asOf: string, now: Date, units: Set<string>) {
  const { rows, ctx } = await treeContext(db, campaignId, now);
  const completedWithoutDate = new Map(
    (
      await db.selectFrom('tasks').select(['id', 'updated_at']).where('campaign_id', '=', campaignId).where('status', '=', 'completed').where('actual_end', 'is', null).execute()
    ).map((r) => [r.id, localDate(new Date(r.updated_at))]),
  );
  const out = new Map<string, CountedTask[]>();
  for (const r of rows) {
    if (ctx.childCount.get(r.id)) continue;
    if (!r.lead_unit_id || !units.has(r.lead_unit_id)) continue;
    if (!r.planned_end || r.planned_end > asOf) continue;
    const commitment = r.source_kind === 'commitment';
    // an empty rectification plan is not itself a commitment
    if (commitment && (r.node_type === 'project' || r.node_type === 'goal')) continue;
    const status = r.status as CountedTask['status'];
    const list = out.get(r.lead_unit_id) ?? [];
    list.push({
      id: r.id,
      code: r.code,
      title: r.title,
      plannedEnd: r.planned_end,
      status,
      progress: ctx.rollup.get(r.id)?.progress ?? Number(r.progress),
      actualEnd: r.actual_end ?? (status === 'completed' ? (completedWithoutDate.get(r.id) ?? null) : null),
      commitment,
    });
    out.set(r.lead_unit_id, list);
  }
  return out;
}

async function ledger(db: Q, campaignId: string) {
  return db
    .selectFrom('deductions')
    .innerJoin('notices', 'notices.id', 'deductions.notice_id')
    .select(['deductions.id', 'deductions.unit_id', 'deductions.notice_id', 'notices.doc_number', 'deductions.kind', 'deductions.points', 'deductions.reason', 'deductions.created_at'])
    .where('deductions.campaign_id', '=', campaignId)
    .execute();
}

/** 通报表扬 of the unit's work; the commendation that announces the year's awards is not a bonus of its addressee. */
async function commendations(db: Q, campaignId: string) {
  const awardNotices = (await db.selectFrom('award_nominations').select('notice_id').where('campaign_id', '=', campaignId).where('notice_id', 'is not', null).execute()).map((r) => r.notice_id!);
  let q = db.selectFrom('notices').select(['id', 'unit_id', 'doc_number', 'title', 'issued_on']).where('campaign_id', '=', campaignId).where('kind', '=', 'commend').where('status', 'in', ['issued', 'fulfilled']);
  if (awardNotices.length) q = q.where('id', 'not in', awardNotices);
  return q.execute();
}

async function findings(db: Q, campaignId: string, asOf: string) {
  const inspections = await db
    .selectFrom('inspections')
    .innerJoin('inspection_targets', 'inspection_targets.inspection_id', 'inspections.id')
    .select(['inspections.id', 'inspection_targets.unit_id', 'inspections.inspected_on', 'inspections.title'])
    .where('inspections.campaign_id', '=', campaignId)
    .where('inspections.conclusion', '=', 'problem')
    .where('inspections.inspected_on', '<=', asOf)
    .execute();
  const checks = await db
    .selectFrom('rectification_checks')
    .innerJoin('rectification_drives', 'rectification_drives.id', 'rectification_checks.drive_id')
    .select(['rectification_checks.id', 'rectification_checks.unit_id', 'rectification_checks.checked_on', 'rectification_drives.title', 'rectification_checks.findings'])
    .where('rectification_checks.campaign_id', '=', campaignId)
    .where('rectification_checks.result', '=', 'problem')
    .where('rectification_checks.checked_on', '<=', asOf)
    .execute();
  const cases = await db
    .selectFrom('conduct_cases')
    .select(['id', 'unit_id', 'decided_on', 'title'])
    .where('campaign_id', '=', campaignId)
    .where('status', '=', 'decided')
    .where('violation', '=', 1)
    .where('decided_on', '<=', asOf)
    .execute();
  const out = new Map<string, UnitFacts['findings']>();
  const add = (unitId: string, f: UnitFacts['findings'][number]) => {
    const list = out.get(unitId) ?? [];
    if (!list.some((x) => x.source === f.source && x.id === f.id)) list.push(f);
    out.set(unitId, list);
  };
  for (const i of inspections) add(i.unit_id, { source: 'inspection', id: i.id, date: i.inspected_on, title: i.title });
  for (const c of checks) add(c.unit_id, { source: 'rectification', id: c.id, date: c.checked_on, title: `${c.title}:${c.findings}`.slice(0, 200) });
  for (const c of cases) add(c.unit_id, { source: 'case', id: c.id, date: c.decided_on!, title: c.title });
  return out;
}

/** Ratings of closed surveys and results of meetings held by the assessment date, summed per unit and group. */
async function evaluation(db: Q, campaignId: string, asOf: string) {
  const ratings = await db
    .selectFrom('survey_ratings')
    .innerJoin('surveys', 'surveys.id', 'survey_ratings.survey_id')
    .select(['survey_ratings.unit_id', 'survey_ratings.rater_group', 'survey_ratings.value', 'surveys.id as survey_id', 'surveys.title'])
    .where('surveys.campaign_id', '=', campaignId)
    .where('surveys.status', '=', 'closed')
    .execute();
  const meetings = await db.selectFrom('evaluation_meetings').select(['id', 'title', 'results']).where('campaign_id', '=', campaignId).where('held_on', '<=', asOf).execute();
  const out = new Map<string, Map<RaterGroup, EvaluationFact>>();
  const add = (unitId: string, group: RaterGroup, value: number, source: EvaluationFact['sources'][number]) => {
    const byGroup = out.get(unitId) ?? new Map<RaterGroup, EvaluationFact>();
    const f = byGroup.get(group) ?? { group, count: 0, sum: 0, sources: [] };
    f.count++;
    f.sum += value;
    if (!f.sources.some((s) => s.id === source.id)) f.sources.push(source);
    byGroup.set(group, f);
    out.set(unitId, byGroup);
  };
  for (const r of ratings) add(r.unit_id, r.rater_group as RaterGroup, Number(r.value), { id: r.survey_id, title: r.title, kind: 'survey' });
  for (const m of meetings) {
    for (const res of JSON.parse(m.results) as { unitId: string; value: number }[]) add(res.unitId, 'meeting', Number(res.value), { id: m.id, title: m.title, kind: 'meeting' });
  }
  return out;
}

/** Every assessed unit's facts for the campaign as of the assessment date. */
export async function gatherFacts(db: Q, campaign: CampaignRow, units: AssessedUnit[], asOf: string, now: Date): Promise<UnitFacts[]> {
  const ids = new Set(units.map((u) => u.id));
  const tasks = await countedTasks(db, campaign.id, asOf, now, ids);
  const led = await ledger(db, campaign.id);
  const commended = await commendations(db, campaign.id);
  const bonusRows = await db.selectFrom('assessment_bonuses').selectAll().where('campaign_id', '=', campaign.id).where('revoked_at', 'is', null).execute();
  const found = await findings(db, campaign.id, asOf);
  const rated = await evaluation(db, campaign.id, asOf);
  return units.map((u) => ({
    unitId: u.id,
    unitName: u.name,
    kind: u.kind,
    tasks: tasks.get(u.id) ?? [],
    ledger: led
      .filter((l) => l.unit_id === u.id)
      .map((l) => ({ id: l.id, noticeId: l.notice_id, docNumber: l.doc_number, kind: l.kind as 'deduction' | 'reversal', points: Number(l.points), reason: l.reason, createdAt: l.created_at })),
    commendations: commended.filter((c) => c.unit_id === u.id).map((c) => ({ noticeId: c.id, docNumber: c.doc_number, title: c.title, issuedOn: c.issued_on })),
    bonuses: bonusRows
      .filter((b) => b.unit_id === u.id)
      .map((b) => ({ id: b.id, category: b.category as BonusCategory, points: Number(b.points), reason: b.reason, createdAt: b.created_at })),
    findings: found.get(u.id) ?? [],
    evaluation: [...(rated.get(u.id)?.values() ?? [])],
  }));
}

/** Who lost award eligibility and has not had it back: by unit (role 'unit') and by person. */
export async function eligibilityLosses(db: Q, campaignId: string) {
  return db
    .selectFrom('eligibility_losses')
    .innerJoin('notices', 'notices.id', 'eligibility_losses.notice_id')
    .select(['eligibility_losses.unit_id', 'eligibility_losses.person_id', 'eligibility_losses.role', 'eligibility_losses.notice_id', 'notices.doc_number'])
    .where('eligibility_losses.campaign_id', '=', campaignId)
    .where('eligibility_losses.reversed_at', 'is', null)
    .execute();
}
