/**
 * The portal's published tasks (R-PUB-1), a page at a time. A city publishes thousands of tasks:
 * the list is answered in pages cut by key (the last task's code and id, in a cursor), each task
 * a summary (its latest published report and the number of its published files); a task's page
 * reads that one task with all it published.
 *
 * The ordered summaries of every published task are built once per data version (every campaign's
 * scopes and the global ones, `allVersionsKey`) and kept; a page is then a binary search and a
 * slice, with no query but the version key's. Repeated pages are the same shared object, written
 * to JSON once. Inside a transaction nothing is cached: the answer is read afresh.
 */
import { sql, type Kysely } from 'kysely';
import { LuoshiError, compareCodes, sortByCode } from '@luoshi/domain';
import { portal, type QueryT, type ResponseOf } from '@luoshi/contracts';
import type { DB } from '../../platform/db/schema.ts';
import { VersionedCache, allVersionsKey, share } from '../../platform/db/versions.ts';
import { cursorOf, readCursor } from '../../platform/cursor.ts';

type Q = Kysely<DB>;
export type TaskSummary = ResponseOf<typeof portal.tasks>['items'][number];
type TaskPage = ResponseOf<typeof portal.tasks>;
type TaskDetail = ResponseOf<typeof portal.task>;

/** Every published task in code order, with what a page and a search need to find their place in it. */
interface TaskIndex {
  items: TaskSummary[];
  /** a task's place in items, by id */
  position: Map<string, number>;
  /** code, title and lead unit, Latin letters in lower case, for the search */
  haystack: string[];
  /** the tasks matching a search, by the search text (the latest few) */
  searches: Map<string, TaskSummary[]>;
  /** answers already given at this version, by search, cursor and limit: handed out again as they are */
  pages: Map<string, TaskPage>;
}

const MAX_SEARCHES = 32;
const MAX_PAGES = 64;

const INDEX = new VersionedCache<TaskIndex>(1);
/** The index being built for a version: requests arriving meanwhile wait for it instead of building their own. */
let building: { version: string; index: Promise<TaskIndex> } | null = null;
/** One task's page, by task id, at the data version it was read. */
const DETAILS = new VersionedCache<TaskDetail>(256);

async function taskIndex(db: Q): Promise<TaskIndex> {
  if (db.isTransaction) return buildIndex(db);
  const version = await allVersionsKey(db);
  const cached = INDEX.get('all', version);
  if (cached) return cached;
  if (building?.version === version) return building.index;
  const mine = { version, index: buildIndex(db) };
  building = mine;
  try {
    const index = await mine.index;
    INDEX.set('all', version, index);
    return index;
  } finally {
    if (building === mine) building = null;
  }
}

/** All published tasks, in code order (the open-data export lists them whole). */
export async function publishedTasks(db: Q): Promise<readonly TaskSummary[]> {
  return (await taskIndex(db)).items;
}

/** One page of the published tasks, optionally only those matching a search. */
export async function publicTaskPage(db: Q, query: QueryT<typeof portal.tasks>): Promise<TaskPage> {
  // a bad cursor is refused before anything is read
  const after = query.cursor ? readTaskCursor(query.cursor) : null;
  const q = searchText(query.q ?? '');
  const index = await taskIndex(db);
  const key = `${q}\u0000${query.cursor ?? ''}\u0000${query.limit}`;
  const seen = index.pages.get(key);
  if (seen) return seen;
  const list = q ? matching(index, q) : index.items;
  const start = after ? firstAfter(index, list, after) : 0;
  const items = list.slice(start, start + query.limit);
  const last = items[items.length - 1];
  const page = share({ items, nextCursor: last && start + items.length < list.length ? taskCursor(last) : null, total: list.length });
  remember(index.pages, key, page, MAX_PAGES);
  return page;
}

/** One published task with every published report and evidence file; not found unless published. */
export async function publicTask(db: Q, id: string): Promise<TaskDetail> {
  const version = db.isTransaction ? '' : await allVersionsKey(db);
  const cached = version ? DETAILS.get(id, version) : undefined;
  if (cached) return cached;
  const task = await readTask(db, id);
  if (!task) throw new LuoshiError('NOT_FOUND');
  if (version) DETAILS.set(id, version, task);
  return task;
}

