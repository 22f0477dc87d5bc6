/**
 * Reading the task tree: filtered lists for the tree, the timetable and "my tasks", and one task
 * with its responsibility history and the working of its rolled-up progress.
 */
import type { Kysely } from 'kysely';
import {
  LuoshiError,
  sortByCode,
  computeLight,
  localDate,
  type LightResult,
  type RollupResult,
  normalizeText,
  readableUnitIds,
  rollUp,
  rollUpLights,
  policyOn,
  type PolicyVersion,
  type Actor,
  type TaskStatus,
} from '@luoshi/domain';
import type { TaskDetailT, TaskQueryT } from '@luoshi/contracts';
import type { DB } from '../../platform/db/schema.ts';
import { requireCan } from '../../platform/context.ts';
import * as repo from './repo.ts';
import { policyVersions } from '../campaigns/policy.ts';
import { VersionedCache, scopes, versionKey } from '../../platform/db/versions.ts';
import { presentRow, type RowContext } from './present.ts';

type Q = Kysely<DB>;

/** May this actor read a task led by `lead` with these cooperating units? */
export function canReadTask(actor: Actor, lead: string | null, cooperating: string[]): boolean {
  const readable = readableUnitIds(actor);
  if (readable === null) return true;
  return [lead, ...cooperating].some((u) => u !== null && readable.includes(u));
}

interface TreeBase {
  /** the campaign's tasks version the tree was built at */
  version: string;
  /** the org version the names and charges were read at */
  orgVersion: string;
  rows: repo.TreeRow[];
  /** the rows in code order (1, 1.2, 1.10, 2) */
  sorted: repo.TreeRow[];
  byId: Map<string, repo.TreeRow>;
  /** each task's children in code order */
  children: Map<string, repo.TreeRow[]>;
  cooperators: Map<string, string[]>;
  rollup: Map<string, RollupResult>;
  childCount: Map<string, number>;
  unitNames: Map<string, string>;
  leaders: Map<string, string[]>;
  /** the campaign's policy versions (in the tasks scope, so as current as the rows) */
  policies: PolicyVersion[];
  lights?: { key: string; map: Map<string, LightResult> };
}

/**
 * A campaign's tree is read by most pages; rebuilding 20,000 rows per request is what made them
 * slow. The built tree is kept per process and reused while the campaign's data version (raised by
 * the database's triggers on every write to the campaign, its policy, its tasks, cooperating units,
 * indicators and responsibilities: platform/db/versions.ts) is unchanged. Several app instances
 * each keep their own copy; the version is read from the shared database, so none serves stale
 * data. Unit names and leaders' charges follow the org version the same way. Only committed state
 * is cached: inside a transaction the tree is read afresh, unless the caller knows the transaction
 * has written nothing yet (it then sees the committed state, which the version names).
 */
const TREE_CACHE = new Map<string, TreeBase>();

/** The version key of what a campaign's tree is built from: its tasks, and the org's names and charges. */
async function treeVersion(db: Q, campaignId: string): Promise<string> {
  return versionKey(db, scopes.tasks(campaignId), scopes.org);
}

interface TreeOptions {
  fresh?: boolean;
  unwrittenTransaction?: boolean;
  /** the tree's version key (treeVersion's form) when the caller read it with its own query */
  version?: string;
}

function deepFreeze(o: unknown): void {
  if (o === null || typeof o !== 'object' || Object.isFrozen(o)) return;
  Object.freeze(o);
  for (const v of Object.values(o)) deepFreeze(v);
}

