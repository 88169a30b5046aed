import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The boundary rule in eslint.config.js, run through ESLint's own API on snippets placed at paths
 * in the tree, so that a change to the config that stops it catching a crossing fails here (and
 * `npx eslint .` passing proves nothing on its own: a rule that matches nothing passes too).
 */
const root = join(import.meta.dirname, '..');
const modules = readdirSync(join(root, 'src', 'modules'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** What the boundary rule says about `code` if it were the file at `path`. */
async function boundaryErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, path) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const importing = (specifier: string) => `import { thing } from '${specifier}';\nexport { thing };\n`;

describe('module boundaries', () => {
  it("refuses a module's import of another module's repository, naming the way through", async () => {
    const errors = await boundaryErrors('src/modules/search/crossing.ts', importing('../people/repo.js'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("'../people/repo.js'");
    expect(errors[0]).toContain("only through that module's service.ts");
  });

  it('covers every module: each one importing past another one is refused', async () => {
    for (const name of modules) {
      const other = modules.find((m) => m !== name)!;
      expect(await boundaryErrors(`src/modules/${name}/crossing.ts`, importing(`../${other}/repo.js`)), `${name} -> ${other}`).toHaveLength(1);
    }
  });

  it('refuses type imports, re-exports and imports from a sub-folder or through modules/', async () => {
    expect(await boundaryErrors('src/modules/search/crossing.ts', "import type { PersonHit } from '../people/search.js';\nexport type { PersonHit };\n")).toHaveLength(1);
    expect(await boundaryErrors('src/modules/search/crossing.ts', "export { searchPeople } from '../people/search.js';\n")).toHaveLength(1);
    expect(await boundaryErrors('src/modules/correspondence/notes/crossing.ts', importing('../../casework/timeline-service.js'))).toHaveLength(1);
    expect(await boundaryErrors('src/modules/correspondence/crossing.ts', importing('../../modules/people/matching.js'))).toHaveLength(1);
  });

  it("lets a module use another's service.ts and its own sub-folders", async () => {
    expect(await boundaryErrors('src/modules/search/crossing.ts', importing('../people/service.js'))).toEqual([]);
    expect(await boundaryErrors('src/modules/correspondence/notes/crossing.ts', importing('../../casework/service.js'))).toEqual([]);
    expect(await boundaryErrors('src/modules/correspondence/notes/crossing.ts', importing('../outbound/repo.js'))).toEqual([]);
  });

  it("lets tests and test fixtures use another module's test fixtures, and nothing else of it", async () => {
    expect(await boundaryErrors('src/modules/search/search.test.ts', importing('../casework/test-fixtures/support.js'))).toEqual([]);
    expect(await boundaryErrors('src/modules/correspondence/outbound/test-fixtures/support.ts', importing('../../../casework/test-fixtures/support.js'))).toEqual([]);
    expect(await boundaryErrors('src/modules/search/search.test.ts', importing('../casework/repo.js'))).toHaveLength(1);
  });

  it('refuses platform importing any module, even its service.ts', async () => {
    const errors = await boundaryErrors('src/platform/access/crossing.ts', importing('../../modules/casework/service.js'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('platform/ knows no module');
  });
});
