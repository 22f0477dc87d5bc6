/**
 * The file store on local disk: `<root>/ab/cd/<sha256>` for the bytes and `<sha256>.thumb.jpg`
 * beside them for an image's preview. A file is written to a temporary name in the same folder and
 * renamed into place, so a reader never sees half a file and a crash leaves at worst a stray
 * `.tmp-*` file. The client's file name never becomes part of a path.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FileMissingError, HashMismatchError, assertHash, type FileStore, type FileVariant } from './store.ts';

export class LocalFileStore implements FileStore {
  constructor(readonly root: string) {}

  /** The path of a stored file; exported for tests and the backup notes, not for callers. */
  pathOf(hash: string, variant: FileVariant = 'original'): string {
    assertHash(hash);
    const name = variant === 'thumbnail' ? `${hash}.thumb.jpg` : hash;
    return path.join(this.root, hash.slice(0, 2), hash.slice(2, 4), name);
  }

  async put(hash: string, data: Buffer | Readable, variant: FileVariant = 'original'): Promise<void> {
    const target = this.pathOf(hash, variant);
    if (await this.exists(target)) {
      // the stream is not needed: dropped, and whatever it still reports (a file stream may yet fail
      // to open a staged file its caller has removed meanwhile) is of no concern to anyone
      if (!Buffer.isBuffer(data)) data.on('error', () => undefined).destroy();
      return;
    }
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    const tmp = `${path.dirname(target)}/.tmp-${randomBytes(8).toString('hex')}`;
    const sha = createHash('sha256');
    const hashing = new Transform({
      transform(chunk: Buffer, _enc, done) {
        sha.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(Buffer.isBuffer(data) ? Readable.from([data]) : data, hashing, fs.createWriteStream(tmp, { flags: 'wx', mode: 0o640 }));
      const actual = sha.digest('hex');
      if (variant === 'original' && actual !== hash) throw new HashMismatchError(hash, actual);
      await fs.promises.rename(tmp, target);
    } catch (e) {
      await fs.promises.rm(tmp, { force: true });
      throw e;
    }
  }

  async get(hash: string, variant: FileVariant = 'original'): Promise<Readable> {
    const p = this.pathOf(hash, variant);
    try {
      const handle = await fs.promises.open(p, 'r');
      return handle.createReadStream();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new FileMissingError(hash);
      throw e;
    }
  }

  async has(hash: string, variant: FileVariant = 'original'): Promise<boolean> {
    return this.exists(this.pathOf(hash, variant));
  }

  async delete(hash: string): Promise<void> {
    for (const v of ['thumbnail', 'original'] as const) await fs.promises.rm(this.pathOf(hash, v), { force: true });
  }

  private async exists(p: string): Promise<boolean> {
    try {
      await fs.promises.access(p);
      return true;
    } catch {
      return false;
    }
  }
}
