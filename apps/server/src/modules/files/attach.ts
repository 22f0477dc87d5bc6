/**
 * Recording checked files as attachments of a report or an inspection: the file row (once per
 * hash), the attachment row, and one audit entry per file naming its hash, name, size and type,
 * all in the caller's transaction.
 */
import path from 'node:path';
import type { FastifyRequest } from 'fastify';
import type { AttachmentT } from '@luoshi/contracts';
import type { Services, Tx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { receiveFiles, type ReceivedFile } from '../../platform/files/receive.ts';
import { attachmentsOf, type OwnerType } from './present.ts';

/** Reads, checks and stores the files of an upload request with the configured limits. */
export function receiveEvidence(s: Services, req: FastifyRequest): Promise<ReceivedFile[]> {
  return receiveFiles(req, { store: s.files, maxBytes: s.config.maxUploadBytes, stagingDir: path.join(s.config.dataDir, 'tmp', 'uploads') });
}

export async function recordAttachments(tx: Tx, owner: { type: OwnerType; id: string }, files: ReceivedFile[]): Promise<AttachmentT[]> {
  const by = tx.actor?.displayName ?? '';
  const ids: string[] = [];
  for (const f of files) {
    await tx.db
      .insertInto('files')
      .values({ hash: f.hash, size: f.size, mime: f.mime, has_thumbnail: f.hasThumbnail ? 1 : 0, created_at: tx.nowIso })
      .onConflict((oc) => oc.column('hash').doNothing())
      .execute();
    if (f.hasThumbnail) await tx.db.updateTable('files').set({ has_thumbnail: 1 }).where('hash', '=', f.hash).where('has_thumbnail', '=', 0).execute();
    const row = {
      id: newId(tx.now.getTime()),
      owner_type: owner.type,
      owner_id: owner.id,
      file_hash: f.hash,
      name: f.name,
      mime: f.mime,
      size: f.size,
      uploaded_by: by,
      created_at: tx.nowIso,
    };
    await tx.db.insertInto('attachments').values(row).execute();
    await tx.audit({
      action: 'attachment.add',
      entityType: 'attachment',
      entityId: row.id,
      after: { ownerType: owner.type, ownerId: owner.id, fileHash: f.hash, name: f.name, size: f.size, mime: f.mime },
    });
    ids.push(row.id);
  }
  const all = (await attachmentsOf(tx.db, owner.type, [owner.id])).get(owner.id) ?? [];
  return ids.map((id) => all.find((a) => a.id === id)!);
}
