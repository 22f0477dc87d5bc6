/**
 * Moving a county from the embedded SQLite database to PostgreSQL: `luoshi restore` of a SQLite
 * backup with DATABASE_URL set copies every row into an empty PostgreSQL database.
 *
 * Both sides are first brought to the latest schema (the same migrations make the same tables on
 * both), then the rows go over in ONE PostgreSQL transaction, so a failure anywhere leaves the
 * target without a row of the county. Inside it: the triggers that raise the data-version counters
 * are switched off table by table (`DISABLE TRIGGER USER`, which only needs the tables' owner) and
 * `data_versions` is copied as it is in the backup; the tables go in an order where every table a
 * foreign key points to comes first, and a table that points to itself (a task's parent task) goes
 * parents first; the row counts of both sides are compared before the commit.
 *
 * The rows are read with `iterate()` in rowid order, a row at a time, and sent with
 * `COPY … FROM STDIN` in text format through the pg driver's own hooks for custom queries, in
 * chunks that wait for the socket to drain: memory stays bounded whatever the size of the backup.
 */
import type { Duplex } from 'node:stream';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type PgModule from 'pg';
import { connectPg, openDb, openSqliteFile } from './connect.ts';
import { MIGRATIONS, migrateToLatest } from './migrate.ts';
import type { DB } from './schema.ts';

type PgClient = PgModule.Client;

export interface CopyReport {
  tables: number;
  rows: number;
  seconds: number;
}

/** the migrator's own tables: each database keeps its own */
const MIGRATOR_TABLES = new Set(['kysely_migration', 'kysely_migration_lock']);
/** rows per COPY statement: bounds the foreign-key checks PostgreSQL queues until a statement ends */
const ROWS_PER_COPY = 50_000;
/** bytes of COPY text handed to the socket at a time */
const CHUNK_CHARS = 1 << 20;
const PROGRESS_EVERY_MS = 5_000;

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
const seconds = (ms: number) => (ms / 1000).toFixed(1);

/** The part of the pg driver's connection a custom query talks to (not in its type declarations). */
interface CopyConnection {
  stream: Duplex;
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
}

/**
 * One `COPY … FROM STDIN`, as a custom query of the pg driver (a "submittable": the driver hands it
 * the server's messages). `write` sends COPY text and waits while the socket is full; `end`
 * finishes the statement; `abort` cancels it, which fails the surrounding transaction.
 */
class CopyIn {
  private connection: CopyConnection | null = null;
  private failure: Error | null = null;
  private finished = false;
  private onChange: (() => void) | null = null;

  private constructor(private readonly text: string) {}

  static async start(client: PgClient, text: string): Promise<CopyIn> {
    const copy = new CopyIn(text);
    client.query(copy);
    await copy.until(() => copy.connection !== null);
    return copy;
  }

  // --- the driver's side
  submit(connection: unknown): void {
    (connection as CopyConnection).query(this.text);
  }
  handleCopyInResponse(connection: unknown): void {
    this.connection = connection as CopyConnection;
    this.changed();
  }
  handleCommandComplete(): void {}
  handleReadyForQuery(): void {
    this.finished = true;
    this.changed();
  }
  handleError(err: Error): void {
    // after an error the driver hands the next message to the next query: this one is over
    this.failure = err;
    this.finished = true;
    this.changed();
  }
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}

  private changed() {
    const f = this.onChange;
    this.onChange = null;
    f?.();
  }

  /** Resolves once `ready()` holds, rejects with the server's error if one comes first. */
  private until(ready: () => boolean, drain?: Duplex): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.failure) reject(this.failure);
        else if (ready()) resolve();
        else {
          this.onChange = check;
          return;
        }
        this.onChange = null;
        drain?.off('drain', check);
      };
      drain?.once('drain', check);
      check();
    });
  }

  async write(text: string): Promise<void> {
    if (this.failure) throw this.failure;
    const connection = this.connection!;
    connection.sendCopyFromChunk(Buffer.from(text, 'utf8'));
    if (connection.stream.writableNeedDrain) {
      const stream = connection.stream;
      await this.until(() => !stream.writableNeedDrain, stream);
    }
  }

  async end(): Promise<void> {
    if (this.failure) throw this.failure;
    this.connection!.endCopyFrom();
    await this.until(() => this.finished);
  }

  /** Cancels the statement (the server answers with an error, which ends it); never throws. */
  async abort(reason: string): Promise<void> {
    if (this.finished) return;
    this.connection!.sendCopyFail(reason);
    await this.until(() => this.finished).catch(() => undefined);
  }
}

