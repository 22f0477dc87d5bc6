/**
 * Valid calls for the task sheet (任务分解表), evidence files and inspections. The import uploads,
 * as a dry run, the office's own export of its test campaign; evidence is a small PNG photo.
 */
import { deflateSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { files, inspections, progress, tasks } from '@luoshi/contracts';
import { download, multipart } from './sheets.ts';
import type { Fixtures, RouteCall } from './routes.ts';

export const WORK_CALLS: Record<string, (f: Fixtures, username: string | null) => Promise<RouteCall>> = {
  [tasks.taskSheetTemplate.id]: async (f) => ({ params: { id: f.ids.ownCampaign! } }),
  [tasks.exportTasks.id]: async (f) => ({ params: { id: f.ids.campaign! }, query: { scope: 'all' } }),
  [tasks.importTasks.id]: async (f) => {
    const office = await f.client('duchashi');
    const sheet = await download(f.t, office, `/api/v1/campaigns/${f.ids.ownCampaign}/tasks/export.xlsx`);
    if (sheet.status !== 200) throw new Error(`export failed: ${sheet.status}`);
    return { params: { id: f.ids.ownCampaign! }, query: { dryRun: 'true' }, raw: multipart(sheet.file) };
  },
  [files.uploadReportAttachments.id]: async (f) => ({ params: { id: await f.report('draft') }, raw: photoUpload() }),
  [files.uploadInspectionAttachments.id]: async (f) => ({ params: { id: await inspection(f) }, raw: photoUpload() }),
  [files.deleteAttachment.id]: async (f) => ({ params: { id: (await evidence(f, 'draft')).attachmentId } }),
  [files.downloadAttachment.id]: async (f) => ({ params: { id: (await evidence(f, 'submitted')).attachmentId } }),
  [files.attachmentThumbnail.id]: async (f) => ({ params: { id: (await evidence(f, 'submitted')).attachmentId } }),
  [inspections.listInspections.id]: async (f) => ({ query: { campaignId: f.ids.campaign! } }),
  [inspections.getInspection.id]: async (f) => ({ params: { id: await inspection(f) } }),
  [inspections.createInspection.id]: async (f) => ({
    body: { campaignId: f.ids.campaign!, kind: 'daily', inspectedOn: '2013-04-29', title: '日常督查', findings: '按计划推进', conclusion: 'good', targets: [{ unitId: f.ids.qianyou! }] },
  }),
  [inspections.updateInspection.id]: async (f) => ({ params: { id: await inspection(f) }, body: { conclusion: 'good' } }),
};

/** A valid one-colour PNG, built from the specification. */
export function png(size = 8): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(size * 3, 0x80)]);
  const rows = Buffer.concat(Array.from({ length: size }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

/** A multipart body carrying one photo. */
export function photoUpload(name = '现场照片.png'): { body: Buffer; contentType: string } {
  const boundary = `----luoshi${randomBytes(8).toString('hex')}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${name}"\r\nContent-Type: image/png\r\n\r\n`;
  return { body: Buffer.concat([Buffer.from(head), png(), Buffer.from(`\r\n--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A photo attached by 乾佑镇's handler to a report of 乾佑镇: still a draft, or submitted with it. */
export async function evidence(f: Fixtures, state: 'draft' | 'submitted'): Promise<{ attachmentId: string; reportId: string }> {
  const reportId = await f.report('draft');
  const up = photoUpload();
  const r = await f.ok('qianyou.cb', files.uploadReportAttachments, { params: { id: reportId }, rawBody: up.body, headers: { 'content-type': up.contentType } });
  if (state === 'submitted') await f.ok('qianyou.cb', progress.submitReport, { params: { id: reportId } });
  return { attachmentId: r.items[0].id, reportId };
}

/** An inspection the office records about 乾佑镇. */
export async function inspection(f: Fixtures): Promise<string> {
  const body = {
    campaignId: f.ids.campaign!,
    kind: 'unannounced',
    inspectedOn: '2013-04-28',
    title: `暗访乾佑镇征地拆迁现场${f.next()}`,
    findings: '现场无人值守,进度牌未更新',
    conclusion: 'problem',
    targets: [{ unitId: f.ids.qianyou! }],
  };
  return (await f.ok('duchashi', inspections.createInspection, { body })).id;
}
