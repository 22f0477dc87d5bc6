/**
 * Upgrade: every release keeps a fixture database under test/fixtures/releases/<version>/ (built by
 * test/fixtures/build-release.ts). Each is loaded as that release left it, `luoshi migrate`
 * carries it forward to this code's schema, and its data must be intact: the same rows in every
 * table it had, the audit chain verifying through the fixture's last entry with the same hash, and
 * the app serving its reports. Runs on the database of the suite (SQLite or PostgreSQL).
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { campaigns, progress, tasks } from '@luoshi/contracts';
import { openDb } from '../../apps/server/src/platform/db/connect.ts';
import { MIGRATIONS } from '../../apps/server/src/platform/db/migrate.ts';
import { verifyAuditChain } from '../../apps/server/src/platform/audit.ts';
import { readConfig } from '../../apps/server/src/platform/config.ts';
import { openServices } from '../../apps/server/src/services.ts';
import { buildApp } from '../../apps/server/src/app.ts';
import { ManualClock } from '@luoshi/domain';
import { createTestDb, testDbKind } from '../support/db.ts';
import { luoshi } from '../support/cli.ts';
import { Client } from '../support/harness.ts';
import { FIXTURE_FACTS, countTables, type FixtureExpectation } from '../fixtures/release-facts.ts';

const RELEASES = path.resolve(import.meta.dirname, '../fixtures/releases');
/** Tables a later migration may legitimately add rows to, with the release that does so. None yet. */
const GROWS: Record<string, string> = {};

const releases = fs.readdirSync(RELEASES).filter((d) => fs.existsSync(path.join(RELEASES, d, 'expected.json')));

describe(`upgrade from every kept release (${testDbKind()})`, () => {
  it('keeps a fixture of at least one release', () => {
    expect(releases.length).toBeGreaterThan(0);
  });

  for (const release of releases) {
    it(`migrates release ${release} forward with its data intact`, { timeout: 90_000 }, async () => {
      const dir = path.join(RELEASES, release);
      const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')) as FixtureExpectation;
      // this code's migrations begin with the ones the release ran: migrations are never edited or removed
      expect(Object.keys(MIGRATIONS).slice(0, expected.migrations.length)).toEqual(expected.migrations);

      const db = await createTestDb({ seeded: false });
      try {
        if (db.databaseUrl) {
          const load = spawnSync('psql', ['-v', 'ON_ERROR_STOP=1', '-q', '-d', db.databaseUrl], { input: gunzipSync(fs.readFileSync(path.join(dir, 'luoshi-postgres.sql.gz'))) });
          expect(load.stderr.toString()).not.toMatch(/ERROR/);
          expect(load.status).toBe(0);
        } else {
          fs.writeFileSync(path.join(db.dataDir, 'luoshi.sqlite'), gunzipSync(fs.readFileSync(path.join(dir, 'luoshi.sqlite.gz'))));
        }
        const m = await luoshi(['migrate'], db);
        expect(m.stderr).toBe('');
        expect(m.code).toBe(0);
        const pending = Object.keys(MIGRATIONS).slice(expected.migrations.length);
        for (const name of pending) expect(m.stdout).toContain(name);

        const handle = openDb(db);
        try {
          const counts = await countTables(handle.kysely);
          for (const [table, n] of Object.entries(expected.counts)) {
            if (GROWS[table]) expect(counts[table], table).toBeGreaterThanOrEqual(n);
            else expect(counts[table], table).toBe(n);
          }
          const chain = await verifyAuditChain(handle.kysely);
          const mine = db.databaseUrl ? expected.postgres : expected.sqlite;
          expect(chain).toMatchObject({ ok: true });
          expect(chain.entries).toBeGreaterThanOrEqual(mine.auditEntries);
          const at = await handle.kysely.selectFrom('audit_log').select('hash').where('seq', '=', mine.auditEntries).executeTakeFirstOrThrow();
          expect(at.hash).toBe(mine.lastHash);
          const notice = await handle.kysely.selectFrom('notices').select('doc_number').where('doc_number', '=', expected.docNumber).execute();
          expect(notice).toHaveLength(1);
        } finally {
          await handle.close();
        }

        // the app runs on the migrated data: the demo office signs in and reads the old reports
        const services = await openServices({ config: { ...readConfig({}), dataDir: db.dataDir, databaseUrl: db.databaseUrl }, clock: new ManualClock('2013-05-11T02:00:00.000Z') });
        const app = await buildApp(services, { serveWeb: false });
        try {
          await app.ready();
          const office = new Client(app);
          expect((await office.login('duchashi')).status).toBe(200);
          const campaignId = (await office.call(campaigns.listCampaigns)).body.items[0].id;
          const tree = (await office.call(tasks.listTasks, { params: { id: campaignId } })).body.items as { id: string; title: string }[];
          const task = tree.find((t) => t.title === FIXTURE_FACTS.reportTask)!;
          const reports = (await office.call(progress.listReports, { params: { id: task.id } })).body.items as { narrative: string; status: string }[];
          for (const narrative of FIXTURE_FACTS.reports) expect(reports.find((r) => r.narrative === narrative)?.status, narrative).toMatch(/submitted|superseded/);
        } finally {
          await app.close();
          await services.db.close();
        }
      } finally {
        await db.drop();
      }
    });
  }
});
