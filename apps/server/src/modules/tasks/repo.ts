/** SQL for the task tree. Reads load a campaign's tree in a few flat queries, never one per node. */
import type { Kysely } from 'kysely';
import { joinVersions, scopeOf, scopes, versionOf } from '../../platform/db/versions.ts';
import type { DB } from '../../platform/db/schema.ts';
import { prepared } from '../../platform/db/prepared.ts';

type Q = Kysely<DB>;

export const ROW_COLUMNS = [
  'tasks.id',
  'tasks.campaign_id',
  'tasks.parent_id',
  'tasks.code',
  'tasks.node_type',
  'tasks.title',
  'tasks.stream_key',
  'tasks.source_kind',
  'tasks.source_ref',
  'tasks.list_id',
  'tasks.priority',
  'tasks.lead_unit_id',
  'tasks.planned_start',
  'tasks.planned_end',
  'tasks.actual_start',
  'tasks.actual_end',
  'tasks.weight',
  'tasks.progress',
  'tasks.status',
  'tasks.obstacle_kind',
  'tasks.published',
] as const;

const treeRows = (db: Q, campaignId: string) => db.selectFrom('tasks').select(ROW_COLUMNS).where('campaign_id', '=', campaignId).execute();
export type TreeRow = Awaited<ReturnType<typeof treeRows>>[number];

/**
 * A campaign's tasks as the cached tree keeps them, for as long as they do not change. The driver
 * hands every row its own copy of every value and builds each row property by property; kept as
 * they come, a county's 20,000 rows took 27 MB and a city's million would not fit in the heap. So
 * each row is rebuilt in one fixed shape, and the values that repeat (the campaign, parent and unit
 * ids, dates, statuses) are kept once: a third of the memory.
 */
export async function campaignTree(db: Q, campaignId: string) {
  const seen = new Map<string, string>();
  const once = <T extends string | null>(v: T): T => {
    if (v === null) return v;
    const kept = seen.get(v);
    if (kept !== undefined) return kept as T;
    seen.set(v, v);
    return v;
  };
  const rows: TreeRow[] = [];
  for (const r of await treeRows(db, campaignId)) rows.push(compactRow(r, once));
  const coops = await db
    .selectFrom('task_cooperators')
    .innerJoin('tasks', 'tasks.id', 'task_cooperators.task_id')
    .select(['task_cooperators.task_id', 'task_cooperators.unit_id'])
    .where('tasks.campaign_id', '=', campaignId)
    .execute();
  const cooperators = new Map<string, string[]>();
  for (const c of coops) {
    const list = cooperators.get(c.task_id);
    if (list) list.push(once(c.unit_id));
    else cooperators.set(once(c.task_id), [once(c.unit_id)]);
  }
  return { rows, cooperators };
}

function compactRow(r: TreeRow, once: <T extends string | null>(v: T) => T): TreeRow {
  return {
    id: once(r.id),
    campaign_id: once(r.campaign_id),
    parent_id: once(r.parent_id),
    code: r.code,
    node_type: once(r.node_type),
    title: r.title,
    stream_key: once(r.stream_key),
    source_kind: once(r.source_kind),
    source_ref: once(r.source_ref),
    list_id: once(r.list_id),
    priority: once(r.priority),
    lead_unit_id: once(r.lead_unit_id),
    planned_start: once(r.planned_start),
    planned_end: once(r.planned_end),
    actual_start: once(r.actual_start),
    actual_end: once(r.actual_end),
    weight: r.weight,
    progress: r.progress,
    status: once(r.status),
    obstacle_kind: once(r.obstacle_kind),
    published: r.published,
  };
}

export async function unitNames(db: Q): Promise<Map<string, string>> {
  const rows = await db.selectFrom('units').select(['id', 'name']).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** county leaders in charge, by unit */
export async function leadersByUnit(db: Q): Promise<Map<string, string[]>> {
  const rows = await db.selectFrom('leader_charges').select(['unit_id', 'person_id']).execute();
  const map = new Map<string, string[]>();
  for (const r of rows) map.set(r.unit_id, [...(map.get(r.unit_id) ?? []), r.person_id]);
  return map;
}

const taskById = prepared((db) => db.selectFrom('tasks').selectAll().where('id', '=', '?'));

export async function findTask(db: Q, id: string) {
  return (await taskById(db, [id]))[0];
}

/**
 * A task with the versions its campaign's tree is cached at (its tasks scope and the org's), read
 * in the same statement: the task page needs no second round trip to know whether the tree is current.
 */
const taskWithTreeVersion = prepared((db) =>
  db
    .selectFrom('tasks')
    .selectAll('tasks')
    .select([versionOf(scopeOf(scopes.tasks(''), 'tasks.campaign_id')).as('tasks_version'), versionOf(scopes.org).as('org_version')])
    .where('id', '=', '?'),
);

/** A campaign with the versions of its tree (tasks, org) and of its reports, in one statement. */
const campaignWithVersions = prepared((db) =>
  db
    .selectFrom('campaigns')
    .select(['campaigns.id', 'campaigns.streams'])
    .select([
      versionOf(scopeOf(scopes.tasks(''), 'campaigns.id')).as('tasks_version'),
      versionOf(scopes.org).as('org_version'),
      versionOf(scopeOf(scopes.reports(''), 'campaigns.id')).as('reports_version'),
    ])
    .where('id', '=', '?'),
);

export async function findCampaignWithVersions(db: Q, id: string) {
  const row = (await campaignWithVersions(db, [id]))[0];
  if (!row) return undefined;
  return { id: row.id, streams: row.streams, treeVersion: joinVersions(row.tasks_version, row.org_version), reportsVersion: joinVersions(row.reports_version) };
}

export async function findTaskWithTreeVersion(db: Q, id: string) {
  const row = (await taskWithTreeVersion(db, [id]))[0];
  if (!row) return undefined;
  const { tasks_version, org_version, ...task } = row;
  return { task, treeVersion: joinVersions(tasks_version, org_version) };
}

export async function indicatorsOf(db: Q, taskId: string) {
  return db.selectFrom('task_indicators').selectAll().where('task_id', '=', taskId).orderBy('sort_order').execute();
}

export async function responsibilitiesOf(db: Q, taskId: string) {
  return db
    .selectFrom('task_responsibilities')
    .innerJoin('people', 'people.id', 'task_responsibilities.person_id')
    .select(['task_responsibilities.role', 'task_responsibilities.person_id', 'people.name', 'task_responsibilities.from_date', 'task_responsibilities.to_date', 'task_responsibilities.created_at'])
    .where('task_responsibilities.task_id', '=', taskId)
    .orderBy('task_responsibilities.from_date')
    .orderBy('task_responsibilities.created_at')
    .execute();
}

/** The current holders of a unit's principal, deputy and handler posts (first by post order). */
export async function unitHolders(db: Q, unitId: string): Promise<Partial<Record<'principal' | 'deputy' | 'handler', string>>> {
  const rows = await db
    .selectFrom('posts')
    .innerJoin('post_terms', 'post_terms.post_id', 'posts.id')
    .select(['posts.role', 'post_terms.person_id'])
    .where('posts.unit_id', '=', unitId)
    .where('posts.active', '=', 1)
    .where('post_terms.to_date', 'is', null)
    .orderBy('posts.sort_order')
    .orderBy('posts.created_at')
    .execute();
  const out: Partial<Record<'principal' | 'deputy' | 'handler', string>> = {};
  for (const r of rows) {
    if ((r.role === 'principal' || r.role === 'deputy' || r.role === 'handler') && !out[r.role]) out[r.role] = r.person_id;
  }
  return out;
}
