/**
 * Everything a year-end report shows, gathered once from the same records as the screens: the
 * ranking with each unit's parts, the deductions with their notices, the award list, and the budget
 * adjustments (only for readers who may see budgets).
 */
import type { Kysely } from 'kysely';
import { LuoshiError, can, readsAssessment, type Actor, type UnitScore } from '@luoshi/domain';
import type { BudgetRowT } from '@luoshi/contracts';
import type { DB } from '../../platform/db/schema.ts';
import { requireCan } from '../../platform/context.ts';
import { listBudgets, readsAllBudgets } from '../budget/budgets.ts';
import { eligibilityLosses } from './facts.ts';
import { overviewOf } from './read-assessment.ts';
import { yearState } from './year.ts';

type Q = Kysely<DB>;

export interface ReportData {
  year: number;
  campaignName: string;
  asOf: string;
  status: 'open' | 'closed';
  closedAt: string | null;
  generatedAt: string;
  /** the unit of a unit report; null for the county */
  unitId: string | null;
  rows: ReturnType<typeof overviewOf>['items'];
  scores: UnitScore[];
  awards: { title: string; unitName: string; personName: string | null; status: string; docNumber: string | null }[];
  /** null when the reader may not see budgets */
  budgets: BudgetRowT[] | null;
  budgetFormula: { zh: string; en: string } | null;
}

export async function reportData(db: Q, actor: Actor, campaignId: string, unitId: string | null, now: Date): Promise<ReportData> {
  if (unitId) requireCan(actor, 'assessment.read', { unitId });
  else if (!readsAssessment(actor)) throw new LuoshiError('FORBIDDEN', { issues: [{ path: 'report', zh: '全县报告只供督查、考核、财政和县领导查看', en: 'the county report is for the inspecting units, finance and county leaders' }] });
  const state = await yearState(db, campaignId, now);
  const overview = overviewOf(state, await eligibilityLosses(db, campaignId), unitId ? [unitId] : null);
  if (unitId && !overview.items.length) throw new LuoshiError('NOT_FOUND', { issues: [{ path: 'unitId', zh: '该单位不参加本年度考核', en: 'the unit is not assessed in this campaign' }] });
  const scores = state.official.filter((s) => !unitId || s.unitId === unitId);
  let awardQ = db
    .selectFrom('award_nominations')
    .innerJoin('units', 'units.id', 'award_nominations.unit_id')
    .leftJoin('people', 'people.id', 'award_nominations.person_id')
    .leftJoin('notices', 'notices.id', 'award_nominations.notice_id')
    .select(['award_nominations.title', 'units.name as unit_name', 'people.name as person_name', 'award_nominations.status', 'notices.doc_number', 'notices.status as notice_status'])
    .where('award_nominations.campaign_id', '=', campaignId)
    .where('award_nominations.status', '=', 'selected');
  if (unitId) awardQ = awardQ.where('award_nominations.unit_id', '=', unitId);
  const awards = (await awardQ.orderBy('award_nominations.nominated_at').orderBy('award_nominations.nominee_type', 'desc').orderBy('award_nominations.id').execute()).map((a) => ({
    title: a.title,
    unitName: a.unit_name,
    personName: a.person_name,
    status: a.notice_status === 'issued' || a.notice_status === 'fulfilled' ? '已通报表彰' : a.notice_status ? '表彰通报审定中' : '已确定',
    docNumber: a.notice_status === 'issued' || a.notice_status === 'fulfilled' ? a.doc_number : null,
  }));
  let budgets: BudgetRowT[] | null = null;
  let budgetFormula: ReportData['budgetFormula'] = null;
  if (unitId ? can(actor, 'budget.read', { unitId }) : readsAllBudgets(actor)) {
    const b = await listBudgets(db, actor, campaignId, now);
    budgets = b.items.filter((x) => !unitId || x.unitId === unitId);
    budgetFormula = b.formula;
  }
  return {
    year: state.campaign.year,
    campaignName: state.campaign.name,
    asOf: state.asOf,
    status: overview.status,
    closedAt: overview.closedAt,
    generatedAt: now.toISOString(),
    unitId,
    rows: overview.items,
    scores,
    awards,
    budgets,
    budgetFormula,
  };
}
