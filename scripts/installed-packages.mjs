// What npm ci would change: the lockfile's packages that node_modules lacks or holds at another
// version, read from npm's hidden lockfile (node_modules/.package-lock.json). Plain Node.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const packagesOf = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).packages ?? {} : {});

/** The lockfile's package paths not installed as pinned in `dir`; npm leaves optional ones for other platforms out. */
export function packagesToInstall(dir = '.') {
  const installed = packagesOf(join(dir, 'node_modules', '.package-lock.json'));
  return Object.entries(packagesOf(join(dir, 'package-lock.json')))
    .filter(([path, pkg]) => path !== '' && !pkg.optional && installed[path]?.version !== pkg.version)
    .map(([path]) => path);
}
