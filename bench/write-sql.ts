/*
 * Writes the hot paths' SQL to docs/sql/ (`npm run bench:sql`): run it after changing a query the
 * bench loads, and commit the files, so that a review sees the statement whose plan may change.
 * test/hot-path-sql.test.ts fails while they differ from what the code sends.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp } from '../test/support/app.js';
import { hotPathSql, SQL_DEMO, SQL_FOLDER } from './hot-path-sql.js';

const app = await createTestApp({}, { demo: SQL_DEMO });
try {
  const files = await hotPathSql(app, SQL_DEMO.people);
  mkdirSync(SQL_FOLDER, { recursive: true });
  for (const stale of readdirSync(SQL_FOLDER).filter((f) => f.endsWith('.sql') && !files.has(f))) rmSync(join(SQL_FOLDER, stale));
  for (const [file, text] of files) writeFileSync(join(SQL_FOLDER, file), text);
  console.log(`Wrote ${files.size} files to ${SQL_FOLDER}/`);
} finally {
  await app.close();
}
