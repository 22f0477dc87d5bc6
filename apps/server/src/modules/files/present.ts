/** Exactly which attachment fields leave the server: never the hash or where the bytes are. */
import type { Kysely } from 'kysely';
import type { AttachmentT } from '@luoshi/contracts';
import type { DB } from '../../platform/db/schema.ts';

export type OwnerType = 'report' | 'inspection';

/** The attachments of each owner, oldest first. */
export async function attachmentsOf(db: Kysely<DB>, ownerType: OwnerType, ownerIds: string[]): Promise<Map<string, AttachmentT[]>> {
  const out = new Map<string, AttachmentT[]>(ownerIds.map((id) => [id, []]));
  if (!ownerIds.length) return out;
  const rows = await db
    .selectFrom('attachments')
    .innerJoin('files', 'files.hash', 'attachments.file_hash')
    .select([
      'attachments.id',
      'attachments.owner_id',
      'attachments.name',
      'attachments.mime',
      'attachments.size',
      'attachments.uploaded_by',
      'attachments.created_at',
      'files.has_thumbnail',
    ])
    .where('attachments.owner_type', '=', ownerType)
    .where('attachments.owner_id', 'in', ownerIds)
    .orderBy('attachments.created_at')
    .orderBy('attachments.name')
    .execute();
  for (const a of rows) {
    out.get(a.owner_id)?.push({
      id: a.id,
      name: a.name,
      mime: a.mime,
      size: Number(a.size),
      hasThumbnail: Number(a.has_thumbnail) === 1,
      uploadedBy: a.uploaded_by,
      createdAt: a.created_at,
    });
  }
  return out;
}
