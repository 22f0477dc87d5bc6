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

function bundleFresh() {
  if (!fs.existsSync(bundle)) return false;
  const built = fs.statSync(bundle).mtimeMs;
  return ['apps/server/src', 'packages/domain/src', 'packages/contracts/src'].every((d) => newest(path.join(root, d)) <= built);
}

if (process.env.LUOSHI_FROM_SOURCE !== '1' && bundleFresh()) {
  await import(bundle);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../apps/server/src/main.ts');
}