// --- the cursor: the last task's code and id (platform/cursor.ts: a cut or edited one is refused) ---

const LIST = 'portal.tasks';

interface Key {
  code: string;
  id: string;
}

const taskCursor = (t: TaskSummary): string => cursorOf(LIST, [t.code, t.id]);

function readTaskCursor(cursor: string): Key {
  const [code, id] = readCursor(LIST, cursor, ['string', 'string']) as [string, string];
  return { code, id };
}

/** The order of the list: codes as the staff app sorts them (1.9 before 1.10), equal codes by id. */
function compareKeys(a: Key, b: Key): number {
  return compareCodes(a.code, b.code) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Where in `list` (all tasks, or a search's) the page after the cursor starts. */
function firstAfter(index: TaskIndex, list: readonly TaskSummary[], after: Key): number {
  // the place in the whole list: the cursor's task itself when it is still there with that code,
  // else (withdrawn or renumbered since) the first task whose key is beyond the cursor's
  const at = index.position.get(after.id);
  let from: number;
  if (at !== undefined && index.items[at]!.code === after.code) from = at + 1;
  else {
    let lo = 0;
    let hi = index.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareKeys(index.items[mid]!, after) <= 0) lo = mid + 1;
      else hi = mid;
    }
    from = lo;
  }
  if (list === index.items) return from;
  // a search's tasks keep the whole list's order: the first of them at or beyond that place
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (index.position.get(list[mid]!.id)! < from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// --- the search ---

/** Latin capitals to lower case; every other character as it is. */
function searchText(s: string): string {
  return s.trim().replace(/[A-Z]/g, (c) => c.toLowerCase());
}

function matching(index: TaskIndex, q: string): TaskSummary[] {
  const hit = index.searches.get(q);
  if (hit) return hit;
  const found = index.items.filter((_, i) => index.haystack[i]!.includes(q));
  remember(index.searches, q, found, MAX_SEARCHES);
  return found;
}

function remember<T>(map: Map<string, T>, key: string, value: T, max: number): void {
  map.set(key, value);
  if (map.size > max) map.delete(map.keys().next().value!);
}

// --- reading ---

const unitName = (names: Map<string, string>, id: string | null) => (id ? (names.get(id) ?? null) : null);
const reportDay = (r: { submitted_at: string | null; created_at: string }) => r.submitted_at ?? r.created_at;

function shortened(text: string): string {
  const chars = Array.from(text);
  return chars.length > portal.SUMMARY_NARRATIVE_CHARS ? `${chars.slice(0, portal.SUMMARY_NARRATIVE_CHARS).join('')}…` : text;
}

async function buildIndex(db: Q): Promise<TaskIndex> {
  const rows = await db.selectFrom('tasks').select(['id', 'code', 'title', 'lead_unit_id', 'planned_end', 'progress', 'light', 'status']).where('published', '=', 1).orderBy('id').execute();
  const names = new Map((await db.selectFrom('units').select(['id', 'name']).execute()).map((u) => [u.id, u.name]));
  // the published reports of published tasks, without their text: the latest of each task is chosen here
  const reports = await db
    .selectFrom('progress_reports as r')
    .innerJoin('publications as p', (j) => j.onRef('p.entity_id', '=', 'r.id').on('p.entity_type', '=', 'report'))
    .innerJoin('tasks as t', 't.id', 'r.task_id')
    .select(['r.id', 'r.task_id', 'r.percent', 'r.submitted_at', 'r.created_at'])
    .where('t.published', '=', 1)
    .execute();
  const latest = new Map<string, (typeof reports)[number]>();
  for (const r of reports) {
    const seen = latest.get(r.task_id);
    if (!seen || reportDay(r) > reportDay(seen) || (reportDay(r) === reportDay(seen) && r.id > seen.id)) latest.set(r.task_id, r);
  }
  // their text, cut in the query already (a report may be long)
  const text = new Map<string, string>();
  const ids = [...latest.values()].map((r) => r.id);
  for (let i = 0; i < ids.length; i += 500) {
    const part = await db
      .selectFrom('progress_reports')
      .select(['id', sql<string>`substr(narrative, 1, ${sql.lit(portal.SUMMARY_NARRATIVE_CHARS + 1)})`.as('head')])
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of part) text.set(r.id, r.head);
  }
  const files = await db
    .selectFrom('attachments as a')
    .innerJoin('publications as p', (j) => j.onRef('p.entity_id', '=', 'a.id').on('p.entity_type', '=', 'attachment'))
    .innerJoin('progress_reports as r', 'r.id', 'a.owner_id')
    .innerJoin('tasks as t', 't.id', 'r.task_id')
    .select((eb) => ['r.task_id', eb.fn.countAll().as('n')])
    .where('a.owner_type', '=', 'report')
    .where('t.published', '=', 1)
    .groupBy('r.task_id')
    .execute();
  const fileCount = new Map(files.map((f) => [f.task_id, Number(f.n)]));
  // rows come by id, and the sort keeps that order among equal codes: the order compareKeys describes
  const items = sortByCode(rows).map((r): TaskSummary => {
    const report = latest.get(r.id);
    return {
      id: r.id,
      code: r.code,
      title: r.title,
      unitName: unitName(names, r.lead_unit_id),
      plannedEnd: r.planned_end,
      progress: r.progress,
      light: r.light,
      status: r.status,
      latestReport: report ? { date: reportDay(report).slice(0, 10), percent: report.percent, narrative: shortened(text.get(report.id) ?? '') } : null,
      evidenceCount: fileCount.get(r.id) ?? 0,
    };
  });
  return {
    items,
    position: new Map(items.map((t, i) => [t.id, i])),
    haystack: items.map((t) => searchText(`${t.code}\u0000${t.title}\u0000${t.unitName ?? ''}`)),
    searches: new Map(),
    pages: new Map(),
  };
}

async function readTask(db: Q, id: string): Promise<TaskDetail | null> {
  const r = await db.selectFrom('tasks').select(['id', 'code', 'title', 'lead_unit_id', 'planned_end', 'progress', 'light', 'status']).where('id', '=', id).where('published', '=', 1).executeTakeFirst();
  if (!r) return null;
  const unit = r.lead_unit_id ? await db.selectFrom('units').select('name').where('id', '=', r.lead_unit_id).executeTakeFirst() : undefined;
  const reports = await db
    .selectFrom('progress_reports as r')
    .innerJoin('publications as p', (j) => j.onRef('p.entity_id', '=', 'r.id').on('p.entity_type', '=', 'report'))
    .select(['r.id', 'r.percent', 'r.narrative', 'r.submitted_at', 'r.created_at'])
    .where('r.task_id', '=', id)
    .execute();
  reports.sort((a, b) => (reportDay(a) < reportDay(b) ? -1 : reportDay(a) > reportDay(b) ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const files = await db
    .selectFrom('attachments as a')
    .innerJoin('publications as p', (j) => j.onRef('p.entity_id', '=', 'a.id').on('p.entity_type', '=', 'attachment'))
    .innerJoin('progress_reports as r', 'r.id', 'a.owner_id')
    .select(['a.id', 'a.name', 'a.mime'])
    .where('a.owner_type', '=', 'report')
    .where('r.task_id', '=', id)
    .orderBy('a.created_at')
    .orderBy('a.id')
    .execute();
  return {
    id: r.id,
    code: r.code,
    title: r.title,
    unitName: unit?.name ?? null,
    plannedEnd: r.planned_end,
    progress: r.progress,
    light: r.light,
    status: r.status,
    reports: reports.map((p) => ({ date: reportDay(p).slice(0, 10), percent: p.percent, narrative: p.narrative })),
    evidence: files.map((f) => ({ id: f.id, name: f.name, mime: f.mime })),
  };
}
