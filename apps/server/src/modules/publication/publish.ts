/**
 * The office decides what the public sees, item by item (R-PUB-1). Tasks, cases, catalogue items
 * and commitments carry their own flag; notices (bulletins), progress reports and evidence files
 * are listed in `publications`. Everything public reads only through these flags.
 */
import type { Kysely } from 'kysely';
import { LuoshiError } from '@luoshi/domain';
import type { BodyT, QueryT, publication } from '@luoshi/contracts';
import type { DB } from '../../platform/db/schema.ts';
import { requireCan, type Tx } from '../../platform/context.ts';
import { beyond, countOf, pageOf, readCursor, type KeyPart } from '../../platform/cursor.ts';

const FLAGGED = { task: 'tasks', case: 'cases', catalogue: 'catalogue_items', commitment: 'commitments' } as const;
const LISTED = { notice: 'notices', report: 'progress_reports', attachment: 'attachments', ranking: 'campaigns' } as const;

export async function setPublished(tx: Tx, b: BodyT<typeof publication.setPublished>) {
  const actor = requireCan(tx.actor, 'publication.manage');
  const notFound = () => new LuoshiError('VALIDATION_FAILED', { issues: [{ path: 'entityId', zh: '要公开的事项不存在', en: 'no such item' }] });
  const flag = b.published ? 1 : 0;
  if (b.entityType in FLAGGED) {
    const table = FLAGGED[b.entityType as keyof typeof FLAGGED];
    const r = await tx.db.updateTable(table).set({ published: flag }).where('id', '=', b.entityId).executeTakeFirst();
    if (!Number(r.numUpdatedRows)) throw notFound();
  } else {
    const table = LISTED[b.entityType as keyof typeof LISTED];
    const row = await tx.db.selectFrom(table).select('id').where('id', '=', b.entityId).executeTakeFirst();
    if (!row) throw notFound();
    if (b.entityType === 'notice' && b.published) {
      const n = await tx.db.selectFrom('notices').select(['status', 'kind', 'criticism']).where('id', '=', b.entityId).executeTakeFirstOrThrow();
      if (!['issued', 'fulfilled', 'lapsed'].includes(n.status) || !(n.kind === 'commend' || n.criticism === 1)) {
        throw new LuoshiError('INVALID_STATE', { issues: [{ path: 'entityId', zh: '只有已下发的表扬或批评通报可以公开', en: 'only issued commendations and criticism bulletins can be published' }] });
      }
    }
    if (b.entityType === 'ranking' && b.published && !(await tx.db.selectFrom('assessment_closes').select('id').where('campaign_id', '=', b.entityId).executeTakeFirst())) {
      throw new LuoshiError('INVALID_STATE', { issues: [{ path: 'entityId', zh: '年度考核封账后才能公开排名', en: 'a ranking can be published once the year is closed' }] });
    }
    if (b.published) {
      await tx.db
        .insertInto('publications')
        .values({ entity_type: b.entityType, entity_id: b.entityId, published_by: actor.displayName, published_at: tx.nowIso })
        .onConflict((oc) => oc.columns(['entity_type', 'entity_id']).doNothing())
        .execute();
    } else {
      await tx.db.deleteFrom('publications').where('entity_type', '=', b.entityType).where('entity_id', '=', b.entityId).execute();
    }
  }
  await tx.audit({ action: b.published ? 'publication.publish' : 'publication.withdraw', entityType: b.entityType, entityId: b.entityId, after: { published: b.published } });
  return { entityType: b.entityType, entityId: b.entityId, published: b.published };
}

const PUBLISHED_LIST = 'publications';
const PUBLISHED_KEY = ['published_at', 'entity_type', 'entity_id'] as const;

/** The items listed as published, of one kind or all, as a query to count or to page. */
export function publishedMatching(db: Kysely<DB>, q: { entityType?: string | undefined }) {
  let query = db.selectFrom('publications');
  if (q.entityType) query = query.where('entity_type', '=', q.entityType);
  return query;
}

/**
 * One page of them, newest first (published, then kind and id), after the cursor's: `limit + 1`
 * rows. Within one kind (the cursor's) the kind drops out of the key, so the index of that kind
 * finds where the page starts.
 */
export function publishedPage(matching: ReturnType<typeof publishedMatching>, after: KeyPart[] | null, limit: number, entityType?: string) {
  const from = !after ? null : entityType !== undefined && after[1] === entityType ? beyond(['published_at', 'entity_id'], 'desc', [after[0]!, after[2]!]) : beyond(PUBLISHED_KEY, 'desc', after);
  return (from ? matching.where(from) : matching)
    .selectAll()
    .orderBy('published_at', 'desc')
    .orderBy('entity_type', 'desc')
    .orderBy('entity_id', 'desc')
    .limit(limit + 1);
}

/** What each listed item is called: a bulletin's number and title, a report's task and day, a file's name, a ranking's campaign. */
async function titlesOf(db: Kysely<DB>, rows: { entity_type: string; entity_id: string }[]): Promise<Map<string, string>> {
  const ids = (type: string) => rows.filter((r) => r.entity_type === type).map((r) => r.entity_id);
  const out = new Map<string, string>();
  const notices = ids('notice');
  if (notices.length) for (const n of await db.selectFrom('notices').select(['id', 'doc_number', 'title']).where('id', 'in', notices).execute()) out.set(`notice:${n.id}`, [n.doc_number, n.title].filter(Boolean).join(' '));
  const reports = ids('report');
  if (reports.length) {
    const found = await db.selectFrom('progress_reports as r').innerJoin('tasks as t', 't.id', 'r.task_id').select(['r.id', 'r.submitted_at', 'r.created_at', 't.code', 't.title']).where('r.id', 'in', reports).execute();
    for (const r of found) out.set(`report:${r.id}`, `${r.code} ${r.title} ${(r.submitted_at ?? r.created_at).slice(0, 10)}`);
  }
  const files = ids('attachment');
  if (files.length) for (const f of await db.selectFrom('attachments').select(['id', 'name']).where('id', 'in', files).execute()) out.set(`attachment:${f.id}`, f.name);
  const rankings = ids('ranking');
  if (rankings.length) for (const c of await db.selectFrom('campaigns').select(['id', 'name']).where('id', 'in', rankings).execute()) out.set(`ranking:${c.id}`, c.name);
  return out;
}

/** A page of the items listed as published (the office's), with the true count of those of the kind asked for. */
export async function listPublished(db: Kysely<DB>, q: QueryT<typeof publication.listPublished>) {
  const after = q.cursor ? readCursor(PUBLISHED_LIST, q.cursor, ['string', 'string', 'string']) : null;
  const matching = publishedMatching(db, q);
  const counted = await matching.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst();
  const page = pageOf(PUBLISHED_LIST, await publishedPage(matching, after, q.limit, q.entityType).execute(), q.limit, (r) => [r.published_at, r.entity_type, r.entity_id]);
  const titles = await titlesOf(db, page.rows);
  return {
    items: page.rows.map((r) => ({ entityType: r.entity_type, entityId: r.entity_id, title: titles.get(`${r.entity_type}:${r.entity_id}`) ?? '', publishedBy: r.published_by, publishedAt: r.published_at })),
    nextCursor: page.nextCursor,
    total: countOf(counted),
  };
}

/** Ids of the items of a kind listed as published. */
export async function publishedIds(db: Kysely<DB>, entityType: keyof typeof LISTED): Promise<Set<string>> {
  return new Set((await db.selectFrom('publications').select('entity_id').where('entity_type', '=', entityType).execute()).map((r) => r.entity_id));
}