async function treeBase(db: Q, campaignId: string, opts: TreeOptions): Promise<TreeBase> {
  const cacheable = !opts.fresh && (!db.isTransaction || opts.unwrittenTransaction === true);
  const [version = '', orgVersion = ''] = cacheable ? (opts.version ?? (await treeVersion(db, campaignId))).split('.') : [];
  const hit = TREE_CACHE.get(campaignId);
  if (cacheable && hit && hit.version === version) {
    if (hit.orgVersion === orgVersion) return hit;
    // the tasks are unchanged: only the names and charges are read again
    const [unitNames, leaders] = [await repo.unitNames(db), await repo.leadersByUnit(db)];
    const renamed: TreeBase = { ...hit, orgVersion, unitNames, leaders };
    TREE_CACHE.set(campaignId, renamed);
    return renamed;
  }
  const { rows, cooperators } = await repo.campaignTree(db, campaignId);
  const rollup = rollUp(
    rows.map((r) => ({ id: r.id, parentId: r.parent_id, weight: Number(r.weight), progress: Number(r.progress), status: r.status as TaskStatus })),
  );
  const childCount = new Map<string, number>();
  for (const r of rows) if (r.parent_id) childCount.set(r.parent_id, (childCount.get(r.parent_id) ?? 0) + 1);
  const sorted = sortByCode(rows);
  const children = new Map<string, repo.TreeRow[]>();
  for (const r of sorted) {
    if (!r.parent_id) continue;
    const list = children.get(r.parent_id);
    if (list) list.push(r);
    else children.set(r.parent_id, [r]);
  }
  const base: TreeBase = {
    version,
    orgVersion,
    rows,
    sorted,
    byId: new Map(rows.map((r) => [r.id, r])),
    children,
    cooperators,
    rollup,
    childCount,
    unitNames: await repo.unitNames(db),
    leaders: await repo.leadersByUnit(db),
    policies: (await policyVersions(db, campaignId)) as PolicyVersion[],
  };
  if (!cacheable) return base;
  // shared by every request from now on: frozen, so that no reader can change it for the others
  deepFreeze(base.policies);
  if (TREE_CACHE.size > 50) TREE_CACHE.clear();
  TREE_CACHE.set(campaignId, base);
  return base;
}

/**
 * The whole tree of a campaign with roll-up and lights as of `now`. `fresh` bypasses the cache;
 * `unwrittenTransaction` lets a transaction that has not written yet use it (the sweep, first thing).
 * (the sweep compares the recorded light of every row and must read them as they are).
 */
export async function treeContext(db: Q, campaignId: string, now: Date, opts: TreeOptions = {}) {
  const base = await treeBase(db, campaignId, opts);
  const inForce = policyOn(base.policies, localDate(now));
  if (!inForce) throw new Error(`campaign ${campaignId} has no policy`);
  const policy = inForce.policy;
  const today = localDate(now, policy.timeZone);
  const key = `${today}|${JSON.stringify(policy.lights)}`;
  if (base.lights?.key !== key) {
    const map = new Map<string, LightResult>();
    for (const r of base.rows) {
      map.set(
        r.id,
        computeLight(
          {
            status: r.status as TaskStatus,
            progress: base.rollup.get(r.id)?.progress ?? Number(r.progress),
            plannedStart: r.planned_start,
            plannedEnd: r.planned_end,
            started: r.actual_start !== null || Number(r.progress) > 0,
          },
          today,
          policy.lights,
        ),
      );
    }
    // a task broken down further is no greener than its parts
    base.lights = { key, map: rollUpLights(base.sorted.map((r) => ({ id: r.id, parentId: r.parent_id, code: r.code, title: r.title })), map) };
  }
  const ctx: RowContext = {
    cooperators: base.cooperators,
    unitNames: base.unitNames,
    leaders: base.leaders,
    rollup: base.rollup,
    childCount: base.childCount,
    lights: base.lights.map,
  };
  // what every answer built from this tree depends on: empty inside a transaction (nothing there may be cached)
  const version = base.version ? `${base.version}.${base.orgVersion}|${key}` : '';
  return { rows: base.rows, sorted: base.sorted, byId: base.byId, children: base.children, ctx, today, policy, version };
}

/** The stream a node belongs to: its own, else its nearest ancestor's (the dashboard groups by it). */
export function streamResolver(byId: ReadonlyMap<string, repo.TreeRow>): (r: repo.TreeRow) => string | null {
  return (r) => {
    for (let p: repo.TreeRow | undefined = r; p; p = p.parent_id ? byId.get(p.parent_id) : undefined) if (p.stream_key) return p.stream_key;
    return null;
  };
}

