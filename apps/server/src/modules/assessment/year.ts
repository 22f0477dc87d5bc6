/**
 * The state of a campaign year's assessment: the scores computed from the records now (live), and,
 * once the office has closed the year, the frozen snapshot, the approved corrections and the
 * official results they make. Ranking is always over the official results.
 */
import type { Kysely } from 'kysely';
import { LuoshiError, localDate, officialResults, rankUnits, scoreDiffers, scoreUnit, type CampaignPolicy, type Ranked, type UnitFacts, type UnitScore } from '@luoshi/domain';
import type { AssessmentCorrectionsTable, DB } from '../../platform/db/schema.ts';
import { policyFor } from '../campaigns/policy.ts';
import { assessedUnits, gatherFacts, type CampaignRow } from './facts.ts';

type Q = Kysely<DB>;

export interface YearState {
  campaign: CampaignRow;
  policy: CampaignPolicy;
  /** the last day of work counted: today while the year runs, the campaign's end date after */
  asOf: string;
  today: string;
  facts: UnitFacts[];
  live: UnitScore[];
  close: { id: string; asOf: string; closedAt: string; closedBy: string; results: UnitScore[] } | null;
  corrections: AssessmentCorrectionsTable[];
  official: UnitScore[];
  ranks: Map<string, Ranked>;
}

export async function findCampaign(db: Q, campaignId: string): Promise<CampaignRow> {
  const c = await db.selectFrom('campaigns').select(['id', 'year', 'name', 'start_date', 'end_date']).where('id', '=', campaignId).executeTakeFirst();
  if (!c) throw new LuoshiError('NOT_FOUND');
  return c;
}

/** The assessment date of a campaign on `today`: today, but never after the campaign's end. */
export function assessmentDate(campaign: CampaignRow, today: string): string {
  return today < campaign.end_date ? today : campaign.end_date;
}

export async function yearState(db: Q, campaignId: string, now: Date): Promise<YearState> {
  const campaign = await findCampaign(db, campaignId);
  const closeRow = await db.selectFrom('assessment_closes').selectAll().where('campaign_id', '=', campaignId).executeTakeFirst();
  const today = localDate(now);
  const asOf = closeRow?.as_of ?? assessmentDate(campaign, today);
  const policy = await policyFor(db, campaignId, asOf);
  const close = closeRow
    ? { id: closeRow.id, asOf: closeRow.as_of, closedAt: closeRow.closed_at, closedBy: closeRow.closed_name, results: JSON.parse(closeRow.results) as UnitScore[] }
    : null;
  const units = await assessedUnits(db, policy, close ? close.results.map((r) => r.unitId) : undefined);
  const facts = await gatherFacts(db, campaign, units, asOf, now);
  const live = facts.map((f) => scoreUnit(f, policy));
  const corrections = close ? await db.selectFrom('assessment_corrections').selectAll().where('campaign_id', '=', campaignId).orderBy('proposed_at').execute() : [];
  const official = close
    ? officialResults(
        close.results,
        corrections.filter((c) => c.status === 'approved').map((c) => ({ unitId: c.unit_id, decidedAt: c.decided_at!, after: JSON.parse(c.after_result) as UnitScore })),
      )
    : live;
  const ranks = new Map(rankUnits(official.map((s) => ({ unitId: s.unitId, kind: s.kind, score: s.score }))).map((r) => [r.unitId, r]));
  return { campaign, policy, asOf, today, facts, live, close, corrections, official, ranks };
}

/** The live result of a unit, and whether it differs from the official one. */
export function liveOf(state: YearState, unitId: string): { live: UnitScore | null; drift: boolean } {
  const live = state.live.find((s) => s.unitId === unitId) ?? null;
  const official = state.official.find((s) => s.unitId === unitId) ?? null;
  return { live, drift: !!(state.close && live && official && scoreDiffers(official, live)) };
}
