import type { Kysely } from 'kysely';
import { LuoshiError, localDate, policyOn, type PolicyVersion } from '@luoshi/domain';
import type { CampaignT } from '@luoshi/contracts';
import type { DB, CampaignsTable } from '../../platform/db/schema.ts';
import { policyVersions } from './policy.ts';

type Q = Kysely<DB>;

export async function listsOf(db: Q, campaignId: string) {
  const lists = await db.selectFrom('project_lists').selectAll().where('campaign_id', '=', campaignId).orderBy('sort_order').orderBy('name').execute();
  const counts = await db
    .selectFrom('tasks')
    .select(['list_id', db.fn.countAll<number>().as('n')])
    .where('campaign_id', '=', campaignId)
    .where('list_id', 'is not', null)
    .groupBy('list_id')
    .execute();
  const byList = new Map(counts.map((c) => [c.list_id, Number(c.n)]));
  return lists.map((l) => ({ id: l.id, name: l.name, size: l.size, sortOrder: l.sort_order, taskCount: byList.get(l.id) ?? 0 }));
}

async function taskCount(db: Q, campaignId: string) {
  const r = await db.selectFrom('tasks').select(db.fn.countAll<number>().as('n')).where('campaign_id', '=', campaignId).executeTakeFirst();
  return Number(r?.n ?? 0);
}

export function summary(c: CampaignsTable, count: number) {
  return {
    id: c.id,
    year: c.year,
    name: c.name,
    goals: JSON.parse(c.goals),
    streams: JSON.parse(c.streams),
    startDate: c.start_date,
    endDate: c.end_date,
    status: c.status as 'active' | 'closed',
    copiedFromId: c.copied_from_id,
    taskCount: count,
  };
}

export async function presentCampaign(db: Q, id: string, now: Date): Promise<CampaignT> {
  const c = await db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
  if (!c) throw new LuoshiError('NOT_FOUND');
  const versions = await policyVersions(db, id);
  const current = policyOn(versions as PolicyVersion[], localDate(now));
  if (!current) throw new Error(`campaign ${id} has no policy`);
  const full = versions.find((v) => v.version === current.version)!;
  return {
    ...summary(c, await taskCount(db, id)),
    requirements: c.requirements,
    measures: JSON.parse(c.measures),
    lists: await listsOf(db, id),
    policy: full,
  };
}
