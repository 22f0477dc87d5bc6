/** Campaigns (R-PLAN-1): create, change, copy into next year, publish a policy version. */
import { LuoshiError, defaultPolicy, shiftPolicyYears, type CampaignPolicy } from '@luoshi/domain';
import type { BodyT, campaigns } from '@luoshi/contracts';
import { requireCan, type Tx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { presentCampaign } from './present.ts';
import { policyVersions } from './policy.ts';

function invalid(path: string, zh: string, en: string) {
  return new LuoshiError('VALIDATION_FAILED', { issues: [{ path, zh, en }] });
}

function checkDates(start: string, end: string) {
  if (end < start) throw invalid('endDate', '结束日期不能早于开始日期', 'the end date is before the start date');
}

async function insertPolicy(tx: Tx, campaignId: string, version: number, effectiveFrom: string, policy: CampaignPolicy, note: string | null) {
  await tx.db
    .insertInto('campaign_policies')
    .values({
      id: newId(tx.now.getTime()),
      campaign_id: campaignId,
      version,
      effective_from: effectiveFrom,
      policy: JSON.stringify(policy),
      note,
      created_by: tx.actor?.userId ?? null,
      created_at: tx.nowIso,
    })
    .execute();
}

function checkKeys(list: { key: string }[], path: string) {
  const seen = new Set<string>();
  for (const [i, k] of list.entries()) {
    if (seen.has(k.key)) throw invalid(`${path}.${i}.key`, '编号重复', 'duplicate key');
    seen.add(k.key);
  }
}

export async function createCampaign(tx: Tx, input: BodyT<typeof campaigns.createCampaign>) {
  requireCan(tx.actor, 'campaign.manage');
  checkDates(input.startDate, input.endDate);
  checkKeys(input.goals, 'goals');
  checkKeys(input.streams, 'streams');
  checkKeys(input.measures, 'measures');
  const id = newId(tx.now.getTime());
  const row = {
    id,
    year: input.year,
    name: input.name,
    requirements: input.requirements,
    goals: JSON.stringify(input.goals),
    streams: JSON.stringify(input.streams),
    measures: JSON.stringify(input.measures),
    start_date: input.startDate,
    end_date: input.endDate,
    status: 'active',
    copied_from_id: null,
    created_at: tx.nowIso,
    updated_at: tx.nowIso,
  };
  const clash = await tx.db.selectFrom('campaigns').select('id').where('year', '=', input.year).where('name', '=', input.name).executeTakeFirst();
  if (clash) throw new LuoshiError('DUPLICATE', { issues: [{ path: 'name', zh: '同一年度已有同名活动', en: 'a campaign with this name exists for the year' }] });
  await tx.db.insertInto('campaigns').values(row).execute();
  await insertPolicy(tx, id, 1, input.startDate, defaultPolicy(input.year), '初始版本(方案默认值)');
  for (const [i, l] of input.lists.entries()) {
    await tx.db.insertInto('project_lists').values({ id: newId(tx.now.getTime()), campaign_id: id, name: l.name, size: l.size, sort_order: i }).execute();
  }
  await tx.audit({ action: 'campaign.create', entityType: 'campaign', entityId: id, after: { ...row, lists: input.lists } });
  return presentCampaign(tx.db, id, tx.now);
}

export async function updateCampaign(tx: Tx, id: string, input: BodyT<typeof campaigns.updateCampaign>) {
  requireCan(tx.actor, 'campaign.manage');
  const before = await tx.db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
  if (!before) throw new LuoshiError('NOT_FOUND');
  const next = {
    year: input.year ?? before.year,
    name: input.name ?? before.name,
    requirements: input.requirements ?? before.requirements,
    goals: input.goals ? JSON.stringify(input.goals) : before.goals,
    streams: input.streams ? JSON.stringify(input.streams) : before.streams,
    measures: input.measures ? JSON.stringify(input.measures) : before.measures,
    start_date: input.startDate ?? before.start_date,
    end_date: input.endDate ?? before.end_date,
    status: input.status ?? before.status,
    updated_at: tx.nowIso,
  };
  checkDates(next.start_date, next.end_date);
  if (input.goals) checkKeys(input.goals, 'goals');
  if (input.streams) checkKeys(input.streams, 'streams');
  if (input.measures) checkKeys(input.measures, 'measures');
  if (input.streams) {
    const keys = new Set(input.streams.map((s) => s.key));
    const used = await tx.db.selectFrom('tasks').select('stream_key').distinct().where('campaign_id', '=', id).where('stream_key', 'is not', null).execute();
    const missing = used.map((u) => u.stream_key!).filter((k) => !keys.has(k));
    if (missing.length) throw invalid('streams', `内容流 ${missing.join('、')} 仍有任务使用`, `streams still used by tasks: ${missing.join(', ')}`);
  }
  await tx.db.updateTable('campaigns').set(next).where('id', '=', id).execute();
  await tx.audit({ action: 'campaign.update', entityType: 'campaign', entityId: id, before, after: { ...before, ...next } });
  return presentCampaign(tx.db, id, tx.now);
}

/** 长效机制: next year's campaign takes this year's structure, lists and current policy, dates shifted. */
export async function copyCampaign(tx: Tx, id: string, input: BodyT<typeof campaigns.copyCampaign>) {
  requireCan(tx.actor, 'campaign.manage');
  const src = await tx.db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
  if (!src) throw new LuoshiError('NOT_FOUND');
  const years = input.year - src.year;
  if (years === 0) throw invalid('year', '新活动的年度须与原活动不同', 'the copy needs another year');
  const shift = (d: string) => `${Number(d.slice(0, 4)) + years}${d.slice(4)}`.replace(/^(\d{4})-02-29$/, '$1-02-28');
  const name = input.name ?? src.name.replace(String(src.year), String(input.year));
  const lists = await tx.db.selectFrom('project_lists').selectAll().where('campaign_id', '=', id).orderBy('sort_order').execute();
  const created = await createCampaign(tx, {
    year: input.year,
    name,
    requirements: src.requirements,
    goals: JSON.parse(src.goals),
    streams: JSON.parse(src.streams),
    measures: JSON.parse(src.measures),
    startDate: shift(src.start_date),
    endDate: shift(src.end_date),
    lists: lists.map((l) => ({ name: l.name, size: l.size })),
  });
  const versions = await policyVersions(tx.db, id);
  const latest = versions[versions.length - 1]!;
  await tx.db
    .updateTable('campaign_policies')
    .set({ policy: JSON.stringify(shiftPolicyYears(latest.policy, years)), note: `沿用 ${src.year} 年度政策 v${latest.version}` })
    .where('campaign_id', '=', created.id)
    .where('version', '=', 1)
    .execute();
  await tx.db.updateTable('campaigns').set({ copied_from_id: id }).where('id', '=', created.id).execute();
  await tx.audit({ action: 'campaign.copy', entityType: 'campaign', entityId: created.id, after: { from: id, year: input.year } });
  return presentCampaign(tx.db, created.id, tx.now);
}

/** A policy change is a new version from its effective date; earlier versions stay as they were. */
export async function addPolicyVersion(tx: Tx, id: string, input: BodyT<typeof campaigns.addPolicyVersion>) {
  requireCan(tx.actor, 'campaign.manage');
  const c = await tx.db.selectFrom('campaigns').select(['id']).where('id', '=', id).executeTakeFirst();
  if (!c) throw new LuoshiError('NOT_FOUND');
  const versions = await policyVersions(tx.db, id);
  const last = versions[versions.length - 1]!;
  const version = last.version + 1;
  await insertPolicy(tx, id, version, input.effectiveFrom, input.policy, input.note);
  await tx.audit({ action: 'campaign.policy_version', entityType: 'campaign', entityId: id, before: last, after: { version, ...input } });
  const after = await policyVersions(tx.db, id);
  return after.find((v) => v.version === version)!;
}

export async function saveProjectList(tx: Tx, campaignId: string, input: BodyT<typeof campaigns.saveProjectList>) {
  requireCan(tx.actor, 'campaign.manage');
  const c = await tx.db.selectFrom('campaigns').select('id').where('id', '=', campaignId).executeTakeFirst();
  if (!c) throw new LuoshiError('NOT_FOUND');
  const clash = await tx.db.selectFrom('project_lists').select('id').where('campaign_id', '=', campaignId).where('name', '=', input.name).executeTakeFirst();
  if (clash && clash.id !== input.listId) throw new LuoshiError('DUPLICATE', { issues: [{ path: 'name', zh: '已有同名清单', en: 'a list with this name exists' }] });
  let id = input.listId;
  if (id) {
    const before = await tx.db.selectFrom('project_lists').selectAll().where('id', '=', id).where('campaign_id', '=', campaignId).executeTakeFirst();
    if (!before) throw new LuoshiError('NOT_FOUND');
    await tx.db.updateTable('project_lists').set({ name: input.name, size: input.size, sort_order: input.sortOrder }).where('id', '=', id).execute();
    await tx.audit({ action: 'list.update', entityType: 'project_list', entityId: id, before, after: input });
  } else {
    id = newId(tx.now.getTime());
    await tx.db.insertInto('project_lists').values({ id, campaign_id: campaignId, name: input.name, size: input.size, sort_order: input.sortOrder }).execute();
    await tx.audit({ action: 'list.create', entityType: 'project_list', entityId: id, after: input });
  }
  const count = await tx.db.selectFrom('tasks').select(tx.db.fn.countAll<number>().as('n')).where('list_id', '=', id).executeTakeFirst();
  if (Number(count?.n ?? 0) > input.size) {
    throw new LuoshiError('VALIDATION_FAILED', { issues: [{ path: 'size', zh: '清单已有项目数超过新的规模', en: 'the list already holds more items than that' }] });
  }
  return { id, name: input.name, size: input.size, sortOrder: input.sortOrder, taskCount: Number(count?.n ?? 0) };
}