export async function listTasks(db: Q, actor: Actor, campaignId: string, q: TaskQueryT, now: Date) {
  requireCan(actor, 'task.read');
  const campaign = await repo.findCampaignWithVersions(db, campaignId);
  if (!campaign) throw new LuoshiError('NOT_FOUND');
  const { sorted, byId, ctx, version } = await treeContext(db, campaignId, now, { version: campaign.treeVersion });
  // the same question from anyone who sees the same units gets the same answer until the tree's version moves on
  const cacheKey = version ? JSON.stringify([campaignId, q, readableUnitIds(actor), actor.memberships.map((m) => m.unitId), actor.chargedUnitIds]) : '';
  const cached = cacheKey ? LISTS.get(cacheKey, version) : undefined;
  if (cached) return cached;
  const answer = filterTasks(actor, q, sorted, byId, ctx);
  // small answers only (a page of a list): the whole tree is the tree cache's job, and memory stays bounded
  if (cacheKey && answer.items.length <= LIST_CACHE_ITEMS) LISTS.set(cacheKey, version, answer);
  return answer;
}

/** Task lists as answered, by question and reader's reach, with the tree version they were built at. */
const LISTS = new VersionedCache<ReturnType<typeof filterTasks>>(200);
const LIST_CACHE_ITEMS = 300;

function filterTasks(actor: Actor, q: TaskQueryT, sorted: repo.TreeRow[], byId: ReadonlyMap<string, repo.TreeRow>, ctx: RowContext) {
  const own = new Set(actor.memberships.map((m) => m.unitId));
  const charged = new Set(actor.chargedUnitIds);
  const needle = q.q ? normalizeText(q.q).toLowerCase() : null;
  const units = (r: repo.TreeRow) => [r.lead_unit_id, ...(ctx.cooperators.get(r.id) ?? [])].filter((u): u is string => u !== null);

  const streamOf = streamResolver(byId);
  const matches = sorted.filter((r) => {
    // the plain column tests first: they rule out most of a large tree before any list is built
    if (q.status && r.status !== q.status) return false;
    if (q.nodeType && r.node_type !== q.nodeType) return false;
    if (q.sourceKind && r.source_kind !== q.sourceKind) return false;
    if (q.listId && r.list_id !== q.listId) return false;
    if (q.leaves === 'true' && ctx.childCount.get(r.id)) return false;
    if (q.scope === 'charge' && !(r.lead_unit_id && charged.has(r.lead_unit_id))) return false;
    const us = units(r);
    if (q.scope === 'mine' && !us.some((u) => own.has(u))) return false;
    if (q.unitId && !(q.unitRole === 'lead' ? r.lead_unit_id === q.unitId : us.includes(q.unitId))) return false;
    // a node's stream is its own or its nearest ancestor's, as the dashboard counts it ('-': none)
    if (q.streamKey && (streamOf(r) ?? '-') !== q.streamKey) return false;
    if (!canReadTask(actor, r.lead_unit_id, ctx.cooperators.get(r.id) ?? [])) return false;
    if (q.light && ctx.lights.get(r.id)?.light !== q.light) return false;
    if (q.leaderId && !(r.lead_unit_id && (ctx.leaders.get(r.lead_unit_id) ?? []).includes(q.leaderId))) return false;
    if (q.dueFrom && !(r.planned_end && r.planned_end >= q.dueFrom)) return false;
    if (q.dueTo && !(r.planned_end && r.planned_end <= q.dueTo)) return false;
    if (needle && !(`${r.code} ${normalizeText(r.title)}`.toLowerCase().includes(needle))) return false;
    return true;
  });

  const included = new Map(matches.map((r) => [r.id, true]));
  if (q.includeAncestors === 'true') {
    for (const m of matches) {
      let p = m.parent_id ? byId.get(m.parent_id) : undefined;
      while (p && !included.has(p.id)) {
        included.set(p.id, false);
        p = p.parent_id ? byId.get(p.parent_id) : undefined;
      }
    }
  }
  const out = sorted.filter((r) => included.has(r.id));
  const limited = out.slice(0, q.limit);
  return { items: limited.map((r) => presentRow(r, ctx, included.get(r.id)!)), total: out.length, truncated: out.length > limited.length };
}

