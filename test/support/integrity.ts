/**
 * The database's own integrity check, run while no server holds it: SQLite's
 * `pragma integrity_check`; on PostgreSQL amcheck's `bt_index_check` over every B-tree index of the
 * Luoshi tables (an index that disagrees with its table is what a torn write would leave).
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';

export async function integrityCheck(db: { dataDir: string; databaseUrl: string | null }): Promise<string> {
  if (!db.databaseUrl) {
    const h = new Database(path.join(db.dataDir, 'luoshi.sqlite'));
    try {
      return String(h.pragma('integrity_check', { simple: true }));
    } finally {
      h.close();
    }
  }
  const c = new pg.Client({ connectionString: db.databaseUrl });
  await c.connect();
  try {
    await c.query('create extension if not exists amcheck');
    const idx = await c.query<{ name: string }>(
      `select c.oid::regclass::text as name from pg_index i join pg_class c on c.oid = i.indexrelid
         join pg_am a on a.oid = c.relam join pg_namespace n on n.oid = c.relnamespace
        where a.amname = 'btree' and n.nspname = 'public'`,
    );
    if (!idx.rows.length) return 'no indexes found';
    for (const { name } of idx.rows) await c.query('select bt_index_check($1::regclass, true)', [name]);
    return 'ok';
  } catch (e) {
    return (e as Error).message;
  } finally {
    await c.end();
  }
}
