/**
 * Backup during writes: `luoshi backup` runs while handlers keep submitting reports to a real
 * server; `luoshi restore` into a fresh data directory (and fresh database) brings back everything
 * acknowledged before the backup began, with a verifying audit chain and the evidence files, which
 * a server on the restored data serves byte for byte.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { files, fillPath, progress } from '@luoshi/contracts';
import { openDb } from '../../apps/server/src/platform/db/connect.ts';
import { createTestDb, testDbKind, type TestDb } from '../support/db.ts';
import { luoshi } from '../support/cli.ts';
import { HttpClient, startLive, type LiveServer } from '../support/live.ts';
import { integrityCheck } from '../support/integrity.ts';
import { ReportLoad, checkReports, taskIdByTitle, type Ack } from '../support/report-load.ts';
import { png } from '../support/work.ts';

const NOW = '2013-05-10T02:00:00.000Z';
let db: TestDb;
let fresh: TestDb;
let dir: string;
const servers: LiveServer[] = [];
beforeAll(async () => {
  db = await createTestDb({ seeded: true });
  fresh = await createTestDb({ seeded: false });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-backup-'));
});
afterAll(async () => {
  for (const s of servers) await s.kill();
  await db?.drop();
  await fresh?.drop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function upload(bytes: Buffer, name: string): { data: Buffer; contentType: string } {
  const boundary = `----luoshi${Math.random().toString(16).slice(2)}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${name}"\r\nContent-Type: image/png\r\n\r\n`;
  return { data: Buffer.concat([Buffer.from(head), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe(`backup while writing, restore into a fresh data directory (${testDbKind()})`, () => {
  it('keeps everything acknowledged before the backup began, the evidence files, and a verifying chain', { timeout: 120_000 }, async () => {
    const server = await startLive({ ...db, now: NOW });
    servers.push(server);
    const client = new HttpClient(server.url);
    await client.login('qianyou.cb');
    const taskId = await taskIdByTitle(client, '完成征地拆迁');

    // three photos on a submitted report: their bytes live in the data directory, not the database
    const draft = await client.request('POST', fillPath(progress.createReport.path, { id: taskId }), { narrative: 'backup 附现场照片', percent: 20 });
    expect(draft.status).toBe(200);
    const photos: { id: string; bytes: Buffer }[] = [];
    for (const size of [5, 6, 7]) {
      const bytes = png(size);
      const up = await client.send('POST', fillPath(files.uploadReportAttachments.path, { id: draft.body.id }), upload(bytes, `现场照片${size}.png`));
      expect(up.status, JSON.stringify(up.body)).toBe(200);
      photos.push({ id: up.body.items[0].id, bytes });
    }
    expect((await client.request('POST', fillPath(progress.submitReport.path, { id: draft.body.id }))).status).toBe(200);

    const load = new ReportLoad(client, taskId, 'backup ');
    const running = load.run(4);
    await new Promise((r) => setTimeout(r, 800));
    const before: Ack[] = [...load.acks.values()];
    const file = path.join(dir, 'luoshi.tar');
    const b = await luoshi(['backup', file], db);
    const acksDuringBackup = load.acks.size - before.length;
    load.stop();
    await running;
    expect(b.stderr).toBe('');
    expect(b.code).toBe(0);
    expect(b.stdout).toMatch(/evidence files: (\d+)/);
    expect(Number(/evidence files: (\d+)/.exec(b.stdout)![1])).toBeGreaterThanOrEqual(3);
    expect(load.failures).toEqual([]);
    expect(before.length).toBeGreaterThan(0);
    await server.stop();

    const r = await luoshi(['restore', file], fresh);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('intact');
    expect(await integrityCheck(fresh)).toBe('ok');
    const handle = openDb({ databaseUrl: fresh.databaseUrl, dataDir: fresh.dataDir });
    try {
      expect(await checkReports(handle, [...before, { id: draft.body.id, narrative: 'backup 附现场照片', percent: 20, status: 'submitted' }], 'backup ')).toEqual([]);
    } finally {
      await handle.close();
    }

    // a server on the restored data serves the evidence, byte for byte, to the same session
    const restored = await startLive({ ...fresh, now: NOW });
    servers.push(restored);
    client.base = restored.url;
    for (const p of photos) {
      const got = await client.request('GET', fillPath(files.downloadAttachment.path, { id: p.id }));
      expect(got.status).toBe(200);
      expect(Buffer.compare(got.body as Buffer, p.bytes)).toBe(0);
    }
    await restored.stop();
    console.log(`backup test (${testDbKind()}): ${before.length} reports acknowledged before the backup, ${acksDuringBackup} during it, ${photos.length} photos restored`);
  });

  it('refuses a PostgreSQL backup on SQLite with a message, and a damaged archive', async () => {
    const file = path.join(dir, 'luoshi.tar');
    if (testDbKind() === 'postgres') {
      const wrong = await luoshi(['restore', file], { ...fresh, databaseUrl: null });
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toMatch(/holds a postgres database but the configured database is sqlite/);
    } else {
      // a SQLite backup with DATABASE_URL set moves the county to PostgreSQL (sqlite-to-postgres.test.ts);
      // a server that is not there fails it with a message
      const unreachable = await luoshi(['restore', file], { ...fresh, databaseUrl: 'postgres://postgres@127.0.0.1:1/none' });
      expect(unreachable.code).toBe(1);
      expect(unreachable.stderr).toMatch(/错误 Error: .*ECONNREFUSED/);
    }
    const damaged = path.join(dir, 'damaged.tar');
    const bytes = fs.readFileSync(file);
    bytes[1030] = bytes[1030]! ^ 0xff; // the database entry's header (after the manifest's two blocks)
    fs.writeFileSync(damaged, bytes.subarray(0, 4096));
    const bad = await luoshi(['restore', damaged], fresh);
    expect(bad.code).toBe(1);
    expect(bad.stderr.length).toBeGreaterThan(0);
  });

  it('is a plain tar any tar program reads; the bare database in it restores as an older release’s backup did', { timeout: 60_000 }, async () => {
    const file = path.join(dir, 'luoshi.tar');
    const out = path.join(dir, 'unpacked');
    fs.mkdirSync(out);
    const list = spawnSync('tar', ['tf', file], { encoding: 'utf8' });
    expect(list.status).toBe(0);
    const names = list.stdout.trim().split('\n');
    expect(names.slice(0, 2)).toEqual(['manifest.json', testDbKind() === 'sqlite' ? 'database.sqlite' : 'database.dump']);
    expect(names.filter((n) => /^files\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}$/.test(n)).length).toBeGreaterThanOrEqual(3);
    expect(spawnSync('tar', ['xf', file, '-C', out]).status).toBe(0);
    const older = await createTestDb({ seeded: false });
    try {
      const r = await luoshi(['restore', path.join(out, names[1]!)], older);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('intact');
      expect(r.stdout).toContain('evidence files: 0');
    } finally {
      await older.drop();
    }
  });
});
