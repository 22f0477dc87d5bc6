/**
 * Evidence files (R-PROG-1, R-PROG-4): uploaded as multipart/form-data (any field name, one or
 * more files), checked by their bytes, downloaded with their original name.
 */
import { z } from 'zod';
import { endpoint, IdParams, Ok } from './endpoint.ts';
import { Attachment } from './progress.ts';

export { Attachment };
export type AttachmentT = z.infer<typeof Attachment>;

/** The bytes of a file: download routes answer the file itself, not JSON. */
export const FileBytes = z.string().describe('the file itself (binary), Content-Disposition: attachment');
export const Uploaded = z.object({ items: z.array(Attachment) });

const UPLOAD_NOTE =
  'multipart/form-data,可含多个文件;按内容识别类型:图片、PDF、Word/Excel/PowerPoint/WPS、OFD、纯文本 — multipart/form-data, one or more files; the type is read from the bytes';

export const uploadReportAttachments = endpoint({
  id: 'uploadReportAttachments',
  method: 'POST',
  path: '/api/v1/reports/:id/attachments',
  summary: `为进度填报草稿上传佐证材料 Attach evidence to a draft report (${UPLOAD_NOTE})`,
  tag: 'files',
  params: IdParams,
  response: Uploaded,
});

export const uploadInspectionAttachments = endpoint({
  id: 'uploadInspectionAttachments',
  method: 'POST',
  path: '/api/v1/inspections/:id/attachments',
  summary: `为督查记录上传佐证材料 Attach evidence to an inspection (${UPLOAD_NOTE})`,
  tag: 'files',
  params: IdParams,
  response: Uploaded,
});

export const deleteAttachment = endpoint({
  id: 'deleteAttachment',
  method: 'DELETE',
  path: '/api/v1/attachments/:id',
  summary: '删除附件(仅草稿或本单位督查记录) Remove an attachment from a draft report or one’s own inspection',
  tag: 'files',
  params: IdParams,
  response: Ok,
});

export const downloadAttachment = endpoint({
  id: 'downloadAttachment',
  method: 'GET',
  path: '/api/v1/attachments/:id/download',
  summary: '下载附件原件 Download an attachment',
  tag: 'files',
  params: IdParams,
  response: FileBytes,
});

export const attachmentThumbnail = endpoint({
  id: 'attachmentThumbnail',
  method: 'GET',
  path: '/api/v1/attachments/:id/thumbnail',
  summary: '图片缩略图(JPEG,最长边 320 像素) A photo’s preview, JPEG of at most 320 pixels a side',
  tag: 'files',
  params: IdParams,
  response: FileBytes,
});
