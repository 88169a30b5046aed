import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { auditActions } from './actions.js';

const src = new URL('../../', import.meta.url);

/** Postbag's own code, tests and this list left out. */
async function sourceText(): Promise<string> {
  const files = (await readdir(src, { recursive: true })).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.includes('test-fixtures') && !f.endsWith('audit/actions.ts'));
  return (await Promise.all(files.map((f) => readFile(new URL(f, src), 'utf8')))).join('\n');
}

describe('the list of audit actions', () => {
  it('names only actions the code writes: an action no longer written is taken off the list', async () => {
    const code = await sourceText();
    expect(auditActions.filter((action) => !code.includes(`'${action}'`))).toEqual([]);
  });
});
