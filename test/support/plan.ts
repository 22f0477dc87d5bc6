/**
 * The plan a database makes for a query, as text: SQLite's EXPLAIN QUERY PLAN, or PostgreSQL's
 * EXPLAIN with sequential and bitmap scans and sorts turned off: on a test's few rows a sequential
 * scan, or an index scan and a sort, is cheapest; with them off the plan shows whether an index can
 * hand the rows over in order (a Sort node still appears when none can).
 */
import { sql } from 'kysely';
import type { TestApp } from './harness.ts';

export async function planOf(t: TestApp, query: { compile(): { sql: string; parameters: readonly unknown[] } }): Promise<string> {
  const db = t.services.db.kysely;
  const c = query.compile();
  if (t.services.db.dialect === 'sqlite') {
    const rows = t.services.db.sqlite!.prepare(`explain query plan ${c.sql}`).all(...(c.parameters as unknown[])) as { detail: string }[];
    return rows.map((r) => r.detail).join('\n');
  }
  return db.transaction().execute(async (tx) => {
    await sql`set local enable_seqscan = off`.execute(tx);
    await sql`set local enable_bitmapscan = off`.execute(tx);
    await sql`set local enable_sort = off`.execute(tx);
    const text = c.sql.replace(/\$(\d+)/g, (_m, n: string) => {
      const v = c.parameters[Number(n) - 1];
      return typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`;
    });
    const rows = await sql.raw<{ 'QUERY PLAN': string }>(`explain ${text}`).execute(tx);
    return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
  });
}
