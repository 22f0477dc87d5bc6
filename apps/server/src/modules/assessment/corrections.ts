/**
 * Corrections of a closed year: when a record changes after the close (an appeal upheld, a bonus
 * revoked, a task found finished in time), the office proposes to adopt the unit's result
 * recomputed from the records, with reasons; the county head approves or rejects it, never the
 * person who proposed it. The snapshot keeps the frozen result beside the corrected one.
 */
import type { Kysely } from 'kysely';
import { LuoshiError, scoreDiffers, type Actor } from '@luoshi/domain';
import type { BodyT, assessment } from '@luoshi/contracts';
import type { DB } from '../../platform/db/schema.ts';
import { requireCan, type Tx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { notifyUsers } from '../../platform/notify.ts';
import { assessmentScope, presentCorrection } from './read-assessment.ts';
import { yearState } from './year.ts';

type Q = Kysely<DB>;

export async function listCorrections(db: Q, actor: Actor, campaignId: string) {
  requireCan(actor, 'assessment.read');
  const scope = assessmentScope(actor);
  const exists = await db.selectFrom('campaigns').select('id').where('id', '=', campaignId).executeTakeFirst();
  if (!exists) throw new LuoshiError('NOT_FOUND');
  let q = db.selectFrom('assessment_corrections').selectAll().where('campaign_id', '=', campaignId);
  if (scope) q = scope.length ? q.where('unit_id', 'in', scope) : q.where('unit_id', '=', '');
  return { items: (await q.orderBy('proposed_at').execute()).map(presentCorrection) };
}

/** The county head's accounts: the principal of the government unit. */
async function countyHeadUsers(db: Q): Promise<string[]> {
  const rows = await db
    .selectFrom('posts')
    .innerJoin('post_terms', 'post_terms.post_id', 'posts.id')
    .innerJoin('units', 'units.id', 'posts.unit_id')
    .innerJoin('users', 'users.person_id', 'post_terms.person_id')
    .select(['users.id', 'units.functions'])
    .where('posts.role', '=', 'principal')
    .where('post_terms.to_date', 'is', null)
    .where('users.disabled', '=', 0)
    .execute();
  return rows.filter((r) => (JSON.parse(r.functions) as string[]).includes('government')).map((r) => r.id);
}

export async function proposeCorrection(tx: Tx, campaignId: string, input: BodyT<typeof assessment.proposeCorrection>) {
  const actor = requireCan(tx.actor, 'assessment.close');
  const state = await yearState(tx.db, campaignId, tx.now);
  if (!state.close) throw new LuoshiError('INVALID_STATE', { issues: [{ path: 'campaign', zh: '本年度尚未封账,得分随记录自动更新,无需更正', en: 'the year is not closed; scores follow the records without corrections' }] });
  const official = state.official.find((s) => s.unitId === input.unitId);
  const live = state.live.find((s) => s.unitId === input.unitId);
  if (!official || !live) throw new LuoshiError('VALIDATION_FAILED', { issues: [{ path: 'unitId', zh: '该单位不在封账名单中', en: 'the unit is not in the closed year' }] });
  if (!scoreDiffers(official, live)) {
    throw new LuoshiError('INVALID_STATE', { issues: [{ path: 'unitId', zh: '封账后该单位的记录没有变化,无需更正', en: 'the unit’s records have not changed since the close' }] });
  }
  const pending = await tx.db.selectFrom('assessment_corrections').select('id').where('campaign_id', '=', campaignId).where('unit_id', '=', input.unitId).where('status', '=', 'pending').executeTakeFirst();
  if (pending) throw new LuoshiError('DUPLICATE', { issues: [{ path: 'unitId', zh: '该单位已有待审定的更正', en: 'a correction of this unit awaits approval' }] });
  const row = {
    id: newId(tx.now.getTime()),
    campaign_id: campaignId,
    unit_id: input.unitId,
    reason: input.reason,
    before_result: JSON.stringify(official),
    after_result: JSON.stringify(live),
    status: 'pending',
    proposed_by: actor.userId,
    proposed_name: actor.displayName,
    proposed_at: tx.nowIso,
    decided_by: null,
    decided_name: null,
    decided_at: null,
    decision_reason: null,
  };
  await tx.db.insertInto('assessment_corrections').values(row).execute();
  await tx.audit({ action: 'assessment.correction.propose', entityType: 'assessment_correction', entityId: row.id, after: { unitId: input.unitId, reason: input.reason, before: official.score, after: live.score } });
  await notifyUsers(tx.db, tx.nowIso, await countyHeadUsers(tx.db), {
    kind: 'assessment.correction',
    title: `请审定考核结果更正:${official.unitName} ${official.score} → ${live.score}`,
    link: `/app/assessment/${campaignId}`,
  });
  return presentCorrection(row);
}

export async function decideCorrection(tx: Tx, id: string, input: BodyT<typeof assessment.decideCorrection>) {
  const actor = requireCan(tx.actor, 'assessment.approveCorrection');
  const c = await tx.db.selectFrom('assessment_corrections').selectAll().where('id', '=', id).executeTakeFirst();
  if (!c) throw new LuoshiError('NOT_FOUND');
  if (c.status !== 'pending') throw new LuoshiError('INVALID_STATE', { issues: [{ path: 'status', zh: '该更正已审定', en: 'the correction was decided' }] });
  if (c.proposed_by === actor.userId) throw new LuoshiError('SELF_APPROVAL');
  if (input.decision === 'reject' && !input.reason) {
    throw new LuoshiError('VALIDATION_FAILED', { issues: [{ path: 'reason', zh: '不同意须说明理由', en: 'a rejection needs reasons' }] });
  }
  const change = {
    status: input.decision === 'approve' ? 'approved' : 'rejected',
    decided_by: actor.userId,
    decided_name: actor.displayName,
    decided_at: tx.nowIso,
    decision_reason: input.reason || null,
  };
  await tx.db.updateTable('assessment_corrections').set(change).where('id', '=', id).execute();
  await tx.audit({ action: `assessment.correction.${input.decision}`, entityType: 'assessment_correction', entityId: id, before: { status: c.status }, after: change });
  await notifyUsers(tx.db, tx.nowIso, [c.proposed_by], {
    kind: 'assessment.correction.decided',
    title: `考核结果更正${input.decision === 'approve' ? '已同意' : '未同意'}`,
    body: input.reason,
    link: `/app/assessment/${c.campaign_id}`,
  });
  return presentCorrection({ ...c, ...change });
}
