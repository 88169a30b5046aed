// Installs the project's packages when any is missing or differs from package-lock.json, so that
// `npm start` and `npm test` work on a fresh clone. It compares contents, not file times: a checkout
// or a second worktree makes the lockfile newer without changing what it pins.
import { spawnSync } from 'node:child_process';
import { packagesToInstall } from './installed-packages.mjs';

const missing = packagesToInstall();
if (missing.length > 0) {
  console.log(`Installing packages (npm ci): ${missing.length} missing or at another version, ${missing[0]} among them...`);
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
