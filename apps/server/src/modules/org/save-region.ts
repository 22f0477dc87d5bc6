import type { org, BodyT } from '@luoshi/contracts';
import { requireCan, type Tx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { requireRegion } from './validate.ts';

export async function createRegion(tx: Tx, input: BodyT<typeof org.createRegion>) {
  requireCan(tx.actor, 'org.manage');
  if (input.parentId) await requireRegion(tx, input.parentId, 'parentId');
  const row = { id: newId(tx.now.getTime()), name: input.name, level: input.level, parent_id: input.parentId, code: input.code || null, created_at: tx.nowIso };
  await tx.db.insertInto('regions').values(row).execute();
  await tx.audit({ action: 'region.create', entityType: 'region', entityId: row.id, after: row });
  return { id: row.id, name: row.name, level: input.level, parentId: row.parent_id, code: row.code };
}
