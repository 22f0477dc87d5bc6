#!/usr/bin/env node
// The luoshi command. Runs the bundled server when it is up to date with the sources, and the
// TypeScript sources through tsx otherwise, so a checkout works with or without a build.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundle = path.join(root, 'dist/server/main.mjs');

function newest(dir) {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

/**
 * The bundle is up to date when no source it was built from changed since: the build lists them in
 * dist/server/inputs.json (a new file matters only once a listed one imports it, and then that one
 * changed too). Without the list, every file under the source folders is compared.
 */
function bundleFresh() {
  if (!fs.existsSync(bundle)) return false;
  const built = fs.statSync(bundle).mtimeMs;
  let inputs = null;
  try {
    inputs = JSON.parse(fs.readFileSync(path.join(root, 'dist/server/inputs.json'), 'utf8'));
  } catch {
    /* an older build: compare the folders */
  }
  if (Array.isArray(inputs)) {
    return inputs.every((f) => {
      const st = fs.statSync(path.join(root, f), { throwIfNoEntry: false });
      return st !== undefined && st.mtimeMs <= built;
    });
  }
  return ['apps/server/src', 'packages/domain/src', 'packages/contracts/src'].every((d) => newest(path.join(root, d)) <= built);
}

if (process.env.LUOSHI_FROM_SOURCE !== '1' && bundleFresh()) {
  await import(bundle);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../apps/server/src/main.ts');
}
