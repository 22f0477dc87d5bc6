/**
 * Evidence files of progress reports (R-PROG-1): what is accepted is decided by the bytes, names
 * survive in Chinese, the same bytes are stored once, only drafts take evidence, a correction
 * carries it, and each download is allowed exactly to those who may read the report.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { files, progress, tasks, campaigns } from '@luoshi/contracts';
import { readConfig } from '../../apps/server/src/platform/config.ts';
import { startApp, type Client, type TestApp } from '../support/harness.ts';
import { crc32, dispositionName, docx, jpeg, multipart, ole, pdf, png, xlsx, zip, type Part } from '../support/evidence.ts';

let t: TestApp;
let handler: Client; // 乾佑镇承办人
let principal: Client; // 乾佑镇镇长
let office: Client;
let otherTown: Client; // 营盘镇承办人
let department: Client; // 交通局承办人
let taskId: string;

const MiB = 1024 * 1024;
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function draft(): Promise<string> {
  const r = await handler.call(progress.createReport, { params: { id: taskId }, body: { narrative: '征地拆迁签约 52 户', percent: 40 } });
  expect(r.status).toBe(200);
  return r.body.id;
}
function upload(c: Client, reportId: string, parts: Part[], headers: Record<string, string> = {}) {
  const body = multipart(parts);
  return c.call(files.uploadReportAttachments, { params: { id: reportId }, rawBody: body.rawBody, headers: { ...body.headers, ...headers } });
}
const download = (c: Client, id: string) => c.call(files.downloadAttachment, { params: { id } });
const thumbnail = (c: Client, id: string) => c.call(files.attachmentThumbnail, { params: { id } });
/** the raw bytes of a response (the harness keeps text only) */
async function bytesOf(c: Client, id: string, variant: 'download' | 'thumbnail' = 'download'): Promise<Buffer> {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/attachments/${id}/${variant}`, headers: { cookie: c.cookie! } });
  expect(res.statusCode).toBe(200);
  return res.rawPayload;
}

const db = () => t.services.db.kysely;
async function count(table: 'audit_log' | 'attachments' | 'files', where?: [string, string]): Promise<number> {
  let q = db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'));
  if (where) q = q.where(where[0] as never, '=', where[1] as never);
  return Number((await q.executeTakeFirst())!.n);
}
/** every stored blob on disk, thumbnails included */
function blobs(): string[] {
  const root = path.join(t.db.dataDir, 'files');
  if (!fs.existsSync(root)) return [];
  return (fs.readdirSync(root, { recursive: true }) as string[]).filter((p) => fs.statSync(path.join(root, p)).isFile());
}
async function snapshot() {
  return { audit: await count('audit_log', ['entity_type', 'attachment']), attachments: await count('attachments'), files: await count('files'), blobs: blobs().length };
}

beforeAll(async () => {
  t = await startApp({ now: '2013-05-10T02:00:00.000Z' });
  handler = await t.as('qianyou.cb');
  principal = await t.as('qianyou');
  office = await t.as('duchashi');
  otherTown = await t.as('yingpan.cb');
  department = await t.as('jiaotong.cb');
  const campaignId = (await office.call(campaigns.listCampaigns)).body.items[0].id;
  const tree = (await office.call(tasks.listTasks, { params: { id: campaignId } })).body.items;
  taskId = tree.find((x: { title: string }) => x.title === '完成征地拆迁').id; // led by 乾佑镇 alone
});
afterAll(async () => t?.close());

describe('what is accepted is decided by the bytes', () => {
  it('a JPEG, a PNG, a PDF, a Word document and an Excel workbook are accepted in one upload, each with the type its bytes are', async () => {
    const id = await draft();
    const photo = await jpeg(1200, 800);
    const chart = png(40, 30, [20, 120, 200]);
    const scan = pdf('Land acquisition ledger');
    const word = await docx('柞水县乾佑镇征地拆迁工作进展情况');
    const book = await xlsx([['户主', '签约日期'], ['王建国', '2013-05-08']]);
    const r = await upload(handler, id, [
      { filename: '现场照片.jpg', data: photo, contentType: 'image/jpeg' },
      { filename: '进度图.png', data: chart },
      { filename: '签约台账扫描件.pdf', data: scan },
      { filename: '工作进展.docx', data: word },
      { filename: '签约台账.xlsx', data: book },
    ]);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.items.map((a: any) => [a.name, a.mime, a.size, a.hasThumbnail])).toEqual([
      ['现场照片.jpg', 'image/jpeg', photo.length, true],
      ['进度图.png', 'image/png', chart.length, true],
      ['签约台账扫描件.pdf', 'application/pdf', scan.length, false],
      ['工作进展.docx', DOCX, word.length, false],
      ['签约台账.xlsx', XLSX, book.length, false],
    ]);
    // the report shows them, and each downloads as the very bytes uploaded
    const [report] = (await handler.call(progress.listReports, { params: { id: taskId } })).body.items.filter((x: any) => x.id === id);
    expect(report.attachments.map((a: any) => a.id).sort()).toEqual(r.body.items.map((a: any) => a.id).sort());
    const sent = [photo, chart, scan, word, book];
    for (const [i, a] of r.body.items.entries()) {
      const res = await download(handler, a.id);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe(a.mime);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(String(res.headers['content-disposition'])).toMatch(/^attachment;/);
      expect((await bytesOf(handler, a.id)).equals(sent[i]!)).toBe(true);
    }
  });

  it('a photo’s preview is a JPEG of at most 320 pixels a side; a PDF has none', async () => {
    const id = await draft();
    const r = await upload(handler, id, [
      { filename: '全景.jpg', data: await jpeg(1200, 800) },
      { filename: '小图.png', data: png(100, 60, [200, 200, 0]) },
      { filename: '文件.pdf', data: pdf('x') },
    ]);
    const [big, small, doc] = r.body.items;
    const bigThumb = await sharp(await bytesOf(handler, big.id, 'thumbnail')).metadata();
    expect([bigThumb.format, bigThumb.width, bigThumb.height]).toEqual(['jpeg', 320, 213]);
    // a small image is not enlarged
    const smallThumb = await sharp(await bytesOf(handler, small.id, 'thumbnail')).metadata();
    expect([smallThumb.format, smallThumb.width, smallThumb.height]).toEqual(['jpeg', 100, 60]);
    const res = await thumbnail(handler, big.id);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(dispositionName(String(res.headers['content-disposition']))).toBe('全景-缩略图.jpg');
    expect((await thumbnail(handler, doc.id)).status).toBe(404);
  });

  it('legacy Word and Excel (OLE), OFD, and plain text in UTF-8 or GB18030 are accepted', async () => {
    const id = await draft();
    const r = await upload(handler, id, [
      { filename: '通知.doc', data: ole([{ name: 'WordDocument' }, { name: '1Table' }]) },
      { filename: '统计表.xls', data: ole([{ name: 'Workbook' }]) },
      { filename: '电子公文.ofd', data: zip([{ name: 'OFD.xml', data: '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"/>' }]) },
      { filename: '说明.txt', data: Buffer.from('征地拆迁已签约 52 户。\n', 'utf8') },
      { filename: '说明-gbk.txt', data: Buffer.from('d5f7b5d8b2f0c7a8', 'hex') }, // 征地拆迁 in GBK
    ]);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.items.map((a: any) => a.mime)).toEqual([
      'application/msword',
      'application/vnd.ms-excel',
      'application/ofd',
      'text/plain; charset=utf-8',
      'text/plain; charset=gb18030',
    ]);
  });

  it('the stored type is what the bytes are: a JPEG named .pdf is kept as a JPEG named .jpg, a PDF named .jpg as a PDF', async () => {
    const id = await draft();
    const r = await upload(handler, id, [
      { filename: '照片.pdf', data: await jpeg(50, 50), contentType: 'application/pdf' },
      { filename: '扫描件.jpg', data: pdf('scan'), contentType: 'image/jpeg' },
    ]);
    expect(r.body.items.map((a: any) => [a.name, a.mime])).toEqual([
      ['照片.jpg', 'image/jpeg'],
      ['扫描件.pdf', 'application/pdf'],
    ]);
    expect((await download(handler, r.body.items[0].id)).headers['content-type']).toBe('image/jpeg');
  });

  const refusals: [string, () => Promise<Part> | Part, number, string][] = [
    ['an empty file', () => ({ filename: '空.jpg', data: Buffer.alloc(0) }), 400, 'VALIDATION_FAILED'],
    ['a Linux executable renamed .jpg', () => ({ filename: 'photo.jpg', data: fs.readFileSync(process.execPath).subarray(0, 64 * 1024) }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['a Windows executable renamed .jpg', () => ({ filename: '照片.jpg', data: Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(120)]) }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['an HTML page renamed .pdf', () => ({ filename: '通知.pdf', data: Buffer.from('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>') }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['HTML hidden after a line of text', () => ({ filename: '说明.txt', data: Buffer.from('说明\n<script>fetch("/api/v1/users")</script>') }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['an SVG with a script renamed .png', () => ({ filename: 'chart.png', data: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>') }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['a shell script', () => ({ filename: 'run.txt', data: Buffer.from('#!/bin/sh\nrm -rf /\n') }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['a ZIP that is no Office document', () => ({ filename: '资料.docx', data: zip([{ name: 'readme.txt', data: 'x' }]) }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    [
      'a macro-enabled Word document',
      () => ({
        filename: '通知.docx',
        data: zip([{ name: '[Content_Types].xml', data: '<Types><Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>' }]),
      }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    ['a legacy Word document with macros', () => ({ filename: '通知.doc', data: ole([{ name: 'WordDocument' }, { name: 'Macros', storage: true }]) }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['an OLE file that is no Office document (an installer)', () => ({ filename: 'setup.doc', data: ole([{ name: '\u4840\u3f3f\u4577' }]) }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['bytes that start like a JPEG but are not an image', () => ({ filename: 'x.jpg', data: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 7)]) }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
  ];
  for (const [what, part, status, code] of refusals) {
    it(`refused: ${what} — and nothing is stored or audited`, async () => {
      const id = await draft();
      const before = await snapshot();
      // a good file in front of it must not be kept either
      const r = await upload(handler, id, [{ filename: '好照片.png', data: png(8, 8, [1, 2, 3]) }, await part()]);
      expect([r.status, r.body.error?.code]).toEqual([status, code]);
      expect(r.body.error.issues[0].path).toBe('files.1');
      expect(await snapshot()).toEqual(before);
    });
  }

  it('the size limit (20 MiB by default, LUOSHI_MAX_UPLOAD_MB) is exact, and the refusal names it in both languages', async () => {
    expect(readConfig({}).maxUploadBytes).toBe(20 * MiB);
    expect(readConfig({ LUOSHI_MAX_UPLOAD_MB: '5' }).maxUploadBytes).toBe(5 * MiB);
    expect(() => readConfig({ LUOSHI_MAX_UPLOAD_MB: '-1' })).toThrow(/LUOSHI_MAX_UPLOAD_MB/);
    const id = await draft();
    const before = await snapshot();
    const over = Buffer.alloc(20 * MiB + 1, 'a');
    const zh = await upload(handler, id, [{ filename: '大文件.txt', data: over }]);
    expect([zh.status, zh.body.error.code]).toEqual([413, 'BODY_TOO_LARGE']);
    expect(zh.body.error.issues[0].message).toBe('文件“大文件.txt”超过 20 MB 的上限');
    const en = await upload(handler, id, [{ filename: 'big.txt', data: over }], { 'accept-language': 'en' });
    expect(en.body.error.issues[0].message).toBe('the file "big.txt" is larger than the 20 MB limit');
    expect(await snapshot()).toEqual(before);
    const exact = await upload(handler, id, [{ filename: '正好.txt', data: over.subarray(0, 20 * MiB) }]);
    expect(exact.status).toBe(200);
    expect(exact.body.items[0].size).toBe(20 * MiB);
  });

  it('a photo of more than 120 million pixels is refused before it is decoded, naming the limit', async () => {
    // a small PNG whose header claims 20000 x 20000 pixels (a decompression bomb), with a correct checksum
    const bomb = png(4, 4, [1, 2, 3]);
    bomb.writeUInt32BE(20000, 16);
    bomb.writeUInt32BE(20000, 20);
    bomb.writeUInt32BE(crc32(bomb.subarray(12, 29)), 29);
    const id = await draft();
    const before = await snapshot();
    const r = await upload(handler, id, [{ filename: '巨图.png', data: bomb }]);
    expect([r.status, r.body.error.code, r.body.error.issues[0].message]).toEqual([413, 'BODY_TOO_LARGE', '图片“巨图.png”超过 120 百万像素']);
    expect(await snapshot()).toEqual(before);
  });

  it('a request without files, with more than ten, or not multipart is refused', async () => {
    const id = await draft();
    const none = await upload(handler, id, []);
    expect([none.status, none.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const many = await upload(handler, id, Array.from({ length: 11 }, (_, i) => ({ filename: `${i}.txt`, data: Buffer.from(`第${i}页`) })));
    expect([many.status, many.body.error.code]).toEqual([413, 'BODY_TOO_LARGE']);
    const json = await handler.call(files.uploadReportAttachments, { params: { id }, body: { name: 'x.jpg' } });
    expect([json.status, json.body.error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    expect(await count('attachments', ['owner_id', id])).toBe(0);
  });
});

describe('names', () => {
  it('a Chinese file name sent in UTF-8 or as RFC 5987 filename* comes back in Content-Disposition', async () => {
    const id = await draft();
    const name = '柞水县乾佑镇2013年5月征地拆迁现场照片(第一批).jpg';
    const r = await upload(handler, id, [
      { filename: name, data: await jpeg(20, 20) },
      { filenameStar: '签约台账 “终稿”.pdf', data: pdf('ledger') },
    ]);
    expect(r.body.items.map((a: any) => a.name)).toEqual([name, '签约台账 “终稿”.pdf']);
    const header = String((await download(handler, r.body.items[0].id)).headers['content-disposition']);
    expect(header).toContain(`filename*=UTF-8''${encodeURIComponent(name).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`);
    expect(header).toContain('filename="attachment.jpg"');
    expect(dispositionName(header)).toBe(name);
    expect(dispositionName(String((await download(handler, r.body.items[1].id)).headers['content-disposition']))).toBe('签约台账 “终稿”.pdf');
  });

  it('names lose folders, control and direction-override characters and excess length, and get the right extension', async () => {
    const id = await draft();
    const photo = await jpeg(10, 10);
    const r = await upload(handler, id, [
      { filename: '..\\..\\windows\\system32\\现场.jpg', data: photo },
      { filename: '照片\u202Egpj.exe', data: photo },
      { filename: '第\u0007一\u200b批 .jpg', data: photo },
      { filename: `${'很长的名字'.repeat(60)}.jpg`, data: photo },
      { filename: 'CON.jpg', data: photo },
      { filename: '', data: photo },
    ]);
    const names: string[] = r.body.items.map((a: any) => a.name);
    expect(names.slice(0, 3)).toEqual(['现场.jpg', '照片gpj.jpg', '第一批.jpg']);
    expect([...names[3]!].length).toBe(120);
    expect(names[3]!.endsWith('.jpg')).toBe(true);
    expect(names[4]).toBe('_CON.jpg');
    expect(names[5]).toBe('附件.jpg');
    for (const n of names) expect(n).not.toMatch(/[\\/\u0000-\u001f\u202e\u200b]/);
  });
});

describe('storage', () => {
  it('the same bytes uploaded twice, to two reports, are stored once: one file, two attachments', async () => {
    const photo = await jpeg(64, 48, [10, 200, 10]);
    const before = await snapshot();
    const a = await upload(handler, await draft(), [{ filename: '一.jpg', data: photo }]);
    const b = await upload(handler, await draft(), [{ filename: '二.jpg', data: photo }]);
    expect(a.body.items[0].id).not.toBe(b.body.items[0].id);
    const after = await snapshot();
    expect(after.attachments - before.attachments).toBe(2);
    expect(after.files - before.files).toBe(1);
    expect(after.blobs - before.blobs).toBe(2); // the file and its preview, once
    const hash = (await db().selectFrom('attachments').select('file_hash').where('id', '=', a.body.items[0].id).executeTakeFirstOrThrow()).file_hash;
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(blobs().filter((p) => p.includes(hash)).sort()).toEqual([path.join(hash.slice(0, 2), hash.slice(2, 4), hash), path.join(hash.slice(0, 2), hash.slice(2, 4), `${hash}.thumb.jpg`)]);
    // the name on disk is the hash alone: nothing of the client's name
    expect(blobs().some((p) => p.includes('一') || p.includes('二'))).toBe(false);
  });
});

describe('only a draft takes evidence; a correction carries it', () => {
  it('after submission nothing can be added or removed; the correction starts with the same files, and changing them leaves version 1 alone', async () => {
    const id = await draft();
    const up = await upload(handler, id, [{ filename: '台账.pdf', data: pdf('v1') }, { filename: '照片.jpg', data: await jpeg(30, 30) }]);
    const [ledger, photo] = up.body.items;
    expect((await handler.call(progress.submitReport, { params: { id } })).status).toBe(200);
    const late = await upload(handler, id, [{ filename: '补充.pdf', data: pdf('late') }]);
    expect([late.status, late.body.error.code]).toEqual([409, 'INVALID_STATE']);
    const remove = await handler.call(files.deleteAttachment, { params: { id: ledger.id } });
    expect([remove.status, remove.body.error.code]).toEqual([409, 'INVALID_STATE']);

    const fix = await handler.call(progress.correctReport, { params: { id }, body: { narrative: '更正:签约 55 户', percent: 45 } });
    expect(fix.body.version).toBe(2);
    expect(fix.body.attachments.map((a: any) => [a.name, a.mime, a.size])).toEqual(up.body.items.map((a: any) => [a.name, a.mime, a.size]));
    const [carriedLedger] = fix.body.attachments;
    expect(carriedLedger.id).not.toBe(ledger.id);
    expect((await bytesOf(handler, carriedLedger.id)).equals(await bytesOf(handler, ledger.id))).toBe(true);
    expect((await handler.call(files.deleteAttachment, { params: { id: carriedLedger.id } })).status).toBe(200);
    const added = await upload(handler, fix.body.id, [{ filename: '补充台账.pdf', data: pdf('v2') }]);
    expect(added.status).toBe(200);
    const versions = (await handler.call(progress.listReports, { params: { id: taskId } })).body.items;
    const v1 = versions.find((r: any) => r.id === id);
    const v2 = versions.find((r: any) => r.id === fix.body.id);
    expect(v1.attachments.map((a: any) => a.id).sort()).toEqual([ledger.id, photo.id].sort());
    expect(v2.attachments.map((a: any) => a.name).sort()).toEqual(['照片.jpg', '补充台账.pdf'].sort());
    expect((await download(handler, ledger.id)).status).toBe(200);
  });
});

describe('who may do what', () => {
  it('uploads: only the reporting unit, to its own draft; nobody else, not even the office; anonymous is asked to sign in', async () => {
    const id = await draft();
    const part = [{ filename: '照片.png', data: png(4, 4, [9, 9, 9]) }];
    expect((await upload(principal, id, part)).status).toBe(200);
    for (const c of [otherTown, department, office]) {
      const r = await upload(c, id, part);
      expect([r.status, r.body.error.code]).toEqual([403, 'FORBIDDEN']);
    }
    const anon = await upload(t.anon(), id, part);
    expect([anon.status, anon.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect((await upload(handler, 'no-such-report', part)).status).toBe(404);
  });

  it('downloads of a submitted report’s evidence: the unit and the office yes; another town, a department and anonymous no', async () => {
    const id = await draft();
    const [a] = (await upload(handler, id, [{ filename: '现场.jpg', data: await jpeg(40, 40) }])).body.items;
    await handler.call(progress.submitReport, { params: { id } });
    for (const c of [handler, principal, office]) {
      expect((await download(c, a.id)).status).toBe(200);
      expect((await thumbnail(c, a.id)).status).toBe(200);
    }
    for (const c of [otherTown, department]) {
      expect([(await download(c, a.id)).status, (await thumbnail(c, a.id)).status]).toEqual([403, 403]);
    }
    const anon = t.anon();
    expect([(await download(anon, a.id)).status, (await thumbnail(anon, a.id)).status]).toEqual([401, 401]);
    expect((await download(office, 'no-such-attachment')).status).toBe(404);
  });

  it('a draft’s evidence is private to the reporting unit, even from the office', async () => {
    const id = await draft();
    const [a] = (await upload(handler, id, [{ filename: '草稿附件.pdf', data: pdf('draft') }])).body.items;
    expect((await download(principal, a.id)).status).toBe(200);
    expect((await download(office, a.id)).status).toBe(403);
    expect((await download(otherTown, a.id)).status).toBe(403);
  });

  it('removal: the reporting unit only', async () => {
    const id = await draft();
    const [a] = (await upload(handler, id, [{ filename: '删除.pdf', data: pdf('rm') }])).body.items;
    for (const c of [otherTown, department, office]) expect((await c.call(files.deleteAttachment, { params: { id: a.id } })).status).toBe(403);
    expect((await t.anon().call(files.deleteAttachment, { params: { id: a.id } })).status).toBe(401);
    expect((await principal.call(files.deleteAttachment, { params: { id: a.id } })).status).toBe(200);
    expect((await download(handler, a.id)).status).toBe(404);
    expect((await principal.call(files.deleteAttachment, { params: { id: a.id } })).status).toBe(404);
  });
});

describe('audit', () => {
  it('every upload and removal writes an entry with the file’s hash, name, size and type; refusals write none', async () => {
    const entries = async (action: string) =>
      db().selectFrom('audit_log').selectAll().where('action', '=', action).where('entity_type', '=', 'attachment').orderBy('seq').execute();
    const id = await draft();
    const before = (await entries('attachment.add')).length;
    const photo = png(16, 16, [5, 6, 7]);
    const up = await upload(handler, id, [{ filename: '审计.png', data: photo }, { filename: '审计.pdf', data: pdf('audit') }]);
    const added = (await entries('attachment.add')).slice(before);
    expect(added.map((e) => e.entity_id)).toEqual(up.body.items.map((a: any) => a.id));
    const first = JSON.parse(added[0]!.after!);
    const { createHash } = await import('node:crypto');
    expect(first).toEqual({ ownerType: 'report', ownerId: id, fileHash: createHash('sha256').update(photo).digest('hex'), name: '审计.png', size: photo.length, mime: 'image/png' });
    expect(added[0]!.actor_name).toContain('qianyou.cb');

    const removedBefore = (await entries('attachment.remove')).length;
    await handler.call(files.deleteAttachment, { params: { id: up.body.items[1].id } });
    const removed = (await entries('attachment.remove')).slice(removedBefore);
    expect(removed.map((e) => [e.entity_id, JSON.parse(e.before!).name])).toEqual([[up.body.items[1].id, '审计.pdf']]);

    const quiet = await snapshot();
    await upload(otherTown, id, [{ filename: 'x.png', data: photo }]); // forbidden
    await handler.call(files.deleteAttachment, { params: { id: 'no-such-attachment' } }); // missing
    await upload(handler, id, [{ filename: 'x.jpg', data: Buffer.from('MZ\x90\x00\x03\x00', 'latin1') }]); // refused type
    await download(handler, up.body.items[0].id); // downloads are not audited
    expect(await snapshot()).toEqual(quiet);
  });
});

describe('removing evidence removes its bytes once nothing refers to them', () => {
  it('shared bytes stay while another attachment holds them; the last removal deletes the file row, the bytes and the preview', async () => {
    const photo = await jpeg(41, 29);
    const { createHash } = await import('node:crypto');
    const hash = createHash('sha256').update(photo).digest('hex');
    const onDisk = () => blobs().filter((p) => p.includes(hash));
    const a = (await upload(handler, await draft(), [{ filename: '现场一.jpg', data: photo }])).body.items[0];
    const b = (await upload(handler, await draft(), [{ filename: '现场二.jpg', data: photo }])).body.items[0];
    expect(onDisk()).toHaveLength(2); // the photo and its preview, stored once

    expect((await handler.call(files.deleteAttachment, { params: { id: a.id } })).status).toBe(200);
    // the other draft still has the same photo: nothing of it goes
    expect(onDisk()).toHaveLength(2);
    expect(await count('files', ['hash', hash])).toBe(1);
    expect((await bytesOf(handler, b.id)).equals(photo)).toBe(true);

    expect((await handler.call(files.deleteAttachment, { params: { id: b.id } })).status).toBe(200);
    expect(onDisk()).toEqual([]);
    expect(await count('files', ['hash', hash])).toBe(0);
    const removal = await db().selectFrom('audit_log').select(['before', 'after']).where('action', '=', 'attachment.remove').where('entity_id', '=', b.id).executeTakeFirstOrThrow();
    expect(JSON.parse(removal.before!).fileHash).toBe(hash);
    expect(JSON.parse(removal.after!)).toEqual({ bytesRemoved: true });

    // the same photo uploaded again is stored afresh and downloads whole
    const c = (await upload(handler, await draft(), [{ filename: '现场三.jpg', data: photo }])).body.items[0];
    expect(onDisk()).toHaveLength(2);
    expect((await bytesOf(handler, c.id)).equals(photo)).toBe(true);
  });

  it('a submitted report’s evidence carried into its correction keeps its bytes when the correction drops it', async () => {
    const id = await draft();
    const scan = pdf('carried and dropped');
    const { createHash } = await import('node:crypto');
    const hash = createHash('sha256').update(scan).digest('hex');
    const [orig] = (await upload(handler, id, [{ filename: '台账.pdf', data: scan }])).body.items;
    expect((await handler.call(progress.submitReport, { params: { id } })).status).toBe(200);
    const fix = await handler.call(progress.correctReport, { params: { id }, body: { narrative: '更正', percent: 41 } });
    const [carried] = fix.body.attachments;
    expect((await handler.call(files.deleteAttachment, { params: { id: carried.id } })).status).toBe(200);
    expect(blobs().filter((p) => p.includes(hash))).toHaveLength(1);
    expect((await bytesOf(handler, orig.id)).equals(scan)).toBe(true);
  });
});
