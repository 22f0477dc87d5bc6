/**
 * Crash without loss: handlers draft and submit progress reports against a real `luoshi serve`,
 * which is killed with SIGKILL at a random moment and started again. Every write that got a 2xx
 * must be there, whole, with its audit entries; the database passes its integrity check and
 * `luoshi audit verify` passes. Runs on the database the suite runs on (LUOSHI_TEST_DB), so CI
 * covers SQLite and PostgreSQL. LUOSHI_CRASH_ROUNDS sets the rounds (3 here, 20 in test:soak).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { progress, fillPath } from '@luoshi/contracts';
import { openDb } from '../../apps/server/src/platform/db/connect.ts';
import { verifyAuditChain } from '../../apps/server/src/platform/audit.ts';
import { createTestDb, testDbKind, type TestDb } from '../support/db.ts';
import { luoshi } from '../support/cli.ts';
import { HttpClient, startLive, type LiveServer } from '../support/live.ts';
import { integrityCheck } from '../support/integrity.ts';
import { ReportLoad, checkReports, taskIdByTitle, type Ack } from '../support/report-load.ts';

const ROUNDS = Number(process.env.LUOSHI_CRASH_ROUNDS || 3);
const WORKERS = 6;
const START = Date.parse('2013-05-10T02:00:00.000Z');

let db: TestDb;
let server: LiveServer | null = null;
beforeAll(async () => {
  db = await createTestDb({ seeded: true });
});
afterAll(async () => {
  await server?.kill();
  await db?.drop();
});

/** While no server runs: the integrity check, the audit chain, and every acknowledged report. */
async function verifyStopped(acks: Ack[], cli: boolean): Promise<void> {
  expect(await integrityCheck(db)).toBe('ok');
  if (cli) {
    const v = await luoshi(['audit', 'verify'], db);
    expect(v.stdout + v.stderr).toContain('intact');
    expect(v.code).toBe(0);
  }
  const handle = openDb({ databaseUrl: db.databaseUrl, dataDir: db.dataDir });
  try {
    // the command's own check, in process between rounds (a process start costs seconds)
    expect(await verifyAuditChain(handle.kysely)).toMatchObject({ ok: true });
    expect(await checkReports(handle, acks, 'crash ')).toEqual([]);
  } finally {
    await handle.close();
  }
}

describe(`crash without loss on ${testDbKind()} (${ROUNDS} rounds of SIGKILL)`, () => {
  it('keeps every acknowledged report, whole and audited, through kills at random moments', { timeout: 30_000 + ROUNDS * 20_000 }, async () => {
    const all: Ack[] = [];
    let client: HttpClient | null = null;
    let taskId = '';
    for (let round = 1; round <= ROUNDS; round++) {
      // the clock moves on between rounds, as it would across real restarts
      server = await startLive({ ...db, now: new Date(START + round * 120_000).toISOString() });
      if (!client) {
        client = new HttpClient(server.url);
        await client.login('qianyou.cb');
        taskId = await taskIdByTitle(client, '完成征地拆迁');
      }
      client.base = server.url;
      // the session outlived the crash, and the restarted server serves every acknowledged report
      const listed = await client.request('GET', fillPath(progress.listReports.path, { id: taskId }));
      expect(listed.status).toBe(200);
      const ids = new Set((listed.body.items as { id: string }[]).map((r) => r.id));
      expect(all.filter((a) => !ids.has(a.id)).map((a) => a.id)).toEqual([]);

      const load = new ReportLoad(client, taskId, `crash r${round}`);
      const running = load.run(WORKERS);
      const delay = 150 + Math.floor(Math.random() * 1200);
      await new Promise((r) => setTimeout(r, delay));
      await server.kill();
      await running;
      server = null;
      expect(load.failures, `round ${round}`).toEqual([]);
      expect(load.acks.size, `round ${round}: no write was acknowledged in ${delay} ms`).toBeGreaterThan(0);
      all.push(...load.acks.values());
      await verifyStopped(all, false);
    }
    // the last restart: everything is still there and the server works on
    server = await startLive({ ...db, now: new Date(START + (ROUNDS + 1) * 120_000).toISOString() });
    client!.base = server.url;
    const after = await client!.request('POST', fillPath(progress.createReport.path, { id: taskId }), { narrative: 'crash after 恢复后继续填报', percent: 50 });
    expect(after.status).toBe(200);
    await server.stop();
    server = null;
    all.push({ id: after.body.id, narrative: 'crash after 恢复后继续填报', percent: 50, status: 'draft' });
    await verifyStopped(all, true);
    console.log(`crash test (${testDbKind()}): ${ROUNDS} kills, ${all.length} acknowledged reports, none lost`);
  });
});
