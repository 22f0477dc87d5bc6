// Bundles the server and CLI into dist/server/main.mjs so `luoshi` starts fast; dependencies in
// node_modules stay external. bin/luoshi.mjs falls back to running the TypeScript through tsx
// whenever the bundle is missing or older than the sources.
import path from 'node:path';
import { build } from 'esbuild';
import { root } from './lib.mjs';

export async function buildServer() {
  await build({
    entryPoints: [path.join(root, 'apps/server/src/main.ts')],
    outfile: path.join(root, 'dist/server/main.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    // the workspace packages are TypeScript sources: bundle them in
    plugins: [
      {
        name: 'luoshi-workspace',
        setup(b) {
          b.onResolve({ filter: /^@luoshi\// }, (args) => ({
            path: path.join(root, 'packages', args.path.slice('@luoshi/'.length), 'src/index.ts'),
          }));
        },
      },
    ],
    sourcemap: 'linked',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __luoshiRequire } from 'node:module'; const require = __luoshiRequire(import.meta.url);" },
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await buildServer();
