// Shared by `npm start` and `npm test`: install what a fresh clone lacks, build what is stale.
// Plain Node, no dependencies: it runs before node_modules exists.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

function lockHash() {
  return createHash('sha256').update(fs.readFileSync(path.join(root, 'package-lock.json'))).digest('hex');
}

/** npm ci when node_modules is missing or was installed from another lock file. */
export function ensureDependencies() {
  const stamp = path.join(root, 'node_modules', '.luoshi-lock');
  const want = lockHash();
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === want) return;
  console.log('正在安装依赖 Installing dependencies (npm ci) …');
  const code = run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error']);
  if (code !== 0) {
    console.error('依赖安装失败 npm ci failed');
    process.exit(code);
  }
  fs.writeFileSync(stamp, want);
}

function newestMtime(dir) {
  let newest = 0;
  if (!fs.existsSync(dir)) return 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds the web app when its sources (or the contracts it uses) changed since the last build. */
export function ensureWebBuilt() {
  const index = path.join(root, 'apps/web/dist/index.html');
  const sources = ['apps/web/src', 'apps/web/index.html', 'apps/web/portal.html', 'apps/web/vite.config.ts', 'packages/contracts/src', 'packages/domain/src'].map((p) =>
    path.join(root, p),
  );
  const newestSource = Math.max(...sources.map((s) => (fs.existsSync(s) && fs.statSync(s).isDirectory() ? newestMtime(s) : fs.existsSync(s) ? fs.statSync(s).mtimeMs : 0)));
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= newestSource) return;
  console.log('正在构建网页 Building the web app …');
  const code = run(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'apps/web/vite.config.ts', '--logLevel', 'warn']);
  if (code !== 0) {
    console.error('网页构建失败 web build failed');
    process.exit(code);
  }
}

/**
 * Bundles the server when any server, domain or contract source, the build itself or the installed
 * dependencies (some are bundled in) are newer than the bundle.
 */
export async function ensureServerBuilt() {
  const bundle = path.join(root, 'dist/server/main.mjs');
  const newestSource = Math.max(
    ...['apps/server/src', 'packages/domain/src', 'packages/contracts/src'].map((d) => newestMtime(path.join(root, d))),
    ...['scripts/build-server.mjs', 'package-lock.json', 'node_modules/.package-lock.json'].map((f) => (fs.existsSync(path.join(root, f)) ? fs.statSync(path.join(root, f)).mtimeMs : 0)),
  );
  if (fs.existsSync(bundle) && fs.statSync(bundle).mtimeMs >= newestSource) return;
  const { buildServer } = await import('./build-server.mjs');
  await buildServer();
}
