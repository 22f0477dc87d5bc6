/**
 * A search for text anywhere in a column, the same on both databases: `%` and `_` in the text are
 * matched as themselves. SQLite's LIKE knows no escape character unless told, so the escape is
 * named (PostgreSQL's is the same backslash). `column` is a column's name or an expression.
 */
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';

export function containsText(column: string | Expression<unknown>, text: string): RawBuilder<SqlBool> {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<SqlBool>`${typeof column === 'string' ? sql.ref(column) : column} like ${pattern} escape ${'\\'}`;
}
