/**
 * Removing evidence: from a draft report by its unit, or from an inspection by the recording unit
 * unless the inspection is already grounds for supervision (督办依据), when its evidence must stay.
 * The bytes stay in the store: the audit entry names their hash, and the same bytes may be
 * evidence elsewhere (a correction carries its report's files).
 */
import { LuoshiError } from '@luoshi/domain';
import { notFoundUnless, type Tx } from '../../platform/context.ts';
import { ownInspection } from '../inspections/access.ts';
import { draftForEvidence } from './owners.ts';

export async function deleteAttachment(tx: Tx, id: string) {
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
  await tx.audit({
    action: 'attachment.remove',
    entityType: 'attachment',
    entityId: id,
    before: { ownerType: a.owner_type, ownerId: a.owner_id, fileHash: a.file_hash, name: a.name, size: Number(a.size), mime: a.mime },
  });
  return { ok: true as const };
}
