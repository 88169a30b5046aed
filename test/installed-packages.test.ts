import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain Node script with no type declarations
import { packagesToInstall } from '../scripts/installed-packages.mjs';

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, { version?: string; optional?: boolean }> };
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A checkout holding this project's lockfile and, if given, npm's hidden lockfile of what it installed. */
function checkout(installed?: typeof lock): string {
  const dir = mkdtempSync(join(tmpdir(), 'postbag-deps-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify(lock));
  if (installed) {
    mkdirSync(join(dir, 'node_modules'));
    writeFileSync(join(dir, 'node_modules', '.package-lock.json'), JSON.stringify(installed));
  }
  return dir;
}
const without = (path: string) => ({ packages: Object.fromEntries(Object.entries(lock.packages).filter(([p]) => p !== path)) });

describe('packagesToInstall', () => {
  it('asks for nothing when what is installed matches the lockfile, however much newer the lockfile is', () => {
    const dir = checkout(without(''));
    utimesSync(join(dir, 'node_modules', '.package-lock.json'), new Date('2020-01-01'), new Date('2020-01-01'));
    expect(packagesToInstall(dir)).toEqual([]);
  });

  it('names every package on a fresh clone, and the one missing or at another version otherwise', () => {
    expect(packagesToInstall(checkout())).toContain('node_modules/fastify');
    expect(packagesToInstall(checkout(without('node_modules/fastify')))).toEqual(['node_modules/fastify']);
    const older = without('');
    older.packages['node_modules/kysely'] = { ...older.packages['node_modules/kysely'], version: '0.27.0' };
    expect(packagesToInstall(checkout(older))).toEqual(['node_modules/kysely']);
  });

  it('does not ask for an optional package npm leaves out on this platform', () => {
    const optional = Object.entries(lock.packages).find(([, pkg]) => pkg.optional);
    expect(optional).toBeDefined();
    expect(packagesToInstall(checkout(without(optional![0])))).toEqual([]);
  });
});
