// `npm start`: install, build, migrate, seed the demo county on first start, serve.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ensureDependencies, ensureServerBuilt, ensureWebBuilt, root } from './lib.mjs';

ensureDependencies();
ensureWebBuilt();
await ensureServerBuilt();
// a young generation of 16 MB, not 32: memory held while quiet (README, “Behind a reverse proxy”)
const child = spawn(process.execPath, ['--max-semi-space-size=8', path.join(root, 'bin/luoshi.mjs'), 'serve', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
