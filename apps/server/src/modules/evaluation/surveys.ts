/**
 * 政府效能评议 questionnaires (R-FIVE-3): the office or the assessment office builds one — questions
 * with the value of every answer, the units to be rated, who rates (public, enterprises, deputies,
 * internal raters) — opens it, closes it and publishes its results. Only closed surveys count in
 * the annual score.
 */
import type { Kysely } from 'kysely';
import { LuoshiError, evaluationRate, readsAssessment, type Actor, type EvaluationFact, type RaterGroup } from '@luoshi/domain';
import type { BodyT, evaluation, SurveyT } from '@luoshi/contracts';
import type { DB, SurveysTable } from '../../platform/db/schema.ts';
import { requireCan, type Tx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { policyFor } from '../campaigns/policy.ts';

type Q = Kysely<DB>;

export interface StoredQuestion {
  key: string;
  text: string;
  choices: { label: string; value: number }[];
}

function invalid(path: string, zh: string, en: string): LuoshiError {
  return new LuoshiError('VALIDATION_FAILED', { issues: [{ path, zh, en }] });
}

export async function findSurvey(db: Q, id: string): Promise<SurveysTable> {
  const s = await db.selectFrom('surveys').selectAll().where('id', '=', id).executeTakeFirst();
  if (!s) throw new LuoshiError('NOT_FOUND');
  return s;
}

export async function presentSurveys(db: Q, rows: SurveysTable[]): Promise<SurveyT[]> {
  if (!rows.length) return [];
  const names = new Map((await db.selectFrom('units').select(['id', 'name']).execute()).map((u) => [u.id, u.name]));
  const counts = new Map(
    (
      await db
        .selectFrom('survey_responses')
        .select(['survey_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('survey_id', 'in', rows.map((r) => r.id))
        .groupBy('survey_id')
        .execute()
    ).map((c) => [c.survey_id, Number(c.n)]),
  );
  return rows.map((s) => ({
    id: s.id,
    campaignId: s.campaign_id,
    title: s.title,
    description: s.description,
    audiences: JSON.parse(s.audiences) as SurveyT['audiences'],
    questions: JSON.parse(s.questions) as StoredQuestion[],
    units: (JSON.parse(s.unit_ids) as string[]).map((id) => ({ id, name: names.get(id) ?? '' })),
    deputyUserIds: JSON.parse(s.deputy_user_ids) as string[],
    maxPerNetwork: s.max_per_network,
    status: s.status as SurveyT['status'],
    resultsPublished: s.results_published === 1,
    responses: counts.get(s.id) ?? 0,
    createdBy: s.created_name,
    createdAt: s.created_at,
  }));
}

export async function listSurveys(db: Q, actor: Actor, campaignId: string) {
  requireCan(actor, 'survey.read');
  const c = await db.selectFrom('campaigns').select('id').where('id', '=', campaignId).executeTakeFirst();
  if (!c) throw new LuoshiError('NOT_FOUND');
  return { items: await presentSurveys(db, await db.selectFrom('surveys').selectAll().where('campaign_id', '=', campaignId).orderBy('created_at').execute()) };
}

export async function createSurvey(tx: Tx, campaignId: string, input: BodyT<typeof evaluation.createSurvey>) {
  const actor = requireCan(tx.actor, 'survey.manage');
  const c = await tx.db.selectFrom('campaigns').select('id').where('id', '=', campaignId).executeTakeFirst();
  if (!c) throw new LuoshiError('NOT_FOUND');
  const keys = input.questions.map((q) => q.key);
  if (new Set(keys).size !== keys.length) throw invalid('questions', '题目编号重复', 'question keys repeat');
  const audiences = [...new Set(input.audiences)];
  const unitIds = [...new Set(input.unitIds)];
  const units = await tx.db.selectFrom('units').select('id').where('id', 'in', unitIds).where('active', '=', 1).execute();
  if (units.length !== unitIds.length) throw invalid('unitIds', '被评议单位不存在或已停用', 'no such active unit');
  const deputies = [...new Set(input.deputyUserIds)];
  if (deputies.length) {
    const found = await tx.db.selectFrom('users').select('id').where('id', 'in', deputies).where('disabled', '=', 0).execute();
    if (found.length !== deputies.length) throw invalid('deputyUserIds', '账号不存在或已停用', 'no such active account');
  }
  if (deputies.length && !audiences.includes('deputy')) throw invalid('deputyUserIds', '评议对象不含代表委员', 'deputies are not an audience of this survey');
  const row: SurveysTable = {
    id: newId(tx.now.getTime()),
    campaign_id: campaignId,
    title: input.title,
    description: input.description,
    audiences: JSON.stringify(audiences),
    questions: JSON.stringify(input.questions),
    unit_ids: JSON.stringify(unitIds),
    deputy_user_ids: JSON.stringify(deputies),
    max_per_network: input.maxPerNetwork,
    status: 'draft',
    results_published: 0,
    created_name: actor.displayName,
    created_at: tx.nowIso,
    updated_at: tx.nowIso,
  };
  await tx.db.insertInto('surveys').values(row).execute();
  await tx.audit({ action: 'survey.create', entityType: 'survey', entityId: row.id, after: row });
  return (await presentSurveys(tx.db, [row]))[0]!;
}

export async function setSurveyStatus(tx: Tx, id: string, input: BodyT<typeof evaluation.setSurveyStatus>) {
  requireCan(tx.actor, 'survey.manage');
  const before = await findSurvey(tx.db, id);
  if (input.resultsPublished !== undefined && input.status !== 'closed') throw invalid('resultsPublished', '评议结束后方可公布结果', 'publish results after closing');
  const allowed = (before.status === 'draft' && input.status === 'open') || (before.status === 'open' && input.status === 'closed') || (before.status === 'closed' && input.status === 'closed');
  if (!allowed) throw new LuoshiError('INVALID_STATE', { issues: [{ path: 'status', zh: '问卷只能由草稿到开始、由开始到结束', en: 'a survey goes from draft to open to closed' }] });
  const change = { status: input.status, results_published: input.resultsPublished === undefined ? before.results_published : input.resultsPublished ? 1 : 0, updated_at: tx.nowIso };
  await tx.db.updateTable('surveys').set(change).where('id', '=', id).execute();
  await tx.audit({ action: 'survey.status', entityType: 'survey', entityId: id, before: { status: before.status, resultsPublished: before.results_published === 1 }, after: { status: change.status, resultsPublished: change.results_published === 1 } });
  return (await presentSurveys(tx.db, [{ ...before, ...change }]))[0]!;
}

/** Each unit's result in one survey: group means and the policy-weighted overall (0–100). */
export async function resultsOf(db: Q, s: SurveysTable, unitFilter: string[] | null, at: Date) {
  const policy = await policyFor(db, s.campaign_id, at);
  const ratings = await db.selectFrom('survey_ratings').select(['unit_id', 'rater_group', 'value']).where('survey_id', '=', s.id).execute();
  const names = new Map((await db.selectFrom('units').select(['id', 'name']).execute()).map((u) => [u.id, u.name]));
  const responses = Number((await db.selectFrom('survey_responses').select((eb) => eb.fn.countAll<number>().as('n')).where('survey_id', '=', s.id).executeTakeFirst())?.n ?? 0);
  const units = (JSON.parse(s.unit_ids) as string[]).filter((u) => unitFilter === null || unitFilter.includes(u));
  return {
    responses,
    units: units.map((unitId) => {
      const byGroup = new Map<RaterGroup, EvaluationFact>();
      for (const r of ratings.filter((x) => x.unit_id === unitId)) {
        const g = r.rater_group as RaterGroup;
        const f = byGroup.get(g) ?? { group: g, count: 0, sum: 0, sources: [] };
        f.count++;
        f.sum += Number(r.value);
        byGroup.set(g, f);
      }
      const { rate, groups } = evaluationRate([...byGroup.values()], policy.evaluation);
      return {
        unitId,
        unitName: names.get(unitId) ?? '',
        groups: groups.map((g) => ({ group: g.group, count: g.count, mean: g.mean })),
        overall: rate === null ? null : Math.round(rate * 10000) / 100,
      };
    }),
  };
}

export async function surveyResults(db: Q, actor: Actor, id: string, now: Date) {
  requireCan(actor, 'survey.read');
  const s = await findSurvey(db, id);
  const scope = readsAssessment(actor) ? null : [...new Set([...actor.memberships.map((m) => m.unitId), ...actor.chargedUnitIds])];
  const r = await resultsOf(db, s, scope, now);
  return { surveyId: s.id, status: s.status as 'draft' | 'open' | 'closed', responses: r.responses, units: r.units };
}
