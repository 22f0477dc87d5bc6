/**
 * The evidence store keeps each content once: a second upload of the same bytes is dropped unread.
 * Dropping it must not leave an error behind — the staged file it came from is removed by the
 * upload right after, often before its stream has even opened it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalFileStore } from '../../apps/server/src/platform/files/local-store.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-store-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('a content the store already has', () => {
  it('is dropped without reading it, and a stream that can no longer open its file raises nothing', async () => {
    const store = new LocalFileStore(path.join(dir, 'files'));
    const bytes = Buffer.from('现场照片 evidence');
    const hash = createHash('sha256').update(bytes).digest('hex');
    await store.put(hash, bytes);
    const errors: unknown[] = [];
    const onError = (e: unknown) => errors.push(e);
    process.on('uncaughtException', onError);
    try {
      for (let i = 0; i < 20; i++) {
        const staged = path.join(dir, `staged-${i}`);
        fs.writeFileSync(staged, bytes);
        const stream = fs.createReadStream(staged);
        const put = store.put(hash, stream);
        // the upload removes its staged file at once, as receiveFiles does when it is done
        fs.rmSync(staged);
        await put;
      }
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      process.off('uncaughtException', onError);
    }
    expect(errors).toEqual([]);
    expect(Buffer.concat(await (await store.get(hash)).toArray())).toEqual(bytes);
  });
});
