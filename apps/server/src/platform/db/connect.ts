/** Opens the database named by the configuration: embedded SQLite by default, PostgreSQL by URL. */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import Database from 'better-sqlite3';
import type PgModule from 'pg';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, type DatabaseConnection } from 'kysely';
import type { DB } from './schema.ts';
import { statementName } from './prepared.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface Db {
  kysely: Kysely<DB>;
  dialect: Dialect;
  /** where the data lives, for messages: a file path or the URL without its password */
  location: string;
  /** the raw SQLite handle, for the backup API and integrity checks */
  sqlite: Database.Database | null;
  close(): Promise<void>;
}

const requireHere = createRequire(import.meta.url);
let pgLoaded: typeof PgModule | null = null;

/** The PostgreSQL driver, loaded when a database URL is first opened: a SQLite server never loads it. */
function loadPg(): typeof PgModule {
  if (!pgLoaded) {
    const pg = requireHere('pg') as typeof PgModule;
    // int8 (count(*), sums) as numbers; numeric as numbers. Values stay far below 2^53.
    pg.types.setTypeParser(20, (v) => Number(v));
    pg.types.setTypeParser(1700, (v) => Number(v));
    pgLoaded = pg;
  }
  return pgLoaded;
}

/** SQLite transactions take the write lock at BEGIN, so two processes never deadlock on upgrade. */
class ImmediateSqliteDialect extends SqliteDialect {
  override createDriver() {
    const driver = super.createDriver();
    driver.beginTransaction = async (connection: DatabaseConnection) => {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    };
    return driver;
  }
}

/**
 * The SQLite handle Kysely sees: the same database, with prepared statements kept by their SQL
 * text (the most recent 500), since preparing costs as much as running most of Luoshi's queries.
 * A statement still being iterated (a streamed export) is never handed out twice. SQLite
 * re-prepares a kept statement by itself when a migration changes the schema.
 */
export function withStatementCache(raw: Database.Database, size = 500) {
  const kept = new Map<string, Database.Statement>();
  return {
    close: () => raw.close(),
    prepare(sql: string): Database.Statement {
      const hit = kept.get(sql);
      if (hit && !hit.busy) {
        kept.delete(sql);
        kept.set(sql, hit);
        return hit;
      }
      const stmt = raw.prepare(sql);
      if (!hit) {
        kept.set(sql, stmt);
        if (kept.size > size) kept.delete(kept.keys().next().value!);
      }
      return stmt;
    },
  };
}

/**
 * The queries of prepared.ts (the session, the data versions, a task by id: on nearly every request)
 * go to PostgreSQL as named statements, so each connection parses and plans them once. Every other
 * query stays unnamed: their number has no bound, and a connection keeps every statement it is
 * given a name for. (A pooler in transaction mode between Luoshi and PostgreSQL must carry named
 * statements across its server connections: PgBouncer 1.21 or later with max_prepared_statements.)
 */
function nameHotStatements(client: PgModule.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (...args: unknown[]) => {
    const [text, values] = args;
    const name = args.length === 2 && typeof text === 'string' && Array.isArray(values) ? statementName(text) : undefined;
    return name ? query({ name, text, values }) : query(...args);
  };
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(invalid DATABASE_URL)';
  }
}

export function sqlitePath(dataDir: string): string {
  return path.join(dataDir, 'luoshi.sqlite');
}

export function openSqliteFile(file: string): Database.Database {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const raw = new Database(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 10000');
  return raw;
}

/** One PostgreSQL connection outside any pool, for work that needs a session of its own (a copy in one transaction). */
export async function connectPg(url: string): Promise<PgModule.Client> {
  const client = new (loadPg().Client)({ connectionString: url });
  client.on('error', () => {
    /* a connection lost between queries is reported by the next query */
  });
  await client.connect();
  return client;
}

export function openDb(opts: { databaseUrl: string | null; dataDir: string; pgPoolSize?: number }): Db {
  if (opts.databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(opts.databaseUrl)) {
      throw new Error('DATABASE_URL must start with postgres:// (or be unset for the embedded SQLite database)');
    }
    const pool = new (loadPg().Pool)({ connectionString: opts.databaseUrl, max: opts.pgPoolSize ?? 10 });
    pool.on('error', () => {
      /* idle client errors are reported by the next query */
    });
    pool.on('connect', nameHotStatements);
    const kysely = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return {
      kysely,
      dialect: 'postgres',
      location: redactUrl(opts.databaseUrl),
      sqlite: null,
      close: () => kysely.destroy(),
    };
  }
  const file = sqlitePath(opts.dataDir);
  const raw = openSqliteFile(file);
  const kysely = new Kysely<DB>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(raw) }) });
  return { kysely, dialect: 'sqlite', location: file, sqlite: raw, close: () => kysely.destroy() };
}
