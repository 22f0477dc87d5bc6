/**
 * The office decides what the public sees, item by item (R-PUB-1). Tasks, cases, catalogue items
 * and commitments carry their own flag; notices (bulletins), progress reports and evidence files
 * are listed in `publications`. Everything public reads only through these flags.
 */
import type { Kysely } from 'kysely';
import { LuoshiError } from '@luoshi/domain';
import type { BodyT, publication } from '@luoshi/contracts';
import type { DB } from '../../platform/db/schema.ts';
import { requireCan, type Tx } from '../../platform/context.ts';

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

export async function listPublished(db: Kysely<DB>, entityType?: string) {
  let q = db.selectFrom('publications').selectAll();
  if (entityType) q = q.where('entity_type', '=', entityType);
  const rows = await q.orderBy('published_at', 'desc').limit(5000).execute();
  return { items: rows.map((r) => ({ entityType: r.entity_type, entityId: r.entity_id, publishedBy: r.published_by, publishedAt: r.published_at })) };
}

/** Ids of the items of a kind listed as published. */
export async function publishedIds(db: Kysely<DB>, entityType: keyof typeof LISTED): Promise<Set<string>> {
  return new Set((await db.selectFrom('publications').select('entity_id').where('entity_type', '=', entityType).execute()).map((r) => r.entity_id));
}
