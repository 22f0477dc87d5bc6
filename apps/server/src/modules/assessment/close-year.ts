/**
 * 封账: after the campaign year ends the office closes it. Every assessed unit's result is frozen
 * with its whole working and its rank; from then on the announced result changes only through a
 * correction approved by the county head.
 */
import { LuoshiError } from '@luoshi/domain';
import { requireCan, type Tx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { notifyUsers, usersWithFunction } from '../../platform/notify.ts';
import { eligibilityLosses } from './facts.ts';
import { overviewOf } from './read-assessment.ts';
import { findCampaign, yearState } from './year.ts';

export async function closeYear(tx: Tx, campaignId: string) {
  const actor = requireCan(tx.actor, 'assessment.close');
  const campaign = await findCampaign(tx.db, campaignId);
  const existing = await tx.db.selectFrom('assessment_closes').select('closed_at').where('campaign_id', '=', campaignId).executeTakeFirst();
  if (existing) throw new LuoshiError('INVALID_STATE', { issues: [{ path: 'campaign', zh: `本年度已于 ${existing.closed_at.slice(0, 10)} 封账`, en: 'the year is already closed' }] });
  const state = await yearState(tx.db, campaignId, tx.now);
  if (state.today <= campaign.end_date) {
    throw new LuoshiError('INVALID_STATE', { issues: [{ path: 'campaign', zh: `活动年度至 ${campaign.end_date} 结束,结束后方可封账`, en: `the campaign runs until ${campaign.end_date}; close it after` }] });
  }
  const row = {
    id: newId(tx.now.getTime()),
    campaign_id: campaignId,
    as_of: state.asOf,
    results: JSON.stringify(state.live),
    closed_by: actor.userId,
    closed_name: actor.displayName,
    closed_at: tx.nowIso,
  };
  await tx.db.insertInto('assessment_closes').values(row).execute();
  await tx.audit({
    action: 'assessment.close',
    entityType: 'campaign',
    entityId: campaignId,
    after: { asOf: state.asOf, units: state.live.length, scores: state.live.map((s) => ({ unitId: s.unitId, score: s.score })) },
  });
  const users = [...new Set([...(await usersWithFunction(tx.db, 'assessment')), ...(await usersWithFunction(tx.db, 'finance'))])];
  await notifyUsers(tx.db, tx.nowIso, users, { kind: 'assessment.closed', title: `${campaign.year}年度目标责任考核已封账`, link: `/app/assessment/${campaignId}` });
  const after = await yearState(tx.db, campaignId, tx.now);
  return overviewOf(after, await eligibilityLosses(tx.db, campaignId), null);
}