export async function taskDetail(db: Q, actor: Actor | null, id: string, now: Date, opts: { skipAccess?: boolean } = {}): Promise<TaskDetailT> {
  const found = await repo.findTaskWithTreeVersion(db, id);
  if (!found) throw new LuoshiError('NOT_FOUND');
  const t = found.task;
  const tree = await treeContext(db, t.campaign_id, now, { version: found.treeVersion });
  const coop = tree.ctx.cooperators.get(id) ?? [];
  if (!opts.skipAccess) {
    requireCan(actor, 'task.read');
    if (!canReadTask(actor!, t.lead_unit_id, coop)) throw new LuoshiError('FORBIDDEN');
  }
  // everything a task's page shows is in the tree's version (its rows, indicators, responsibilities, names and today's lights)
  const cached = tree.version ? DETAILS.get(id, tree.version) : undefined;
  if (cached) return cached;
  const detail = await readDetail(db, t, tree);
  if (tree.version) DETAILS.set(id, tree.version, detail);
  return detail;
}

/** Task pages as answered, by task, with the tree version they were built at. */
const DETAILS = new VersionedCache<TaskDetailT>(500);

async function readDetail(db: Q, t: NonNullable<Awaited<ReturnType<typeof repo.findTask>>>, tree: Awaited<ReturnType<typeof treeContext>>): Promise<TaskDetailT> {
  const { byId, children: childrenOf, ctx } = tree;
  const id = t.id;
  const coop = ctx.cooperators.get(id) ?? [];
  const path: { id: string; code: string; title: string }[] = [];
  for (let p = t.parent_id ? byId.get(t.parent_id) : undefined; p; p = p.parent_id ? byId.get(p.parent_id) : undefined) {
    path.unshift({ id: p.id, code: p.code, title: p.title });
  }
  const children = childrenOf.get(id) ?? [];
  const history = await repo.responsibilitiesOf(db, id);
  const current = (role: 'principal' | 'deputy' | 'handler') => {
    const h = history.filter((x) => x.role === role && x.to_date === null).at(-1);
    return h ? { personId: h.person_id, name: h.name } : null;
  };
  const coordinator = t.coordinator_person_id
    ? await db.selectFrom('people').select(['id', 'name']).where('id', '=', t.coordinator_person_id).executeTakeFirst()
    : undefined;
  const post = t.post_id ? await db.selectFrom('posts').select('title').where('id', '=', t.post_id).executeTakeFirst() : undefined;
  const working = (ctx.rollup.get(id)?.working ?? []).map((w) => {
    const c = byId.get(w.id)!;
    return { id: w.id, code: c.code, title: c.title, weight: w.weight, progress: w.progress };
  });
  return {
    ...presentRow(byId.get(id)!, ctx),
    description: t.description,
    acceptanceStandard: t.acceptance_standard,
    postId: t.post_id,
    postTitle: post?.title ?? null,
    coordinator: coordinator ? { personId: coordinator.id, name: coordinator.name } : null,
    published: t.published === 1,
    rowVersion: t.row_version,
    indicators: (await repo.indicatorsOf(db, id)).map((i) => ({ id: i.id, name: i.name, unit: i.unit, target: i.target, baseline: i.baseline, actual: i.actual })),
    responsible: { principal: current('principal'), deputy: current('deputy'), handler: current('handler') },
    responsibilityHistory: history.map((h) => ({ role: h.role as 'principal' | 'deputy' | 'handler', personId: h.person_id, name: h.name, from: h.from_date, to: h.to_date })),
    working,
    path,
    children: children.map((c) => presentRow(c, ctx)),
    cooperatingUnits: coop.map((u) => ({ id: u, name: ctx.unitNames.get(u) ?? '' })),
  };
}
