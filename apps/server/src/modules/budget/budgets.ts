/**
 * 经费挂钩 (R-ASSESS-3): the finance bureau enters each unit's annual work budget; the reward and
 * the cut of every unit follow from the official score, its counted work and the policy's formula
 * and caps, each with its working. Finance, the office, the assessment office and the county head
 * see every unit; a unit sees its own.
 */
import type { Kysely } from 'kysely';
import { LuoshiError, budgetAdjustment, isCountyPrincipal, isOffice, hasFunction, median, toFen, type Actor, type CampaignPolicy } from '@luoshi/domain';
import type { BodyT, assessment, BudgetRowT } from '@luoshi/contracts';
import type { DB, UnitBudgetsTable } from '../../platform/db/schema.ts';
import { requireCan, type Tx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { eligibilityLosses } from '../assessment/facts.ts';
import { yearState, type YearState } from '../assessment/year.ts';
import { lossesOf } from '../awards/eligibility.ts';

type Q = Kysely<DB>;

/** Finance, the office, the assessment office and the county head read every unit's budget. */
export function readsAllBudgets(a: Actor): boolean {
  return hasFunction(a, 'finance') || isOffice(a) || hasFunction(a, 'assessment') || isCountyPrincipal(a);
}

/** The formula in words, with the policy's numbers. */
export function formulaText(p: CampaignPolicy['budget']) {
  const r = p.reward;
  const c = p.cut;
  const pct = (x: number) => `${Math.round(x * 10000) / 100}%`;
  return {
    zh:
      `奖励 = 预算 ×(承担任务重 ${pct(r.heavyRate)}〔牵头事项数不少于中位数的 ${r.heavyFactor} 倍〕+ 完成质量好 ${pct(r.qualityRate)}〔得分不低于 ${r.qualityScore}〕+ 工作有创新 ${pct(r.innovationRate)}),` +
      `不超过预算的 ${pct(r.maxShare)}${r.maxAmount === null ? '' : `且不超过 ${r.maxAmount} 元`}${r.requiresEligibility ? ',被取消评优资格的不予奖励' : ''};` +
      `削减 = 预算 × ${c.factor} ×(1 − 完成进度),仅对效率低下〔评议得分率低于 ${pct(c.efficiencyBelow)}〕、完成质量差〔得分低于 ${c.scoreBelow}〕${c.late ? '或不能按时完成任务' : ''}的单位,` +
      `不超过预算的 ${pct(c.maxShare)}${c.maxAmount === null ? '' : `且不超过 ${c.maxAmount} 元`}。`,
    en:
      `Reward = budget × (heavy tasks ${pct(r.heavyRate)} [leads ≥ ${r.heavyFactor} × the median] + quality ${pct(r.qualityRate)} [score ≥ ${r.qualityScore}] + innovation ${pct(r.innovationRate)}), ` +
      `at most ${pct(r.maxShare)} of the budget${r.maxAmount === null ? '' : ` and ${r.maxAmount} yuan`}${r.requiresEligibility ? '; none for a unit that lost award eligibility' : ''}. ` +
      `Cut = budget × ${c.factor} × (1 − completion progress), only for units that are inefficient [rate < ${pct(c.efficiencyBelow)}], poor [score < ${c.scoreBelow}]${c.late ? ' or late' : ''}, ` +
      `at most ${pct(c.maxShare)} of the budget${c.maxAmount === null ? '' : ` and ${c.maxAmount} yuan`}.`,
  };
}

async function rowsFor(db: Q, state: YearState, unitIds: string[] | null): Promise<{ medianTasks: number | null; items: BudgetRowT[] }> {
  const campaignId = state.campaign.id;
  const budgets = new Map((await db.selectFrom('unit_budgets').selectAll().where('campaign_id', '=', campaignId).execute()).map((b) => [b.unit_id, b]));
  const losses = await eligibilityLosses(db, campaignId);
  const innovations = await db.selectFrom('assessment_bonuses').select(['id', 'unit_id', 'reason']).where('campaign_id', '=', campaignId).where('category', '=', 'innovation').where('revoked_at', 'is', null).execute();
  const counts = state.facts.map((f) => f.tasks.filter((t) => t.status !== 'cancelled').length).filter((n) => n > 0);
  const medianTasks = median(counts);
  const items = state.official
    .filter((s) => unitIds === null || unitIds.includes(s.unitId))
    .map((score): BudgetRowT => {
      const b = budgets.get(score.unitId);
      const facts = state.facts.find((f) => f.unitId === score.unitId);
      const result = budgetAdjustment(
        {
          unitId: score.unitId,
          unitName: score.unitName,
          budget: b ? Number(b.amount_fen) / 100 : null,
          score,
          tasks: facts?.tasks ?? [],
          eligibilityLost: lossesOf(losses, { nomineeType: 'unit', unitId: score.unitId, personId: null }).map((l) => l.docNumber ?? l.noticeId),
          innovations: innovations.filter((i) => i.unit_id === score.unitId).map((i) => ({ id: i.id, reason: i.reason })),
        },
        { medianTasks },
        state.policy.budget,
      );
      return {
        ...result,
        note: b?.note ?? '',
        enteredBy: b?.entered_name ?? null,
        enteredAt: b?.entered_at ?? null,
        rowVersion: b?.row_version ?? null,
        score: score.score,
      };
    });
  return { medianTasks, items };
}

export async function listBudgets(db: Q, actor: Actor, campaignId: string, now: Date) {
  requireCan(actor, 'budget.read');
  const state = await yearState(db, campaignId, now);
  const scope = readsAllBudgets(actor) ? null : [...new Set([...actor.memberships.map((m) => m.unitId), ...actor.chargedUnitIds])];
  const { medianTasks, items } = await rowsFor(db, state, scope);
  return { status: (state.close ? 'closed' : 'open') as 'open' | 'closed', medianTasks, formula: formulaText(state.policy.budget), items };
}

export async function setBudget(tx: Tx, campaignId: string, unitId: string, input: BodyT<typeof assessment.setBudget>) {
  const actor = requireCan(tx.actor, 'budget.manage');
  const state = await yearState(tx.db, campaignId, tx.now);
  if (!state.official.some((s) => s.unitId === unitId)) {
    throw new LuoshiError('VALIDATION_FAILED', { issues: [{ path: 'unitId', zh: '该单位不参加本年度考核', en: 'the unit is not assessed in this campaign' }] });
  }
  const before = await tx.db.selectFrom('unit_budgets').selectAll().where('campaign_id', '=', campaignId).where('unit_id', '=', unitId).executeTakeFirst();
  if (before && input.rowVersion !== undefined && input.rowVersion !== before.row_version) throw new LuoshiError('CONFLICT', { detail: { rowVersion: before.row_version } });
  const fen = toFen(input.amount);
  let after: UnitBudgetsTable;
  if (before) {
    const change = { amount_fen: fen, note: input.note, entered_by: actor.userId, entered_name: actor.displayName, entered_at: tx.nowIso, row_version: before.row_version + 1 };
    const r = await tx.db.updateTable('unit_budgets').set(change).where('id', '=', before.id).where('row_version', '=', before.row_version).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new LuoshiError('CONFLICT');
    after = { ...before, ...change };
  } else {
    after = { id: newId(tx.now.getTime()), campaign_id: campaignId, unit_id: unitId, amount_fen: fen, note: input.note, entered_by: actor.userId, entered_name: actor.displayName, entered_at: tx.nowIso, row_version: 1 };
    await tx.db.insertInto('unit_budgets').values(after).execute();
  }
  await tx.audit({
    action: 'budget.set',
    entityType: 'unit_budget',
    entityId: after.id,
    before: before ? { amount: Number(before.amount_fen) / 100, note: before.note } : null,
    after: { unitId, amount: fen / 100, note: input.note },
  });
  const { items } = await rowsFor(tx.db, state, [unitId]);
  return items[0]!;
}
