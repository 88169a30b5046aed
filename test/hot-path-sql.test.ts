import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileFor, hotPathSql, layOut, REGENERATE, SQL_DEMO, SQL_FOLDER } from '../bench/hot-path-sql.js';
import { createTestApp, type TestApp } from './support/app.js';

describe('the hot paths’ SQL checked in under docs/sql', () => {
  let app: TestApp;
  let generated: Map<string, string>;
  beforeAll(async () => {
    app = await createTestApp({}, { demo: SQL_DEMO });
    generated = await hotPathSql(app, SQL_DEMO.people);
  });
  afterAll(() => app?.close());

  it('is the SQL the code sends, file for file', () => {
    const checkedIn = readdirSync(SQL_FOLDER).filter((f) => f.endsWith('.sql')).sort();
    expect(checkedIn, `the files in ${SQL_FOLDER} are not the bench's endpoints: run \`${REGENERATE}\` and commit the result`).toEqual([...generated.keys()].sort());
    for (const [file, sql] of generated) {
      expect(readFileSync(join(SQL_FOLDER, file), 'utf8'), `${SQL_FOLDER}/${file} is not the SQL the code now sends: run \`${REGENERATE}\`, commit the file, and check the plan it changes`).toBe(sql);
    }
  });

  it('names each file after its endpoint and lays a statement out a clause a line, leaving quoted text alone', () => {
    expect(fileFor('GET /api/v1/people/:id')).toBe('get-people-id.sql');
    expect(fileFor('POST /api/v1/people/matches (name, postcode)')).toBe('post-people-matches-name-postcode.sql');
    expect(layOut(`select "a where b" from t inner join u on u.id = t.id where x = ' from y' order by 1 limit $1`)).toBe(
      `select "a where b"\nfrom t\ninner join u on u.id = t.id\nwhere x = ' from y'\norder by 1\nlimit $1`,
    );
  });
});
