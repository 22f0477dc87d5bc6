/**
 * The look-ups a report submission makes (the task's latest counting report, and its first) are
 * served in order by an index (migration 1600), not by sorting every report the task ever had.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startApp, type TestApp } from '../support/harness.ts';
import { latestCountingReport, firstReport } from '../../apps/server/src/modules/progress/apply-progress.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startApp();
});
afterAll(async () => t?.close());

async function plan(query: { compile(): { sql: string; parameters: readonly unknown[] } }): Promise<string> {
  const db = t.services.db.kysely;
  const c = query.compile();
  if (t.services.db.dialect === 'sqlite') {
    const rows = t.services.db.sqlite!.prepare(`explain query plan ${c.sql}`).all(...(c.parameters as unknown[])) as { detail: string }[];
    return rows.map((r) => r.detail).join('\n');
  }
  // PostgreSQL: on a test's few rows a sequential scan is cheapest; with it and bitmap scans off,
  // the plan shows whether the index can hand the rows over in order (no Sort node)
  return db.transaction().execute(async (tx) => {
    await sql`set local enable_seqscan = off`.execute(tx);
    await sql`set local enable_bitmapscan = off`.execute(tx);
    const text = c.sql.replace(/\$(\d+)/g, (_m, n: string) => `'${String(c.parameters[Number(n) - 1]).replace(/'/g, "''")}'`);
    const rows = await sql.raw<{ 'QUERY PLAN': string }>(`explain ${text}`).execute(tx);
    return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
  });
}

describe('report look-ups of a submission', () => {
  it('the latest counting report and the first one come from the index in order, with no sort', async () => {
    const db = t.services.db.kysely;
    for (const q of [latestCountingReport(db, 'some-task'), firstReport(db, 'some-task')]) {
      const p = await plan(q);
      expect(p).toContain('progress_reports_task_submitted_idx');
      expect(p).not.toMatch(/TEMP B-TREE|Sort/);
    }
  });
});
