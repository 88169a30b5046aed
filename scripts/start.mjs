// `npm start`: install what is missing, build, then serve the demo office on the embedded database.
import { spawnSync } from 'node:child_process';

const run = (command, args) => {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
run('node', ['scripts/ensure-deps.mjs']);
run('npm', ['run', '--silent', 'build']);
run('node', ['bin/postbag.mjs', 'serve', '--demo']);
