/** `luoshi deliveries`: failed and pending deliveries from the command line, and --retry. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../apps/server/src/platform/db/connect.ts';
import { newId } from '../../apps/server/src/platform/ids.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { luoshi } from '../support/cli.ts';

let db: TestDb;
let handle: Db;
const ids: Record<string, string> = {};

async function add(status: string, subject: string, lastError: string | null) {
  const id = newId();
  const at = '2013-05-10T02:00:00.000Z';
  await handle.kysely
    .insertInto('deliveries')
    .values({ id, notification_id: null, channel: 'email', target: 'qianyou.cb@zhashui.gov.cn', subject, payload: JSON.stringify({ kind: 'x', title: subject, body: '', link: null }), status, attempts: status === 'failed' ? 5 : 1, max_attempts: 5, next_attempt_at: at, last_error: lastError, dedupe_key: null, created_at: at, updated_at: at, sent_at: status === 'sent' ? at : null })
    .execute();
  ids[status] = id;
}

beforeAll(async () => {
  db = await createTestDb({ seeded: true });
  handle = openDb({ databaseUrl: db.databaseUrl, dataDir: db.dataDir });
  await add('failed', '督办通知送达失败', 'ECONNREFUSED 127.0.0.1:25');
  await add('pending', '到期提醒', 'HTTP 502');
  await add('sent', '已送达', null);
});
afterAll(async () => {
  await handle?.close();
  await db?.drop();
});

describe('luoshi deliveries', () => {
  it('lists failed and pending deliveries with their last error; --status picks one status', { timeout: 180_000 }, async () => {
    const r = await luoshi(['deliveries'], db);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(ids.failed);
    expect(r.stdout).toContain('ECONNREFUSED 127.0.0.1:25');
    expect(r.stdout).toContain(ids.pending);
    expect(r.stdout).not.toContain(ids.sent);
    expect(r.stdout).toMatch(/Totals: .*failed 1/);
    const sent = await luoshi(['deliveries', '--status', 'sent'], db);
    expect(sent.stdout).toContain(ids.sent);
    expect(sent.stdout).not.toContain(ids.failed);
  });

  it('--retry requeues every failed delivery, audited', { timeout: 180_000 }, async () => {
    const r = await luoshi(['deliveries', '--retry'], db);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Requeued: 1');
    const row = await handle.kysely.selectFrom('deliveries').select(['status', 'attempts']).where('id', '=', ids.failed!).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'pending', attempts: 0 });
    const audit = await handle.kysely.selectFrom('audit_log').select(['action', 'actor_name']).where('action', '=', 'delivery.retry_failed').execute();
    expect(audit).toEqual([{ action: 'delivery.retry_failed', actor_name: '命令行(cli)' }]);
  });

  it('refuses bad arguments with exit status 2 and explains itself with --help', { timeout: 180_000 }, async () => {
    expect((await luoshi(['deliveries', '--status', 'lost'], db)).code).toBe(2);
    const help = await luoshi(['deliveries', '--help'], null);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('luoshi deliveries');
  });
});
