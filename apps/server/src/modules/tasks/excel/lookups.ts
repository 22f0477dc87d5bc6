/**
 * Everything an import or export of a campaign's task sheet needs, read in a handful of flat
 * queries: the campaign's streams and lists, units, people and where they work, the current
 * holders of each unit's posts, and the campaign's existing tasks with their cooperating units,
 * indicators and current responsibilities. Nothing here is read once per row.
 */
import type { Kysely } from 'kysely';
import { LuoshiError, compareCodes, type NodeType, type ObstacleKind, type Priority, type SourceKind } from '@luoshi/domain';
import type { DB } from '../../../platform/db/schema.ts';

type Q = Kysely<DB>;
export type Role = 'principal' | 'deputy' | 'handler';
export const ROLES: Role[] = ['principal', 'deputy', 'handler'];

export interface ExistingTask {
  id: string;
  parentId: string | null;
  code: string;
  nodeType: NodeType;
  title: string;
  description: string;
  streamKey: string | null;
  sourceKind: SourceKind;
  sourceRef: string | null;
  listId: string | null;
  priority: Priority;
  leadUnitId: string | null;
  postId: string | null;
  acceptanceStandard: string;
  plannedStart: string | null;
  plannedEnd: string | null;
  weight: number;
  obstacleKind: ObstacleKind | null;
  coordinatorPersonId: string | null;
  rowVersion: number;
  updatedAt: string;
  cooperatingUnitIds: string[];
  indicators: { name: string; unit: string; target: number | null; baseline: number | null; actual: number | null }[];
  /** the open responsibility term of each role */
  responsible: Partial<Record<Role, string>>;
}

export interface UnitInfo {
  id: string;
  name: string;
  shortName: string | null;
  active: boolean;
}
export interface PersonInfo {
  id: string;
  name: string;
  active: boolean;
  /** the unit on file and the units of the posts the person holds now */
  unitIds: Set<string>;
  /** a county leader: in charge of units (分管) or holding a post in the county government */
  countyLeader: boolean;
}

export interface SheetContext {
  campaign: { id: string; year: number; name: string; streams: { key: string; title: string }[] };
  lists: { id: string; name: string; size: number }[];
  units: UnitInfo[];
  people: PersonInfo[];
  /** current principal, deputy and handler of each unit (first post by order), as createTask defaults them */
  holders: Map<string, Partial<Record<Role, string>>>;
  postUnits: Map<string, string>;
  tasks: ExistingTask[];
  /** count and newest change of the campaign's tasks when read: an import refuses to write over a change made meanwhile */
  stamp: string;
}

export async function tasksStamp(db: Q, campaignId: string): Promise<string> {
  const r = await db
    .selectFrom('tasks')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('updated_at').as('latest')])
    .where('campaign_id', '=', campaignId)
    .executeTakeFirst();
  return `${Number(r?.n ?? 0)}|${r?.latest ?? ''}`;
}

async function existingTasks(db: Q, campaignId: string): Promise<ExistingTask[]> {
  const rows = await db.selectFrom('tasks').selectAll().where('campaign_id', '=', campaignId).execute();
  const coops = await db
    .selectFrom('task_cooperators')
    .innerJoin('tasks', 'tasks.id', 'task_cooperators.task_id')
    .select(['task_cooperators.task_id', 'task_cooperators.unit_id'])
    .where('tasks.campaign_id', '=', campaignId)
    .execute();
  const indicators = await db
    .selectFrom('task_indicators')
    .innerJoin('tasks', 'tasks.id', 'task_indicators.task_id')
    .select(['task_indicators.task_id', 'task_indicators.name', 'task_indicators.unit', 'task_indicators.target', 'task_indicators.baseline', 'task_indicators.actual', 'task_indicators.sort_order'])
    .where('tasks.campaign_id', '=', campaignId)
    .orderBy('task_indicators.task_id')
    .orderBy('task_indicators.sort_order')
    .execute();
  const terms = await db
    .selectFrom('task_responsibilities')
    .innerJoin('tasks', 'tasks.id', 'task_responsibilities.task_id')
    .select(['task_responsibilities.task_id', 'task_responsibilities.role', 'task_responsibilities.person_id', 'task_responsibilities.from_date', 'task_responsibilities.created_at'])
    .where('tasks.campaign_id', '=', campaignId)
    .where('task_responsibilities.to_date', 'is', null)
    .orderBy('task_responsibilities.from_date')
    .orderBy('task_responsibilities.created_at')
    .execute();
  const byId = new Map<string, ExistingTask>();
  for (const r of rows) {
    byId.set(r.id, {
      id: r.id,
      parentId: r.parent_id,
      code: r.code,
      nodeType: r.node_type as NodeType,
      title: r.title,
      description: r.description,
      streamKey: r.stream_key,
      sourceKind: r.source_kind as SourceKind,
      sourceRef: r.source_ref,
      listId: r.list_id,
      priority: r.priority as Priority,
      leadUnitId: r.lead_unit_id,
      postId: r.post_id,
      acceptanceStandard: r.acceptance_standard,
      plannedStart: r.planned_start,
      plannedEnd: r.planned_end,
      weight: Number(r.weight),
      obstacleKind: r.obstacle_kind as ObstacleKind | null,
      coordinatorPersonId: r.coordinator_person_id,
      rowVersion: r.row_version,
      updatedAt: r.updated_at,
      cooperatingUnitIds: [],
      indicators: [],
      responsible: {},
    });
  }
  for (const c of coops) byId.get(c.task_id)?.cooperatingUnitIds.push(c.unit_id);
  for (const i of indicators) {
    const num = (v: number | null) => (v === null ? null : Number(v));
    byId.get(i.task_id)?.indicators.push({ name: i.name, unit: i.unit, target: num(i.target), baseline: num(i.baseline), actual: num(i.actual) });
  }
  // like the task detail, the latest open term of a role is the current holder
  for (const t of terms) {
    const task = byId.get(t.task_id);
    if (task && (t.role === 'principal' || t.role === 'deputy' || t.role === 'handler')) task.responsible[t.role] = t.person_id;
  }
  return [...byId.values()].sort((a, b) => compareCodes(a.code, b.code));
}

