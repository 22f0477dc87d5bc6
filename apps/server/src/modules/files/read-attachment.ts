/**
 * Downloading evidence, or a photo's preview: only for those who may read its owner. The file is
 * answered as an attachment with the type its bytes were found to be, never sniffed by the browser.
 */
import type { Actor } from '@luoshi/domain';
import { LuoshiError } from '@luoshi/domain';
import type { Services } from '../../platform/context.ts';
import type { FileReply } from '../../platform/http.ts';
import { FileMissingError, type FileVariant } from '../../platform/files/store.ts';
import { asciiFallback, thumbnailName } from '../../platform/files/names.ts';
import { requireReadOwner } from './owners.ts';

export async function readAttachment(s: Services, actor: Actor | null, id: string, variant: FileVariant): Promise<FileReply> {
  const db = s.db.kysely;
  const a = await db
    .selectFrom('attachments')
    .innerJoin('files', 'files.hash', 'attachments.file_hash')
    .select(['attachments.owner_type', 'attachments.owner_id', 'attachments.name', 'attachments.mime', 'attachments.file_hash', 'files.has_thumbnail'])
    .where('attachments.id', '=', id)
    .executeTakeFirst();
  if (!a) throw new LuoshiError('NOT_FOUND');
  await requireReadOwner(db, actor, a.owner_type, a.owner_id);
  if (variant === 'thumbnail' && Number(a.has_thumbnail) !== 1) throw new LuoshiError('NOT_FOUND');
  try {
    const body = await s.files.get(a.file_hash, variant);
    const filename = variant === 'thumbnail' ? thumbnailName(a.name) : a.name;
    return { filename, asciiFilename: asciiFallback(filename), contentType: variant === 'thumbnail' ? 'image/jpeg' : a.mime, body };
  } catch (e) {
    if (e instanceof FileMissingError) throw new LuoshiError('NOT_FOUND');
    throw e;
  }
}
