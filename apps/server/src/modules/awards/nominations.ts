/**
 * 评选表彰先进机关和个人 (R-ASSESS-2, R-FIVE-5): the office or the assessment office nominates units
 * and people; anyone who lost award eligibility is refused with the notice that cost it; the office
 * selects, rejects or withdraws nominations (eligibility is checked again on selection).
 */
import type { Kysely } from 'kysely';
import { LuoshiError, type Actor } from '@luoshi/domain';
import type { BodyT, assessment } from '@luoshi/contracts';
import type { AwardNominationsTable, DB } from '../../platform/db/schema.ts';
import { requireCan, type Tx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { findCampaign, yearState } from '../assessment/year.ts';
import { requireEligible } from './eligibility.ts';
import { presentNominations } from './present.ts';

type Q = Kysely<DB>;

function invalid(path: string, zh: string, en: string): LuoshiError {
  return new LuoshiError('VALIDATION_FAILED', { issues: [{ path, zh, en }] });
}

export async function listAwards(db: Q, actor: Actor, campaignId: string, now: Date) {
  requireCan(actor, 'award.read');
  const state = await yearState(db, campaignId, now);
  const rows = await db.selectFrom('award_nominations').selectAll().where('campaign_id', '=', campaignId).orderBy('nominated_at').orderBy('nominee_type', 'desc').orderBy('id').execute();
  return { items: await presentNominations(db, rows, state) };
}

async function nomineeName(db: Q, type: 'unit' | 'person', unitId: string, personId: string | null) {
  const unit = await db.selectFrom('units').select(['name', 'active']).where('id', '=', unitId).executeTakeFirst();
  if (!unit?.active) throw invalid('unitId', '单位不存在或已停用', 'no such active unit');
  if (type === 'unit') {
    if (personId) throw invalid('personId', '推荐单位时不填人员', 'a unit nomination names no person');
    return unit.name;
  }
  if (!personId) throw invalid('personId', '推荐个人须指定人员', 'name the person');
  const person = await db.selectFrom('people').select(['name', 'unit_id', 'active']).where('id', '=', personId).executeTakeFirst();
  if (!person?.active) throw invalid('personId', '人员不存在或已停用', 'no such active person');
  const holds = await db
    .selectFrom('posts')
    .innerJoin('post_terms', 'post_terms.post_id', 'posts.id')
    .select('posts.id')
    .where('posts.unit_id', '=', unitId)
    .where('post_terms.person_id', '=', personId)
    .executeTakeFirst();
  if (person.unit_id !== unitId && !holds) throw invalid('personId', '该人员不属于所填单位', 'the person does not belong to the unit');
  return `${unit.name}${person.name}`;
}

export async function nominate(tx: Tx, campaignId: string, input: BodyT<typeof assessment.nominate>) {
  const actor = requireCan(tx.actor, 'award.nominate');
  await findCampaign(tx.db, campaignId);
  const personId = input.personId ?? null;
  const name = await nomineeName(tx.db, input.nomineeType, input.unitId, personId);
  await requireEligible(tx.db, campaignId, { nomineeType: input.nomineeType, unitId: input.unitId, personId }, name);
  let dup = tx.db
    .selectFrom('award_nominations')
    .select('id')
    .where('campaign_id', '=', campaignId)
    .where('nominee_type', '=', input.nomineeType)
    .where('unit_id', '=', input.unitId)
    .where('status', 'in', ['nominated', 'selected']);
  dup = personId ? dup.where('person_id', '=', personId) : dup.where('person_id', 'is', null);
  if (await dup.executeTakeFirst()) throw new LuoshiError('DUPLICATE', { issues: [{ path: 'unitId', zh: `${name}已被推荐`, en: 'already nominated' }] });
  const row: AwardNominationsTable = {
    id: newId(tx.now.getTime()),
    campaign_id: campaignId,
    nominee_type: input.nomineeType,
    unit_id: input.unitId,
    person_id: personId,
    title: input.title,
    reason: input.reason,
    status: 'nominated',
    nominated_by: actor.userId,
    nominated_name: actor.displayName,
    nominated_at: tx.nowIso,
    decided_name: null,
    decided_at: null,
    decision_reason: null,
    notice_id: null,
    row_version: 1,
  };
  await tx.db.insertInto('award_nominations').values(row).execute();
  await tx.audit({ action: 'award.nominate', entityType: 'award_nomination', entityId: row.id, after: row });
  return (await presentNominations(tx.db, [row], await yearState(tx.db, campaignId, tx.now)))[0]!;
}

const NEXT: Record<string, Partial<Record<'select' | 'reject' | 'withdraw', string>>> = {
  nominated: { select: 'selected', reject: 'rejected', withdraw: 'withdrawn' },
  selected: { withdraw: 'withdrawn', reject: 'rejected' },
};

export async function decideAward(tx: Tx, id: string, input: BodyT<typeof assessment.decideAward>) {
  const actor = requireCan(tx.actor, 'award.decide');
  const before = await tx.db.selectFrom('award_nominations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!before) throw new LuoshiError('NOT_FOUND');
  const to = NEXT[before.status]?.[input.decision];
  if (!to) throw new LuoshiError('INVALID_STATE', { issues: [{ path: 'status', zh: '当前状态下不能这样处理', en: `a ${before.status} nomination cannot be ${input.decision}ed` }] });
  if (before.notice_id) {
    const n = await tx.db.selectFrom('notices').select(['status', 'doc_number']).where('id', '=', before.notice_id).executeTakeFirst();
    if (n && !['rejected', 'withdrawn'].includes(n.status)) {
      throw new LuoshiError('INVALID_STATE', { issues: [{ path: 'status', zh: '已列入表彰通报,不能再改变', en: 'already in a commendation notice' }] });
    }
  }
  if (input.decision !== 'select' && !input.reason) throw invalid('reason', '不予确定或撤回须说明理由', 'give reasons');
  if (input.decision === 'select') {
    const name = await nomineeName(tx.db, before.nominee_type as 'unit' | 'person', before.unit_id, before.person_id);
    await requireEligible(tx.db, before.campaign_id, { nomineeType: before.nominee_type as 'unit' | 'person', unitId: before.unit_id, personId: before.person_id }, name);
  }
  const change = { status: to, decided_name: actor.displayName, decided_at: tx.nowIso, decision_reason: input.reason || null, row_version: before.row_version + 1 };
  await tx.db.updateTable('award_nominations').set(change).where('id', '=', id).execute();
  await tx.audit({ action: `award.${input.decision}`, entityType: 'award_nomination', entityId: id, before: { status: before.status }, after: change });
  return (await presentNominations(tx.db, [{ ...before, ...change }], await yearState(tx.db, before.campaign_id, tx.now)))[0]!;
}
