/**
 * Lists answered a page at a time, cut by key rather than by offset: a page ends with a cursor
 * naming its last row by the list's sort key and id, and the next page starts after that row. A
 * row added or removed meanwhile neither repeats nor hides a row of the following pages.
 *
 * A cursor is the key as base64url JSON with a short check: not a secret (it only names a place in
 * a list the reader may read anyway, and every page is filtered by the reader's access again), it
 * tells a cut or edited cursor from a real one, so a damaged cursor is refused with the usual
 * validation error instead of being read as some other place. The list's name is part of the check,
 * so one list's cursor is refused by another.
 */
import { createHash } from 'node:crypto';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { LuoshiError } from '@luoshi/domain';

export type KeyPart = string | number;
export type KeyShape = readonly ('string' | 'number')[];

function checkOf(list: string, body: string): string {
  return createHash('sha256').update(`luoshi.${list}:${body}`).digest('base64url').slice(0, 12);
}

/** The cursor of the row with this key in the named list. */
export function cursorOf(list: string, key: readonly KeyPart[]): string {
  const body = Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
  return `${body}.${checkOf(list, body)}`;
}

/** The bilingual refusal of a cursor that is not one this list gave out (400 VALIDATION_FAILED). */
export function badCursor(): LuoshiError {
  return new LuoshiError('VALIDATION_FAILED', {
    issues: [{ path: 'cursor', zh: '翻页标记无效或已损坏,请从第一页重新加载', en: 'the page cursor is not valid; load the list again from the first page' }],
  });
}

/** The key a cursor names, checked against the list and the key's shape; anything else is refused. */
export function readCursor(list: string, cursor: string, shape: KeyShape): KeyPart[] {
  const parts = cursor.split('.');
  if (parts.length !== 2 || !parts[0] || parts[1] !== checkOf(list, parts[0])) throw badCursor();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (!Array.isArray(value) || value.length !== shape.length) throw badCursor();
  shape.forEach((type, i) => {
    const v: unknown = value[i];
    if (type === 'string' ? typeof v !== 'string' : typeof v !== 'number' || !Number.isSafeInteger(v)) throw badCursor();
  });
  return value as KeyPart[];
}

/**
 * The rows beyond `key` in a list ordered by `columns`, all ascending or all descending: one row-value
 * comparison, which both SQLite and PostgreSQL answer from an index on those columns in that order.
 * The columns must make the order total (the last one unique, e.g. the id) and never be null.
 */
export function beyond(columns: readonly string[], direction: 'asc' | 'desc', key: readonly KeyPart[]): RawBuilder<SqlBool> {
  if (columns.length !== key.length || !columns.length) throw new Error('a key needs one value per column');
  const refs = sql.join(columns.map((c) => sql.ref(c)));
  const values = sql.join(key.map((v) => sql`${v}`));
  return sql<SqlBool>`(${refs}) ${sql.raw(direction === 'desc' ? '<' : '>')} (${values})`;
}

/** The page out of `limit + 1` rows read in order: the first `limit`, and the cursor of the last if more follow. */
export function pageOf<T>(list: string, rows: T[], limit: number, keyOf: (row: T) => KeyPart[]): { rows: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { rows, nextCursor: null };
  const page = rows.slice(0, limit);
  return { rows: page, nextCursor: cursorOf(list, keyOf(page[page.length - 1]!)) };
}

/** A count(*) answered as a number by both databases (PostgreSQL's comes back as text). */
export function countOf(row: { n: number | string | bigint } | undefined): number {
  return Number(row?.n ?? 0);
}
