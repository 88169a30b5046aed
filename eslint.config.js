import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Module boundaries (docs/ARCHITECTURE.md, "Dependencies point one way"): a file in
 * src/modules/A imports nothing of another module B but B/service.ts, types included; a test or
 * test fixture may also use B's test fixtures; src/platform imports no module. Imports are
 * relative, so each block matches the specifiers that climb out of its own folder into another
 * module. The modules are read from the folder, so a new one is covered without editing this.
 * Checked by test/module-boundaries.test.ts.
 */
const modules = readdirSync(new URL('./src/modules/', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const testsIn = (folder) => [`${folder}/**/*.test.ts`, `${folder}/**/test-fixtures/**`];
const intoModule = (names) => `^(?:\\.\\./)+(?:src/)?(?:modules/)?(?:${names.join('|')})/`;
const restrictImports = (regex, message) => ({ 'no-restricted-imports': ['error', { patterns: [{ regex, message }] }] });

const boundaries = modules.flatMap((name) => {
  const folder = `src/modules/${name}`;
  const others = modules.filter((m) => m !== name);
  if (others.length === 0) return [];
  const message = `${name} reaches another module only through that module's service.ts (docs/ARCHITECTURE.md): add what you need there.`;
  return [
    { files: [`${folder}/**`], ignores: testsIn(folder), rules: restrictImports(`${intoModule(others)}(?!service\\.js$)`, message) },
    { files: testsIn(folder), rules: restrictImports(`${intoModule(others)}(?!service\\.js$|(?:.+/)?test-fixtures/)`, `${message} Tests may also use its test-fixtures/.`) },
  ];
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ['**/*.mjs', 'eslint.config.js', 'scripts/**', 'bin/**'], languageOptions: { globals: globals.node } },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  ...boundaries,
  { files: ['src/platform/**'], rules: restrictImports('^(?:\\.\\./)+(?:src/)?modules/', 'platform/ knows no module: a module uses platform, never the other way round (docs/ARCHITECTURE.md).') },
);
