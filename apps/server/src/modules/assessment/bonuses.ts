/**
 * 加分: the assessment office (or the office) records a bonus for a unit with its category and
 * reason; a wrong record is revoked with a reason, never edited or deleted. Scores read the
 * records that stand, so both take effect at once.
 */
import type { Kysely } from 'kysely';
import { LuoshiError, localDate, type Actor, type BonusCategory } from '@luoshi/domain';
import type { BodyT, assessment } from '@luoshi/contracts';
import type { AssessmentBonusesTable, DB } from '../../platform/db/schema.ts';
import { requireCan, type Tx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { policyFor } from '../campaigns/policy.ts';
import { assessmentScope } from './read-assessment.ts';
import { assessmentDate, findCampaign } from './year.ts';

type Q = Kysely<DB>;

async function present(db: Q, rows: AssessmentBonusesTable[]) {
  const units = new Map((await db.selectFrom('units').select(['id', 'name']).execute()).map((u) => [u.id, u.name]));
  return rows.map((b) => ({
    id: b.id,
    unitId: b.unit_id,
    unitName: units.get(b.unit_id) ?? '',
    category: b.category as BonusCategory,
    points: Number(b.points),
    reason: b.reason,
    createdBy: b.created_name,
    createdAt: b.created_at,
    revokedAt: b.revoked_at,
    revokedBy: b.revoked_name,
    revokeReason: b.revoke_reason,
  }));
}

export async function listBonuses(db: Q, actor: Actor, campaignId: string, unitId: string | undefined) {
  requireCan(actor, 'assessment.read', unitId ? { unitId } : undefined);
  await findCampaign(db, campaignId);
  const scope = assessmentScope(actor);
  let q = db.selectFrom('assessment_bonuses').selectAll().where('campaign_id', '=', campaignId);
  if (unitId) q = q.where('unit_id', '=', unitId);
  if (scope) q = scope.length ? q.where('unit_id', 'in', scope) : q.where('unit_id', '=', '');
  return { items: await present(db, await q.orderBy('created_at').execute()) };
}

export async function addBonus(tx: Tx, campaignId: string, input: BodyT<typeof assessment.addBonus>) {
  const actor = requireCan(tx.actor, 'assessment.manage');
  const campaign = await findCampaign(tx.db, campaignId);
  const unit = await tx.db.selectFrom('units').select(['id', 'kind', 'active']).where('id', '=', input.unitId).executeTakeFirst();
  const policy = await policyFor(tx.db, campaignId, assessmentDate(campaign, localDate(tx.now)));
  if (!unit?.active || !policy.scoring.unitKinds.includes(unit.kind as never)) {
    throw new LuoshiError('VALIDATION_FAILED', { issues: [{ path: 'unitId', zh: '该单位不参加本年度考核', en: 'the unit is not assessed in this campaign' }] });
  }
  if (input.points > policy.bonuses.maxPerRecord) {
    throw new LuoshiError('VALIDATION_FAILED', {
      issues: [{ path: 'points', zh: `每项加分不超过 ${policy.bonuses.maxPerRecord} 分`, en: `a bonus record carries at most ${policy.bonuses.maxPerRecord} points` }],
    });
  }
  const row: AssessmentBonusesTable = {
    id: newId(tx.now.getTime()),
    campaign_id: campaignId,
    unit_id: input.unitId,
    category: input.category,
    points: input.points,
    reason: input.reason,
    created_by: actor.userId,
    created_name: actor.displayName,
    created_at: tx.nowIso,
    revoked_at: null,
    revoked_name: null,
    revoke_reason: null,
  };
  await tx.db.insertInto('assessment_bonuses').values(row).execute();
  await tx.audit({ action: 'assessment.bonus.add', entityType: 'assessment_bonus', entityId: row.id, after: row });
  return (await present(tx.db, [row]))[0]!;
}

export async function revokeBonus(tx: Tx, id: string, reason: string) {
  const actor = requireCan(tx.actor, 'assessment.manage');
  const before = await tx.db.selectFrom('assessment_bonuses').selectAll().where('id', '=', id).executeTakeFirst();
  if (!before) throw new LuoshiError('NOT_FOUND');
  if (before.revoked_at) throw new LuoshiError('INVALID_STATE', { issues: [{ path: 'id', zh: '该加分已撤销', en: 'the bonus was already revoked' }] });
  const change = { revoked_at: tx.nowIso, revoked_name: actor.displayName, revoke_reason: reason };
  await tx.db.updateTable('assessment_bonuses').set(change).where('id', '=', id).execute();
  await tx.audit({ action: 'assessment.bonus.revoke', entityType: 'assessment_bonus', entityId: id, before, after: { ...before, ...change } });
  return (await present(tx.db, [{ ...before, ...change }]))[0]!;
}
