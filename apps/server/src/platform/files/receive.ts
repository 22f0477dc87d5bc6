/**
 * Receives the files of a multipart upload: each part is read (up to the configured size), checked
 * by its bytes, named safely, previewed if it is a photo, and set aside in a staging folder. Only
 * when every part has passed are the files put into the store, so a refused request leaves nothing
 * behind. Memory holds one file at a time.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { MultipartFile } from '@fastify/multipart';
import { LuoshiError } from '@luoshi/domain';
import type { FileStore } from './store.ts';
import { ACCEPTED, detectKind } from './sniff.ts';
import { safeFileName } from './names.ts';
import { MAX_IMAGE_PIXELS, NotAnImageError, makeThumbnail } from './thumbnail.ts';

/** One checked file, stored, ready to be recorded as an attachment. */
export interface ReceivedFile {
  hash: string;
  size: number;
  mime: string;
  name: string;
  hasThumbnail: boolean;
}

export const MAX_FILES_PER_UPLOAD = 10;

interface Staged extends ReceivedFile {
  path: string;
  thumbPath: string | null;
}

function issue(i: number, zh: string, en: string) {
  return { issues: [{ path: `files.${i}`, zh, en }] };
}

const mb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/** A parser failure of the multipart body as one of Luoshi's codes; other errors pass through. */
function multipartError(e: unknown, i: number, name: string, maxBytes: number): unknown {
  if (e instanceof LuoshiError) return e;
  const code = (e as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') {
    return new LuoshiError('BODY_TOO_LARGE', issue(i, `文件“${name}”超过 ${mb(maxBytes)} 的上限`, `the file "${name}" is larger than the ${mb(maxBytes)} limit`));
  }
  if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
    return new LuoshiError('BODY_TOO_LARGE', issue(i, `一次最多上传 ${MAX_FILES_PER_UPLOAD} 个文件`, `at most ${MAX_FILES_PER_UPLOAD} files per upload`));
  }
  return new LuoshiError('VALIDATION_FAILED', issue(i, '上传内容格式不正确', 'the multipart body is malformed'));
}

async function stage(buf: Buffer, rawName: string | undefined, i: number, dir: string): Promise<Staged> {
  const shown = rawName || `#${i + 1}`;
  if (buf.length === 0) throw new LuoshiError('VALIDATION_FAILED', issue(i, `文件“${shown}”是空文件`, `the file "${shown}" is empty`));
  const kind = detectKind(buf);
  const refuse = () =>
    new LuoshiError(
      'UNSUPPORTED_MEDIA_TYPE',
      issue(i, `文件“${shown}”的内容不是可接受的类型(${ACCEPTED.zh})`, `the content of "${shown}" is not an accepted type (${ACCEPTED.en})`),
    );
  if (!kind) throw refuse();
  let thumb: Buffer | null = null;
  if (kind.image) {
    try {
      thumb = await makeThumbnail(buf);
    } catch (e) {
      if (!(e instanceof NotAnImageError)) throw e;
      if (!e.tooLarge) throw refuse();
      const limit = `${MAX_IMAGE_PIXELS / 1_000_000}`;
      throw new LuoshiError('BODY_TOO_LARGE', issue(i, `图片“${shown}”超过 ${limit} 百万像素`, `the image "${shown}" has more than ${limit} million pixels`));
    }
  }
  const hash = createHash('sha256').update(buf).digest('hex');
  const base = path.join(dir, `${hash}-${randomBytes(6).toString('hex')}`);
  await fs.promises.writeFile(base, buf, { flag: 'wx', mode: 0o600 });
  if (thumb) await fs.promises.writeFile(`${base}.thumb`, thumb, { flag: 'wx', mode: 0o600 });
  return { hash, size: buf.length, mime: kind.mime, name: safeFileName(rawName, kind), hasThumbnail: thumb !== null, path: base, thumbPath: thumb ? `${base}.thumb` : null };
}

async function discard(staged: Staged[]): Promise<void> {
  for (const s of staged) {
    await fs.promises.rm(s.path, { force: true });
    if (s.thumbPath) await fs.promises.rm(s.thumbPath, { force: true });
  }
}

/**
 * Reads, checks and stores every file of the request. Throws BODY_TOO_LARGE, VALIDATION_FAILED
 * (empty, none, malformed) or UNSUPPORTED_MEDIA_TYPE naming the file; then nothing is stored.
 */
export async function receiveFiles(req: FastifyRequest, opts: { store: FileStore; maxBytes: number; stagingDir: string }): Promise<ReceivedFile[]> {
  if (!req.isMultipart()) {
    throw new LuoshiError('UNSUPPORTED_MEDIA_TYPE', issue(0, '请以 multipart/form-data 上传文件', 'send the files as multipart/form-data'));
  }
  await fs.promises.mkdir(opts.stagingDir, { recursive: true });
  const staged: Staged[] = [];
  try {
    const parts = req.files({ limits: { fileSize: opts.maxBytes, files: MAX_FILES_PER_UPLOAD, fields: 20, parts: MAX_FILES_PER_UPLOAD + 20 } });
    for (let i = 0; ; i++) {
      let part: MultipartFile | undefined;
      let buf: Buffer;
      try {
        const next = await parts.next();
        if (next.done) break;
        part = next.value;
        buf = await part.toBuffer();
      } catch (e) {
        throw multipartError(e, i, part?.filename || `#${i + 1}`, opts.maxBytes);
      }
      staged.push(await stage(buf, part.filename, i, opts.stagingDir));
    }
    if (!staged.length) throw new LuoshiError('VALIDATION_FAILED', issue(0, '没有收到文件', 'no file was sent'));
    for (const s of staged) {
      await opts.store.put(s.hash, fs.createReadStream(s.path));
      if (s.thumbPath) await opts.store.put(s.hash, fs.createReadStream(s.thumbPath), 'thumbnail');
    }
    return staged.map(({ path: _p, thumbPath: _t, ...file }) => file);
  } finally {
    await discard(staged);
  }
}

/**
 * Reads the one file of a multipart upload into memory (a sheet to import, not evidence to keep).
 * Whatever is wrong with the body — not multipart, no file, empty, over the limit, cut short or
 * malformed — is refused with a listed code and a message naming the field, never a 500.
 */
export async function receiveOneFile(
  req: FastifyRequest,
  opts: { maxBytes: number; noFile: { zh: string; en: string } },
): Promise<{ filename: string; data: Buffer }> {
  if (!req.isMultipart()) {
    throw new LuoshiError('UNSUPPORTED_MEDIA_TYPE', { issues: [{ path: 'file', zh: '请以 multipart/form-data 上传文件', en: 'upload the file as multipart/form-data' }] });
  }
  let part: MultipartFile | undefined;
  let data: Buffer;
  try {
    part = await req.file({ limits: { fileSize: opts.maxBytes, files: 1 } });
    if (!part) throw new LuoshiError('VALIDATION_FAILED', { issues: [{ path: 'file', ...opts.noFile }] });
    data = await part.toBuffer();
  } catch (e) {
    const refused = multipartError(e, 0, part?.filename || 'file', opts.maxBytes) as LuoshiError;
    throw new LuoshiError(refused.code, { issues: refused.issues.map((x) => ({ ...x, path: 'file' })) });
  }
  if (data.length === 0) throw new LuoshiError('VALIDATION_FAILED', { issues: [{ path: 'file', ...opts.noFile }] });
  return { filename: part.filename || '', data };
}
