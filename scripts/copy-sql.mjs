// tsc compiles only TypeScript: copy the SQL migrations beside the compiled code that reads them.
import { cpSync, readdirSync } from 'node:fs';

for (const file of readdirSync('src', { recursive: true })) {
  if (String(file).endsWith('.sql')) cpSync(`src/${file}`, `dist/${file}`);
}
