/**
 * Reading the task tree: filtered lists for the tree, the timetable and "my tasks", and one task
 * with its responsibility history and the working of its rolled-up progress.
 */
import type { Kysely } from 'kysely';
import {
  LuoshiError,
  compareCodes,
  computeLight,
  localDate,
  type LightResult,
  type RollupResult,
  normalizeText,
  readableUnitIds,
  rollUp,
  rollUpLights,
  type Actor,
  type TaskStatus,
} from '@luoshi/domain';
import type { TaskDetailT, TaskQueryT } from '@luoshi/contracts';
import type { DB } from '../../platform/db/schema.ts';
import { requireCan } from '../../platform/context.ts';
import * as repo from './repo.ts';
import { policyFor } from '../campaigns/policy.ts';
import { presentRow, type RowContext } from './present.ts';

type Q = Kysely<DB>;

async function requireCampaign(db: Q, id: string) {
  const c = await db.selectFrom('campaigns').select(['id', 'year']).where('id', '=', id).executeTakeFirst();
  if (!c) throw new LuoshiError('NOT_FOUND');
  return c;
}

/** May this actor read a task led by `lead` with these cooperating units? */
export function canReadTask(actor: Actor, lead: string | null, cooperating: string[]): boolean {
  const readable = readableUnitIds(actor);
  if (readable === null) return true;
  return [lead, ...cooperating].some((u) => u !== null && readable.includes(u));
}

interface TreeBase {
  stamp: string;
  builtAt: number;
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
  lights?: { key: string; map: Map<string, LightResult> };
}

/**
 * A campaign's tree is read by most pages; rebuilding 20,000 rows per request is what made them
 * slow. The built tree is kept per process and reused while the campaign's tasks are unchanged:
 * every write to a task bumps its row_version and updated_at, and a deletion changes the count,
 * so the stamp below tells when to rebuild. Several app instances each keep their own copy; the
 * stamp is read from the shared database, so none serves stale data. Only committed state is
 * cached: inside a transaction the tree is always read afresh. Unit names and leaders' charges
 * change rarely and are refreshed at least every 30 s.
 */
const TREE_CACHE = new Map<string, TreeBase>();
const NAMES_TTL_MS = 30_000;

async function treeStamp(db: Q, campaignId: string): Promise<string> {
  const r = await db
    .selectFrom('tasks')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('updated_at').as('u'), eb.fn.sum<number>('row_version').as('v')])
    .where('campaign_id', '=', campaignId)
    .executeTakeFirst();
  return `${Number(r?.n ?? 0)}|${r?.u ?? ''}|${Number(r?.v ?? 0)}`;
}

async function treeBase(db: Q, campaignId: string, fresh: boolean): Promise<TreeBase> {
  const cacheable = !fresh && !db.isTransaction;
  const stamp = cacheable ? await treeStamp(db, campaignId) : '';
  const hit = TREE_CACHE.get(campaignId);
  if (cacheable && hit && hit.stamp === stamp) {
    // the tasks are unchanged: only the names and charges are refreshed when old (rebuilding the whole tree took seconds at county scale)
    if (Date.now() - hit.builtAt >= NAMES_TTL_MS) {
      const [unitNames, leaders] = [await repo.unitNames(db), await repo.leadersByUnit(db)];
      const fresh: TreeBase = { ...hit, builtAt: Date.now(), unitNames, leaders };
      TREE_CACHE.set(campaignId, fresh);
      return fresh;
    }
    return hit;
  }
  const { rows, cooperators } = await repo.campaignTree(db, campaignId);
  const rollup = rollUp(
    rows.map((r) => ({ id: r.id, parentId: r.parent_id, weight: Number(r.weight), progress: Number(r.progress), status: r.status as TaskStatus })),
  );
  const childCount = new Map<string, number>();
  for (const r of rows) if (r.parent_id) childCount.set(r.parent_id, (childCount.get(r.parent_id) ?? 0) + 1);
  const sorted = [...rows].sort((a, b) => compareCodes(a.code, b.code));
  const children = new Map<string, repo.TreeRow[]>();
  for (const r of sorted) {
    if (!r.parent_id) continue;
    const list = children.get(r.parent_id);
    if (list) list.push(r);
    else children.set(r.parent_id, [r]);
  }
  const base: TreeBase = {
    stamp,
    builtAt: Date.now(),
    rows,
    sorted,
    byId: new Map(rows.map((r) => [r.id, r])),
    children,
    cooperators,
    rollup,
    childCount,
    unitNames: await repo.unitNames(db),
    leaders: await repo.leadersByUnit(db),
  };
  if (!cacheable) return base;
  if (TREE_CACHE.size > 50) TREE_CACHE.clear();
  TREE_CACHE.set(campaignId, base);
  return base;
}

/**
 * The whole tree of a campaign with roll-up and lights as of `now`. `fresh` bypasses the cache
 * (the sweep compares the recorded light of every row and must read them as they are).
 */
export async function treeContext(db: Q, campaignId: string, now: Date, opts: { fresh?: boolean } = {}) {
  const base = await treeBase(db, campaignId, opts.fresh ?? false);
  const policy = await policyFor(db, campaignId, now);
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
  return { rows: base.rows, sorted: base.sorted, byId: base.byId, children: base.children, ctx, today, policy };
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
  await requireCampaign(db, campaignId);
  const { sorted, byId, ctx } = await treeContext(db, campaignId, now);
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
  const t = await repo.findTask(db, id);
  if (!t) throw new LuoshiError('NOT_FOUND');
  const { byId, children: childrenOf, ctx } = await treeContext(db, t.campaign_id, now);
  const coop = ctx.cooperators.get(id) ?? [];
  if (!opts.skipAccess) {
    requireCan(actor, 'task.read');
    if (!canReadTask(actor!, t.lead_unit_id, coop)) throw new LuoshiError('FORBIDDEN');
  }
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
