/**
 * The look-ups a report submission makes (the task's latest counting report, and its first) are
 * served in order by an index (migration 1600), not by sorting every report the task ever had.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../support/harness.ts';
import { planOf } from '../support/plan.ts';
import { latestCountingReport, firstReport } from '../../apps/server/src/modules/progress/apply-progress.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startApp();
});
afterAll(async () => t?.close());

const plan = (q: Parameters<typeof planOf>[1]) => planOf(t, q);

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
