import { type RawBuilder, sql, type SqlBool } from 'kysely';

/**
 * Text compared in byte order (COLLATE "C"), as the contact point and name indexes of migration
 * 0006 hold it. PostgreSQL uses such an index only when the query names the same collation, and,
 * under row level security, only with leakproof operators: equality and ranges, never LIKE.
 */
export const inByteOrder = (column: string) => sql<string>`${sql.ref(column)} COLLATE "C"`;

/** The first string after every string that begins with `prefix`, in byte order. */
function after(prefix: string): string {
  const last = prefix.charCodeAt(prefix.length - 1);
  return prefix.slice(0, -1) + String.fromCharCode(last + 1);
}

/** `column` begins with `prefix`, as an index range (a non-empty prefix). */
export function startsWith(column: string, prefix: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${inByteOrder(column)} >= ${prefix} AND ${inByteOrder(column)} < ${after(prefix)})`;
}
