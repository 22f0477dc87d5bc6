/**
 * Reading the assessment: the ranking (the inspecting units, county leaders, finance and human
 * resources see every unit; a unit sees only its own rows) and one unit's score with its working,
 * the frozen result, the live one and the corrections between them.
 */
import type { Kysely } from 'kysely';
import { LuoshiError, readsAssessment, type Actor, type UnitScore } from '@luoshi/domain';
import type { CorrectionT } from '@luoshi/contracts';
import type { AssessmentCorrectionsTable, DB } from '../../platform/db/schema.ts';
import { requireCan } from '../../platform/context.ts';
import { eligibilityLosses } from './facts.ts';
import { liveOf, yearState, type YearState } from './year.ts';

type Q = Kysely<DB>;

/** The units whose assessment rows an actor may see: all (null) or these. */
export function assessmentScope(actor: Actor): string[] | null {
  if (readsAssessment(actor)) return null;
  return [...new Set([...actor.memberships.map((m) => m.unitId), ...actor.chargedUnitIds])];
}

export function overviewOf(state: YearState, losses: { unit_id: string; role: string }[], scope: string[] | null) {
  const lostUnits = new Set(losses.filter((l) => l.role === 'unit').map((l) => l.unit_id));
  const items = state.official
    .filter((s) => scope === null || scope.includes(s.unitId))
    .map((s) => {
      const r = state.ranks.get(s.unitId)!;
      const closed = state.close?.results.find((x) => x.unitId === s.unitId) ?? null;
      const { live, drift } = liveOf(state, s.unitId);
      return {
        unitId: s.unitId,
        unitName: s.unitName,
        kind: s.kind,
        score: s.score,
        rank: r.rank,
        kindRank: r.kindRank,
        closedScore: closed?.score ?? null,
        corrected: !!closed && closed !== s,
        liveScore: live?.score ?? s.score,
        drift,
        deductions: s.deductions.total,
        bonuses: s.bonuses.total,
        eligible: !lostUnits.has(s.unitId),
      };
    })
    .sort((a, b) => a.rank - b.rank || a.unitName.localeCompare(b.unitName, 'zh'));
  return {
    campaignId: state.campaign.id,
    year: state.campaign.year,
    asOf: state.asOf,
    status: (state.close ? 'closed' : 'open') as 'open' | 'closed',
    closedAt: state.close?.closedAt ?? null,
    closedBy: state.close?.closedBy ?? null,
    items,
  };
}

export async function assessmentOverview(db: Q, actor: Actor, campaignId: string, now: Date) {
  requireCan(actor, 'assessment.read');
  const state = await yearState(db, campaignId, now);
  return overviewOf(state, await eligibilityLosses(db, campaignId), assessmentScope(actor));
}

export function presentCorrection(c: AssessmentCorrectionsTable): CorrectionT {
  const before = JSON.parse(c.before_result) as UnitScore;
  return {
    id: c.id,
    unitId: c.unit_id,
    unitName: before.unitName,
    reason: c.reason,
    before,
    after: JSON.parse(c.after_result) as UnitScore,
    status: c.status as CorrectionT['status'],
    proposedBy: c.proposed_name,
    proposedAt: c.proposed_at,
    decidedBy: c.decided_name,
    decidedAt: c.decided_at,
    decisionReason: c.decision_reason,
  };
}

export async function unitAssessment(db: Q, actor: Actor, campaignId: string, unitId: string, now: Date) {
  requireCan(actor, 'assessment.read', { unitId });
  const state = await yearState(db, campaignId, now);
  const official = state.official.find((s) => s.unitId === unitId);
  if (!official) throw new LuoshiError('NOT_FOUND', { issues: [{ path: 'unitId', zh: '该单位不参加本年度考核', en: 'the unit is not assessed in this campaign' }] });
  const r = state.ranks.get(unitId)!;
  const { live, drift } = liveOf(state, unitId);
  return {
    status: (state.close ? 'closed' : 'open') as 'open' | 'closed',
    asOf: state.asOf,
    rank: r.rank,
    kindRank: r.kindRank,
    official,
    live: live ?? official,
    closed: state.close?.results.find((x) => x.unitId === unitId) ?? null,
    drift,
    corrections: state.corrections.filter((c) => c.unit_id === unitId).map(presentCorrection),
  };
}
