/**
 * Removing evidence: from a draft report by its unit, or from an inspection by the recording unit
 * unless the inspection is already grounds for supervision (督办依据), when its evidence must stay.
 * The store is content-addressed, so the same bytes may be evidence elsewhere (a correction
 * carries its report's files, two units may upload the same photo): the bytes and their file row
 * go only when no attachment refers to them any more. The audit entry keeps the hash, name and
 * size of what was removed.
 */
import { LuoshiError } from '@luoshi/domain';
import { notFoundUnless, runTx, type Services, type Tx } from '../../platform/context.ts';
import type { RouteCtx } from '../../platform/http.ts';
import { ownInspection } from '../inspections/access.ts';
import { draftForEvidence } from './owners.ts';

/** Removes the attachment; the hash of bytes nothing refers to any more, or null. */
export async function deleteAttachment(tx: Tx, id: string): Promise<{ orphan: string | null }> {
  const a = notFoundUnless(await tx.db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst());
  if (a.owner_type === 'report') await draftForEvidence(tx.db, tx.actor, a.owner_id);
  else if (a.owner_type === 'inspection') {
    const inspection = await ownInspection(tx.db, tx.actor, a.owner_id);
    if (inspection.grounds_for_supervision === 1) {
      throw new LuoshiError('INVALID_STATE', {
        issues: [{ path: 'groundsForSupervision', zh: '该督查记录已作为督办依据,佐证材料不能删除', en: 'the inspection is grounds for supervision; its evidence cannot be removed' }],
      });
    }
  } else throw new LuoshiError('NOT_FOUND');
  await tx.db.deleteFrom('attachments').where('id', '=', id).execute();
  const other = await tx.db.selectFrom('attachments').select('id').where('file_hash', '=', a.file_hash).limit(1).executeTakeFirst();
  if (!other) await tx.db.deleteFrom('files').where('hash', '=', a.file_hash).execute();
  await tx.audit({
    action: 'attachment.remove',
    entityType: 'attachment',
    entityId: id,
    before: { ownerType: a.owner_type, ownerId: a.owner_id, fileHash: a.file_hash, name: a.name, size: Number(a.size), mime: a.mime },
    after: { bytesRemoved: !other },
  });
  return { orphan: other ? null : a.file_hash };
}

/**
 * The route's use case: the database change commits first; then the bytes go, unless an upload of
 * the same content recorded them again in the meantime.
 */
export async function removeAttachment(s: Services, c: RouteCtx, id: string) {
  const { orphan } = await runTx(s, c, (t) => deleteAttachment(t, id));
  if (orphan) {
    const again = await s.db.kysely.selectFrom('files').select('hash').where('hash', '=', orphan).executeTakeFirst();
    if (!again) await s.files.delete(orphan);
  }
  return { ok: true as const };
}
