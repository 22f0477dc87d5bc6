/**
 * Queries on the path of nearly every request (the session, the data versions, a task by id),
 * built and compiled once per database kind instead of on each call: Kysely's builder and
 * compiler were a sixth of a cached read's time. The parameters are given in the order the
 * builder placed them. On PostgreSQL each of them is also a named statement (statementName):
 * every connection parses and plans it once, not on every request.
 */
import { PostgresAdapter, type Compilable, type CompiledQuery, type Kysely } from 'kysely';
import type { DB } from './schema.ts';

/** The SQL text of each PostgreSQL query made here, and the name its statement goes by. */
const NAMED = new Map<string, string>();

/** The statement name PostgreSQL knows a prepared query's text by (connect.ts), if it is one. */
export function statementName(sqlText: string): string | undefined {
  return NAMED.get(sqlText);
}

export function prepared<R>(build: (db: Kysely<DB>) => Compilable<R>): (db: Kysely<DB>, parameters: readonly unknown[]) => Promise<R[]> {
  const compiled = new Map<unknown, CompiledQuery<R>>();
  return async (db, parameters) => {
    // one compiled text per database kind (placeholders differ): keyed by the adapter's class
    const kind = db.getExecutor().adapter.constructor;
    let c = compiled.get(kind);
    if (!c) {
      c = build(db).compile();
      compiled.set(kind, c);
      if (kind === PostgresAdapter && !NAMED.has(c.sql)) NAMED.set(c.sql, `luoshi_${NAMED.size + 1}`);
    }
    if (c.parameters.length !== parameters.length) throw new Error(`prepared query expects ${c.parameters.length} parameters, got ${parameters.length}`);
    return (await db.executeQuery<R>({ ...c, parameters })).rows;
  };
}
