/**
 * Two app processes against one PostgreSQL database, as behind a load balancer: a session made on
 * one works on the other (and ends on both); the scheduled sweep runs once, not once per instance;
 * document numbers issued concurrently from both never collide and never skip. The processes run
 * on PostgreSQL only (the embedded SQLite database serves one process); the claim of a sweep
 * period is checked in process on both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, campaigns, fillPath, supervision, tasks } from '@luoshi/contracts';
import { openDb, type Db } from '../../apps/server/src/platform/db/connect.ts';
import { createTestDb, testDbKind, type TestDb } from '../support/db.ts';
import { HttpClient, startLive, type LiveServer } from '../support/live.ts';
import { startApp } from '../support/harness.ts';
import { runScheduledSweep } from '../../apps/server/src/modules/sweep/sweep.ts';

const NOW = '2013-05-10T02:00:00.000Z';
let db: TestDb;
let handle: Db;
let a: LiveServer;
let b: LiveServer;

/** the same signed-in user, talking to another instance */
function via(client: HttpClient, server: LiveServer): HttpClient {
  const c = new HttpClient(server.url);
  c.cookie = client.cookie;
  c.csrf = client.csrf;
  return c;
}

describe.runIf(testDbKind() === 'postgres')('two instances on one PostgreSQL database', () => {
  beforeAll(async () => {
    db = await createTestDb({ seeded: true });
    handle = openDb({ databaseUrl: db.databaseUrl, dataDir: db.dataDir });
    // info logs: each instance says whether it ran the sweep or left it to the other
    const env = { LOG_LEVEL: 'info' };
    [a, b] = await Promise.all([startLive({ ...db, now: NOW, env }), startLive({ ...db, now: NOW, env })]);
  }, 120_000);
  afterAll(async () => {
    await a?.kill();
    await b?.kill();
    await handle?.close();
    await db?.drop();
  });

  it('a session made on one instance works on the other, and a sign-out on either ends it on both', async () => {
    const onA = new HttpClient(a.url);
    await onA.login('duchashi');
    const onB = via(onA, b);
    const me = await onB.request('GET', auth.session.path);
    expect(me.status).toBe(200);
    expect(JSON.stringify(me.body)).toContain('duchashi');
    const out = await onB.request('POST', auth.logout.path);
    expect(out.status).toBeLessThan(300);
    // the browser would drop the cookie; one kept is refused on the other instance too
    expect((await onA.request('GET', auth.session.path)).status).toBe(401);
  });

  it('the scheduled sweep runs once, not once per instance', { timeout: 60_000 }, async () => {
    const said = (s: LiveServer) => /sweep (done|skipped)/.test(s.output());
    const deadline = Date.now() + 45_000;
    while (!(said(a) && said(b)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    const done = [a, b].filter((s) => s.output().includes('"sweep done"')).length;
    const skipped = [a, b].filter((s) => s.output().includes('sweep skipped')).length;
    expect({ done, skipped }).toEqual({ done: 1, skipped: 1 });
    const claims = await handle.kysely.selectFrom('audit_log').select('after').where('action', '=', 'sweep.claim').execute();
    expect(claims).toHaveLength(1);
    // what it found was recorded once: no task has two light changes for the same day
    const changes = await handle.kysely.selectFrom('task_light_changes').select(['task_id', 'changed_on']).execute();
    const keys = changes.map((c) => `${c.task_id} ${c.changed_on}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('document numbers issued concurrently from both instances never collide and never skip', { timeout: 90_000 }, async () => {
    const office = new HttpClient(a.url);
    await office.login('duchashi');
    const clients = [office, via(office, b)];
    const campaignId = (await office.request('GET', campaigns.listCampaigns.path)).body.items[0].id as string;
    const tree = (await office.request('GET', fillPath(tasks.listTasks.path, { id: campaignId }))).body.items as { id: string; status: string }[];
    const open = tree.filter((t) => t.status !== 'completed' && t.status !== 'cancelled').slice(0, 24);
    // drafts, on alternating instances; a task that already has a live 督办 is refused and left out
    const drafted = await Promise.all(
      open.map((t, i) => clients[i % 2]!.request('POST', fillPath(supervision.draftNotice.path, { id: campaignId }), { kind: 'supervise', subjectId: t.id })),
    );
    for (const d of drafted) expect(d.status, JSON.stringify(d.body)).toBeLessThan(500);
    const ids = drafted.filter((d) => d.status === 200).map((d) => d.body.id as string);
    expect(ids.length).toBeGreaterThanOrEqual(12);
    const before = await handle.kysely.selectFrom('notices').select('doc_seq').where('status', '!=', 'draft').where('kind', '=', 'supervise').execute();
    const last = Math.max(0, ...before.map((r) => Number(r.doc_seq ?? 0)));
    // issue all at once, half on each instance
    const issued = await Promise.all(ids.map((id, i) => clients[i % 2]!.request('POST', fillPath(supervision.submitNotice.path, { id }))));
    for (const r of issued) {
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.status).toBe('issued');
    }
    const numbers = issued.map((r) => r.body.docNumber as string);
    expect(new Set(numbers).size).toBe(numbers.length);
    const rows = await handle.kysely.selectFrom('notices').select(['doc_seq', 'doc_number']).where('id', 'in', ids).execute();
    const seqs = rows.map((r) => Number(r.doc_seq)).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: ids.length }, (_, i) => last + 1 + i));
    expect(rows.map((r) => r.doc_number).sort()).toEqual([...numbers].sort());
  });
});

describe(`the scheduled sweep's claim of a period (${testDbKind()})`, () => {
  it('is taken for its minutes (half an hourly period here): a second instance skips, a later timer runs again', async () => {
    const t = await startApp({ now: NOW });
    try {
      const first = await runScheduledSweep(t.services, 30, 'one');
      expect(first?.campaigns).toBeGreaterThan(0);
      expect(await runScheduledSweep(t.services, 30, 'two')).toBeNull();
      t.clock.advance(29 * 60_000);
      expect(await runScheduledSweep(t.services, 30, 'two')).toBeNull();
      t.clock.advance(2 * 60_000);
      expect(await runScheduledSweep(t.services, 30, 'two')).not.toBeNull();
      const claims = await t.services.db.kysely.selectFrom('audit_log').select(['after', 'actor_user_id']).where('action', '=', 'sweep.claim').orderBy('seq').execute();
      expect(claims.map((c) => (JSON.parse(c.after!) as { instance: string }).instance)).toEqual(['one', 'two']);
      expect(claims.every((c) => c.actor_user_id === 'system:sweep')).toBe(true);
    } finally {
      await t.close();
    }
  });
});