export async function loadSheetContext(db: Q, campaignId: string, opts: { tasks?: boolean } = {}): Promise<SheetContext> {
  const c = await db.selectFrom('campaigns').select(['id', 'year', 'name', 'streams']).where('id', '=', campaignId).executeTakeFirst();
  if (!c) throw new LuoshiError('NOT_FOUND');
  const stamp = await tasksStamp(db, campaignId);
  const lists = await db.selectFrom('project_lists').select(['id', 'name', 'size']).where('campaign_id', '=', campaignId).orderBy('sort_order').execute();
  const units = await db.selectFrom('units').select(['id', 'name', 'short_name', 'active', 'functions']).orderBy('sort_order').execute();
  const people = await db.selectFrom('people').select(['id', 'name', 'active', 'unit_id']).execute();
  const posts = await db.selectFrom('posts').select(['id', 'unit_id', 'role', 'active', 'sort_order', 'created_at']).execute();
  const openTerms = await db.selectFrom('post_terms').select(['post_id', 'person_id']).where('to_date', 'is', null).execute();
  const charges = await db.selectFrom('leader_charges').select('person_id').distinct().execute();

  const government = new Set(units.filter((u) => (JSON.parse(u.functions) as string[]).includes('government')).map((u) => u.id));
  const postById = new Map(posts.map((p) => [p.id, p]));
  const personUnits = new Map<string, Set<string>>();
  for (const p of people) personUnits.set(p.id, new Set(p.unit_id ? [p.unit_id] : []));
  for (const t of openTerms) {
    const post = postById.get(t.post_id);
    if (post) personUnits.get(t.person_id)?.add(post.unit_id);
  }
  const charged = new Set(charges.map((x) => x.person_id));

  // the same choice as repo.unitHolders: active posts by sort order, then age; the first holder of each role
  const holders = new Map<string, Partial<Record<Role, string>>>();
  const ordered = openTerms
    .map((t) => ({ t, post: postById.get(t.post_id) }))
    .filter((x) => x.post && x.post.active === 1)
    .sort((a, b) => a.post!.sort_order - b.post!.sort_order || (a.post!.created_at < b.post!.created_at ? -1 : a.post!.created_at > b.post!.created_at ? 1 : 0));
  for (const { t, post } of ordered) {
    const role = post!.role;
    if (role !== 'principal' && role !== 'deputy' && role !== 'handler') continue;
    const h = holders.get(post!.unit_id) ?? {};
    h[role] ??= t.person_id;
    holders.set(post!.unit_id, h);
  }

  return {
    campaign: { id: c.id, year: c.year, name: c.name, streams: (JSON.parse(c.streams) as { key: string; title: string }[]).map((s) => ({ key: s.key, title: s.title })) },
    lists,
    units: units.map((u) => ({ id: u.id, name: u.name, shortName: u.short_name, active: u.active === 1 })),
    people: people.map((p) => {
      const unitIds = personUnits.get(p.id)!;
      return { id: p.id, name: p.name, active: p.active === 1, unitIds, countyLeader: charged.has(p.id) || [...unitIds].some((u) => government.has(u)) };
    }),
    holders,
    postUnits: new Map(posts.map((p) => [p.id, p.unit_id])),
    tasks: opts.tasks === false ? [] : await existingTasks(db, campaignId),
    stamp,
  };
}
