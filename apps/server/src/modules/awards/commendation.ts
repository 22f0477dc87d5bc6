/**
 * The selected list becomes a commendation (通报表扬) through the supervision ladder: the office
 * drafts it here, addressed from the county government, then sends it for approval as the policy
 * says (submitNotice, decideNotice) and it is issued with its document number. Eligibility is
 * checked once more for everyone on the list.
 */
import type { Kysely } from 'kysely';
import { LuoshiError } from '@luoshi/domain';
import type { BodyT, assessment } from '@luoshi/contracts';
import type { DB } from '../../platform/db/schema.ts';
import { requireCan, type Tx } from '../../platform/context.ts';
import { draftNotice } from '../supervision/draft-notice.ts';
import { findCampaign } from '../assessment/year.ts';
import { requireEligible } from './eligibility.ts';

type Q = Kysely<DB>;

async function governmentUnit(db: Q) {
  const units = await db.selectFrom('units').select(['id', 'name', 'functions']).where('active', '=', 1).execute();
  return units.find((u) => (JSON.parse(u.functions) as string[]).includes('government')) ?? null;
}

export async function draftCommendation(tx: Tx, campaignId: string, input: BodyT<typeof assessment.draftCommendation>) {
  requireCan(tx.actor, 'award.decide');
  requireCan(tx.actor, 'notice.draft');
  const campaign = await findCampaign(tx.db, campaignId);
  const close = await tx.db.selectFrom('assessment_closes').select('id').where('campaign_id', '=', campaignId).executeTakeFirst();
  if (!close) throw new LuoshiError('INVALID_STATE', { issues: [{ path: 'campaign', zh: '年度考核封账后方可通报表彰', en: 'close the year’s assessment first' }] });
  const rows = await tx.db.selectFrom('award_nominations').selectAll().where('campaign_id', '=', campaignId).where('status', '=', 'selected').orderBy('nominated_at').orderBy('nominee_type', 'desc').orderBy('id').execute();
  const noticeIds = rows.map((r) => r.notice_id).filter((x): x is string => !!x);
  const live = noticeIds.length ? await tx.db.selectFrom('notices').select(['id', 'status']).where('id', 'in', noticeIds).where('status', 'not in', ['rejected', 'withdrawn']).execute() : [];
  if (live.length) throw new LuoshiError('DUPLICATE', { issues: [{ path: 'campaign', zh: '已有表彰通报在办或已下发', en: 'a commendation notice is already drafted or issued' }] });
  if (!rows.length) throw new LuoshiError('INVALID_STATE', { issues: [{ path: 'campaign', zh: '尚无确定的表彰名单', en: 'no nomination has been selected' }] });
  const units = new Map((await tx.db.selectFrom('units').select(['id', 'name']).execute()).map((u) => [u.id, u.name]));
  const people = new Map((await tx.db.selectFrom('people').select(['id', 'name']).execute()).map((p) => [p.id, p.name]));
  for (const r of rows) {
    const name = r.person_id ? `${units.get(r.unit_id)}${people.get(r.person_id)}` : (units.get(r.unit_id) ?? '');
    await requireEligible(tx.db, campaignId, { nomineeType: r.nominee_type as 'unit' | 'person', unitId: r.unit_id, personId: r.person_id }, name);
  }
  const gov = await governmentUnit(tx.db);
  if (!gov) throw new LuoshiError('INVALID_STATE', { issues: [{ path: 'unit', zh: '未设置县人民政府单位', en: 'no county government unit is set up' }] });
  const groups = new Map<string, string[]>();
  for (const r of rows) {
    const who = r.person_id ? `${people.get(r.person_id)}(${units.get(r.unit_id)})` : (units.get(r.unit_id) ?? '');
    groups.set(r.title, [...(groups.get(r.title) ?? []), who]);
  }
  const title = input.title || `关于表彰${campaign.year}年度${campaign.name}先进单位和先进个人的通报`;
  const body =
    input.body ||
    [
      `${campaign.year}年,全县各镇各部门认真落实${campaign.name}各项部署,涌现出一批工作落实迅速、措施有力、成效明显的先进单位和个人。`,
      '根据活动实施方案“通过考核测评,评选表彰一批效能建设的先进机关和个人”的规定,经年度目标责任考核,决定对以下单位和个人予以通报表扬:',
      ...[...groups.entries()].map(([t, names]) => `${t}:${names.join('、')}`),
      '希望受表彰的单位和个人珍惜荣誉、再接再厉,各镇各部门以先进为榜样,推动各项工作再上新台阶。',
    ].join('\n');
  const notice = await draftNotice(tx, campaignId, {
    kind: 'commend',
    subjectType: 'unit',
    subjectId: gov.id,
    unitId: gov.id,
    parentNoticeId: null,
    proposalId: null,
    title,
    body,
    majorImpact: false,
  });
  await tx.db.updateTable('award_nominations').set({ notice_id: notice.id }).where('id', 'in', rows.map((r) => r.id)).execute();
  await tx.audit({ action: 'award.commendation.draft', entityType: 'campaign', entityId: campaignId, after: { noticeId: notice.id, nominations: rows.map((r) => r.id) } });
  return notice;
}

/** The commendations issued for a campaign's awards, with their lists: what the public may see. */
export async function portalAwards(db: Q, campaignId: string) {
  await findCampaign(db, campaignId);
  const rows = await db
    .selectFrom('award_nominations')
    .innerJoin('notices', 'notices.id', 'award_nominations.notice_id')
    .innerJoin('units', 'units.id', 'award_nominations.unit_id')
    .leftJoin('people', 'people.id', 'award_nominations.person_id')
    .select(['notices.id as notice_id', 'notices.doc_number', 'notices.issued_on', 'notices.title as notice_title', 'award_nominations.title', 'units.name as unit_name', 'people.name as person_name', 'award_nominations.nominated_at'])
    .where('award_nominations.campaign_id', '=', campaignId)
    .where('award_nominations.status', '=', 'selected')
    .where('notices.status', 'in', ['issued', 'fulfilled'])
    .orderBy('award_nominations.nominated_at')
    .orderBy('award_nominations.nominee_type', 'desc')
    .orderBy('award_nominations.id')
    .execute();
  const byNotice = new Map<string, { docNumber: string | null; issuedOn: string | null; title: string; awards: { title: string; unitName: string; personName: string | null }[] }>();
  for (const r of rows) {
    const n = byNotice.get(r.notice_id) ?? { docNumber: r.doc_number, issuedOn: r.issued_on, title: r.notice_title, awards: [] };
    n.awards.push({ title: r.title, unitName: r.unit_name, personName: r.person_name });
    byNotice.set(r.notice_id, n);
  }
  return { items: [...byNotice.values()] };
}