/** A value no PostgreSQL column can take as it is: a NUL character in a text, or binary data. */
class BadValue extends Error {
  constructor(
    readonly column: number,
    readonly kind: 'nul' | 'binary',
  ) {
    super(kind);
  }
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** A row as a line of COPY's text format: tab between fields, \N for null, backslash escapes. */
function copyLine(row: unknown[]): string {
  let line = '';
  for (let i = 0; i < row.length; i++) {
    const v = row[i];
    let field: string;
    if (v === null || v === undefined) field = '\\N';
    else if (typeof v === 'bigint') field = v.toString();
    else if (typeof v === 'number') field = String(v); // the shortest text that reads back as the same double
    else if (typeof v === 'string') {
      if (v.includes('\u0000')) throw new BadValue(i, 'nul');
      field = /[\\\n\r\t]/.test(v) ? v.replace(/[\\\n\r\t]/g, (c) => ESCAPES[c]!) : v;
    } else throw new BadValue(i, 'binary');
    line += i ? `\t${field}` : field;
  }
  return `${line}\n`;
}

export interface TableShape {
  name: string;
  columns: string[];
  /** foreign keys to other tables, by the referenced table's name */
  parents: Set<string>;
  /** foreign keys to the table itself: its columns and the columns they point to */
  selfRefs: { columns: string[]; refs: string[] }[];
}

/** The Luoshi tables and their row counts in a database the migrations alone made (an empty county). */
async function migratedEmpty(): Promise<Map<string, number>> {
  const raw = new Database(':memory:');
  const kysely = new Kysely<DB>({ dialect: new SqliteDialect({ database: raw }) });
  try {
    await migrateToLatest({ kysely });
    const counts = new Map<string, number>();
    for (const { name } of raw.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").all() as { name: string }[]) {
      if (MIGRATOR_TABLES.has(name)) continue;
      counts.set(name, (raw.prepare(`select count(*) n from ${q(name)}`).get() as { n: number }).n);
    }
    return counts;
  } finally {
    await kysely.destroy();
  }
}

/**
 * Luoshi data in the target: a Luoshi table with more rows than migrating an empty database puts
 * there (the default case categories). Tables not there yet (a new database) hold nothing.
 */
async function rowsInTarget(client: PgClient, empty: Map<string, number>): Promise<string[]> {
  const existing = new Set(
    (
      await client.query<{ name: string }>(
        "select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = current_schema() and c.relkind in ('r', 'p')",
      )
    ).rows.map((r) => r.name),
  );
  const found: string[] = [];
  for (const [table, seeded] of empty) {
    if (!existing.has(table)) continue;
    const { rows } = await client.query<{ n: string }>(`select count(*) as n from ${q(table)}`);
    if (Number(rows[0]!.n) > seeded) found.push(`${table}: ${rows[0]!.n}`);
  }
  return found;
}

function refuseIfNotEmpty(found: string[]): void {
  if (!found.length) return;
  throw new Error(
    '目标 PostgreSQL 数据库已有落实数据,未作任何改动:SQLite 备份只能恢复到空数据库(新建的,或只执行过迁移的数据库)。' +
      'The target PostgreSQL database already holds Luoshi data and was left unchanged: a SQLite backup restores only into an empty database (a new one, or one that was only migrated). ' +
      `(行数 rows: ${found.slice(0, 5).join(', ')}${found.length > 5 ? ', …' : ''})`,
  );
}

/** The target's tables (columns in their order, foreign keys), read from PostgreSQL's catalog. */
async function targetShapes(client: PgClient, tables: string[]): Promise<Map<string, TableShape>> {
  const shapes = new Map<string, TableShape>(tables.map((name) => [name, { name, columns: [], parents: new Set(), selfRefs: [] }]));
  const cols = await client.query<{ table: string; column: string }>(
    `select c.relname as table, a.attname as column
       from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
      order by c.relname, a.attnum`,
  );
  for (const r of cols.rows) shapes.get(r.table)?.columns.push(r.column);
  const fks = await client.query<{ child: string; parent: string; cols: string[]; refs: string[] }>(
    `select c.relname as child, p.relname as parent,
            array(select a.attname::text from unnest(k.conkey) with ordinality u(n, i) join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.n order by u.i) as cols,
            array(select a.attname::text from unnest(k.confkey) with ordinality u(n, i) join pg_attribute a on a.attrelid = k.confrelid and a.attnum = u.n order by u.i) as refs
       from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid join pg_namespace n on n.oid = c.relnamespace
      where k.contype = 'f' and n.nspname = current_schema()`,
  );
  for (const fk of fks.rows) {
    const shape = shapes.get(fk.child);
    if (!shape) continue;
    if (fk.parent !== fk.child) shape.parents.add(fk.parent);
    else shape.selfRefs.push({ columns: fk.cols, refs: fk.refs });
  }
  return shapes;
}

/** Tables in an order where every table a foreign key points to comes before the table pointing to it. */
export function copyOrder(shapes: Map<string, TableShape>): TableShape[] {
  const order: TableShape[] = [];
  const done = new Set<string>();
  const left = [...shapes.values()].sort((a, b) => a.name.localeCompare(b.name));
  while (left.length) {
    const i = left.findIndex((t) => [...t.parents].every((p) => done.has(p) || !shapes.has(p)));
    if (i < 0) {
      throw new Error(`外键成环,找不到复制顺序 The foreign keys between these tables form a cycle, so no copy order exists: ${left.map((t) => t.name).join(', ')}`);
    }
    const [t] = left.splice(i, 1);
    order.push(t!);
    done.add(t!.name);
  }
  return order;
}

/** The source's columns must be the target's: both were migrated to the same schema. */
function checkSourceShape(src: Database.Database, shape: TableShape): void {
  const cols = (src.pragma(`table_info(${q(shape.name)})`) as { name: string }[]).map((c) => c.name);
  const missing = shape.columns.filter((c) => !cols.includes(c));
  const extra = cols.filter((c) => !shape.columns.includes(c));
  if (!cols.length || missing.length || extra.length) {
    const what = !cols.length ? 'no such table' : [missing.length ? `missing ${missing.join(', ')}` : '', extra.length ? `extra ${extra.join(', ')}` : ''].filter(Boolean).join('; ');
    throw new Error(
      `备份中的表 ${shape.name} 与 PostgreSQL 中的不一致(${what}),未作任何改动。` +
        `Table ${shape.name} of the backup does not match the PostgreSQL one (${what}); nothing was changed.`,
    );
  }
}

/**
 * For a table that points to itself: the rowids in an order where every row comes after the row it
 * points to (by depth: rows without a parent first, then their children, …), kept in a temporary
 * table of the source. Rows whose parent is missing, or that point to each other in a circle, are
 * refused before anything is written.
 */
function orderParentsFirst(src: Database.Database, shape: TableShape, total: number): string {
  const order = `temp.${q(`copy_order_${shape.name}`)}`;
  const placed = `temp.${q(`copy_placed_${shape.name}`)}`;
  const t = `main.${q(shape.name)}`;
  src.exec(`drop table if exists ${order}; drop table if exists ${placed};
    create table ${order} (depth integer not null, r integer not null, primary key (depth, r)) without rowid;
    create table ${placed} (r integer primary key);`);
  // a row is ready when each of its own foreign keys points nowhere (a null: not checked), to the row
  // itself, or (after the first round) to a row placed in an earlier round
  const ready = (parentPlaced: boolean) =>
    shape.selfRefs
      .map(({ columns, refs }) => {
        const none = columns.map((c) => `c.${q(c)} is null`).join(' or ');
        const own = columns.map((c, i) => `c.${q(c)} = c.${q(refs[i]!)}`).join(' and ');
        const placedParent = `exists (select 1 from ${t} p where ${columns.map((c, i) => `p.${q(refs[i]!)} = c.${q(c)}`).join(' and ')} and p.rowid in (select r from ${placed}))`;
        return `(${none} or (${own})${parentPlaced ? ` or ${placedParent}` : ''})`;
      })
      .join(' and ');
  src.prepare(`insert into ${order} select 0, c.rowid from ${t} c where ${ready(false)}`).run();
  let count = (src.prepare(`select count(*) n from ${order}`).get() as { n: number }).n;
  const mark = src.prepare(`insert into ${placed} select r from ${order} where depth = ?`);
  const next = src.prepare(`insert into ${order} select ?, c.rowid from ${t} c where c.rowid not in (select r from ${placed}) and ${ready(true)}`);
  for (let depth = 0; count < total; depth++) {
    mark.run(depth);
    const added = next.run(depth + 1).changes;
    if (!added) break;
    count += added;
  }
  if (count < total) {
    const cols = shape.selfRefs.map((s) => s.columns.join(', ')).join('; ');
    throw new Error(
      `表 ${shape.name} 有 ${total - count} 行的上级(${cols})不存在或互相引用成环,无法先上级后下级地复制;未作任何改动。` +
        `${total - count} rows of table ${shape.name} point (${cols}) to a row that does not exist or that points back to them, so they cannot be copied parents first; nothing was changed.`,
    );
  }
  return `select ${shape.columns.map((c) => `${t}.${q(c)}`).join(', ')} from ${order} o join ${t} on ${t}.rowid = o.r order by o.depth, o.r`;
}

/** Copies one table's rows, ROWS_PER_COPY to a COPY statement. Returns the rows sent. */
async function copyTable(client: PgClient, src: Database.Database, shape: TableShape, select: string, total: number, progress: (line: string) => void): Promise<number> {
  const started = Date.now();
  let lastReport = started;
  const key = (src.pragma(`table_info(${q(shape.name)})`) as { name: string; pk: number }[]).filter((c) => c.pk > 0).map((c) => c.name);
  const stmt = src.prepare(select).raw(true).safeIntegers(true);
  const copyText = `copy ${q(shape.name)} (${shape.columns.map(q).join(', ')}) from stdin`;
  let copy: CopyIn | null = null;
  let chunk = '';
  let rows = 0;
  let copyStart = 0; // rows sent before the current COPY statement
  try {
    for (const row of stmt.iterate() as IterableIterator<unknown[]>) {
      copy ??= await CopyIn.start(client, copyText);
      try {
        chunk += copyLine(row);
      } catch (e) {
        throw e instanceof BadValue ? badValue(shape, key, row, e) : e;
      }
      rows++;
      if (chunk.length >= CHUNK_CHARS) {
        await copy.write(chunk);
        chunk = '';
      }
      if (rows - copyStart === ROWS_PER_COPY) {
        if (chunk) await copy.write(chunk);
        chunk = '';
        await copy.end();
        copy = null;
        copyStart = rows;
        if (Date.now() - lastReport >= PROGRESS_EVERY_MS) {
          lastReport = Date.now();
          progress(`  ${shape.name}: ${rows} / ${total} 行 rows, ${seconds(lastReport - started)} s …`);
        }
      }
    }
    if (copy) {
      if (chunk) await copy.write(chunk);
      await copy.end();
      copy = null;
    }
  } catch (e) {
    if (copy) await copy.abort((e as Error).message);
    const refused = e as { severity?: string; detail?: string; where?: string };
    if (!refused.severity) throw e; // not the server's answer: ours, or the connection's
    // PostgreSQL names the line of the COPY statement; the table's row number is more use
    const where = refused.where?.replace(/, line (\d+)/, (_, n: string) => `, row ${copyStart + Number(n)}`);
    const more = [refused.detail, where].filter(Boolean).join('; ');
    throw new Error(`PostgreSQL 拒绝了表 ${shape.name} 的一行 PostgreSQL refused a row of table ${shape.name}: ${(e as Error).message}${more ? ` (${more})` : ''}`);
  }
  if (rows) progress(`  ${shape.name}: ${rows} 行 rows, ${seconds(Date.now() - started)} s`);
  return rows;
}

function badValue(shape: TableShape, key: string[], row: unknown[], e: BadValue): Error {
  const id = key.map((k) => `${k} = ${String(row[shape.columns.indexOf(k)])}`).join(', ');
  const column = shape.columns[e.column]!;
  return e.kind === 'nul'
    ? new Error(
        `表 ${shape.name} 中 ${id} 的一行,${column} 列含有 NUL 字符(\\0),PostgreSQL 的文本不能保存它;请先在 SQLite 上改正这一行。` +
          `Table ${shape.name}, row ${id}: column ${column} holds a NUL character (\\0), which PostgreSQL text cannot hold; correct the row on SQLite first.`,
      )
    : new Error(
        `表 ${shape.name} 中 ${id} 的一行,${column} 列是二进制数据,落实的列不存二进制数据。` +
          `Table ${shape.name}, row ${id}: column ${column} holds binary data, which no Luoshi column holds.`,
      );
}

/** Migrations a SQLite database has applied that this version of Luoshi does not know. */
function unknownMigrations(src: Database.Database): string[] {
  const has = src.prepare("select count(*) n from sqlite_master where type = 'table' and name = 'kysely_migration'").get() as { n: number };
  if (!has.n) return [];
  const applied = (src.prepare('select name from kysely_migration order by name').all() as { name: string }[]).map((r) => r.name);
  return applied.filter((n) => !(n in MIGRATIONS));
}

/**
 * Copies the SQLite database in FILE (a scratch copy: it is migrated forward in place) into the
 * empty PostgreSQL database at URL. Refuses, before writing anything, a backup made by a newer
 * Luoshi and a target that already holds Luoshi data.
 */
export async function copySqliteToPostgres(file: string, url: string, progress: (line: string) => void = () => undefined): Promise<CopyReport> {
  const probe = new Database(file, { readonly: true });
  let unknown: string[];
  try {
    unknown = unknownMigrations(probe);
  } finally {
    probe.close();
  }
  if (unknown.length) {
    throw new Error(
      `备份来自更新版本的落实(本版本没有这些数据库迁移:${unknown.join(', ')}),未作任何改动;请先升级落实再恢复。` +
        `The backup comes from a newer Luoshi (migrations this version does not know: ${unknown.join(', ')}); nothing was changed. Upgrade Luoshi, then restore.`,
    );
  }
  const empty = await migratedEmpty();
  const client = await connectPg(url);
  try {
    refuseIfNotEmpty(await rowsInTarget(client, empty));

    // both sides to the latest schema: an older backup gets the tables and columns of today
    const scratch = openSqliteFile(file);
    const sk = new Kysely<DB>({ dialect: new SqliteDialect({ database: scratch }) });
    try {
      await migrateToLatest({ kysely: sk });
    } finally {
      await sk.destroy();
    }
    const target = openDb({ databaseUrl: url, dataDir: '.', pgPoolSize: 1 });
    try {
      await migrateToLatest(target);
    } finally {
      await target.close();
    }

    const src = new Database(file);
    try {
      const shapes = await targetShapes(client, [...empty.keys()]);
      const tables = copyOrder(shapes);
      const counts = new Map<string, number>();
      const selects = new Map<string, string>();
      for (const shape of tables) {
        checkSourceShape(src, shape);
        const n = (src.prepare(`select count(*) n from ${q(shape.name)}`).get() as { n: number }).n;
        counts.set(shape.name, n);
        selects.set(
          shape.name,
          shape.selfRefs.length ? orderParentsFirst(src, shape, n) : `select ${shape.columns.map(q).join(', ')} from ${q(shape.name)} order by rowid`,
        );
      }
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      progress(`从 SQLite 复制到 PostgreSQL Copying from SQLite into PostgreSQL: ${tables.length} 张表 tables, ${total} 行 rows`);
      const started = Date.now();
      await client.query('begin');
      try {
        // the data-version counters are copied as they are, not raised once per copied row
        for (const t of tables) await client.query(`alter table ${q(t.name)} disable trigger user`);
        refuseIfNotEmpty(await rowsInTarget(client, empty)); // again, now that the tables are locked
        await client.query(`truncate ${tables.map((t) => q(t.name)).join(', ')}`); // the default case categories the migrations wrote
        for (const t of tables) await copyTable(client, src, t, selects.get(t.name)!, counts.get(t.name)!, progress);
        for (const t of tables) await client.query(`alter table ${q(t.name)} enable trigger user`);
        await setSequences(client, tables);
        const differ: string[] = [];
        for (const t of tables) {
          const { rows } = await client.query<{ n: string }>(`select count(*) as n from ${q(t.name)}`);
          if (Number(rows[0]!.n) !== counts.get(t.name)) differ.push(`${t.name}: SQLite ${counts.get(t.name)}, PostgreSQL ${rows[0]!.n}`);
        }
        if (differ.length) throw new Error(`复制后行数不一致 Row counts differ after the copy: ${differ.join('; ')}`);
        await client.query('commit');
      } catch (e) {
        await client.query('rollback').catch(() => undefined);
        throw new Error(`${(e as Error).message}\n复制已全部撤销,PostgreSQL 数据库中没有留下这个县的数据。The copy was rolled back: the PostgreSQL database holds none of it.`);
      }
      return { tables: tables.length, rows: total, seconds: (Date.now() - started) / 1000 };
    } finally {
      src.close();
    }
  } finally {
    await client.end();
  }
}

/** A column drawing from a sequence (none does today) continues after the copied values. */
async function setSequences(client: PgClient, tables: TableShape[]): Promise<void> {
  const names = tables.map((t) => t.name);
  const { rows } = await client.query<{ table: string; column: string; seq: string }>(
    `select table_name as table, column_name as column, pg_get_serial_sequence(quote_ident(table_name), column_name) as seq
       from information_schema.columns
      where table_schema = current_schema() and table_name = any($1) and pg_get_serial_sequence(quote_ident(table_name), column_name) is not null`,
    [names],
  );
  for (const r of rows) {
    await client.query(`select setval($1, coalesce((select max(${q(r.column)}) from ${q(r.table)}), 0) + 1, false)`, [r.seq]);
  }
}
