// Bundles the server and CLI into dist/server/main.mjs so `luoshi` starts fast. The dependencies
// needed to answer the first request are bundled in too: one file to read and compile instead of
// hundreds of files to find, read and translate, which was most of start-up. Those that must stay
// files of their own, or are only loaded when first used, stay in node_modules (EXTERNAL).
// bin/luoshi.mjs falls back to running the TypeScript through tsx whenever the bundle is missing or
// older than one of the sources it was built from (listed in dist/server/inputs.json).
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { root } from './lib.mjs';

export const EXTERNAL = [
  // a native addon, found through its own package
  'better-sqlite3',
  // loaded on first use (see the lazy loaders in apps/server/src/platform): PostgreSQL only when
  // DATABASE_URL names one, spreadsheets, documents, email, image previews, the API documentation
  'pg',
  'exceljs',
  'docx',
  'nodemailer',
  'sharp',
  '@fastify/swagger',
  '@fastify/swagger-ui',
  // Fastify's default ajv and fast-json-stringify compilers: Luoshi hands it the zod ones instead
  '@fastify/ajv-compiler',
  '@fastify/fast-json-stringify-compiler',
];

export async function buildServer() {
  const out = path.join(root, 'dist/server/main.mjs');
  const result = await build({
    entryPoints: [path.join(root, 'apps/server/src/main.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: EXTERNAL,
    plugins: [
      // the workspace packages are TypeScript sources: bundle them in
      {
        name: 'luoshi-workspace',
        setup(b) {
          b.onResolve({ filter: /^@luoshi\// }, (args) => ({
            path: path.join(root, 'packages', args.path.slice('@luoshi/'.length), 'src/index.ts'),
          }));
        },
      },
      // zod's `locales` namespace carries the messages of some forty languages (a ninth of the
      // bundle); Luoshi writes its own messages and never reads that namespace, so it holds only
      // English, the one zod configures itself with
      {
        name: 'zod-english-only',
        setup(b) {
          b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
            args.importer.includes(`${path.sep}node_modules${path.sep}zod${path.sep}`) ? { path: path.resolve(args.resolveDir, '../locales/en.js'), namespace: 'zod-locales' } : undefined,
          );
          b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
            contents: `export { default as en } from ${JSON.stringify(args.path)};`,
            resolveDir: path.dirname(args.path),
            loader: 'js',
          }));
        },
      },
    ],
    // without comments (some in Chinese) and with escapes for every other non-ASCII character (see
    // asciiOnly) the bundle is plain ASCII, which V8 keeps in memory at one byte a character
    // instead of two; names stay, and the source map leads back to the sources
    minifyWhitespace: true,
    charset: 'ascii',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    banner: { js: "import { createRequire as __luoshiRequire } from 'node:module'; const require = __luoshiRequire(import.meta.url);" },
  });
  asciiOnly(out);
  // what the bundle was made from, for bin/luoshi.mjs to tell whether it is up to date: the
  // project's sources in it, this build, and the installed dependencies (npm rewrites
  // node_modules/.package-lock.json on every install)
  const inputs = [
    ...Object.keys(result.metafile.inputs)
      .filter((f) => !f.includes('node_modules/'))
      .map((f) => path.relative(root, path.resolve(root, f)).split(path.sep).join('/')),
    'scripts/build-server.mjs',
    'package-lock.json',
    ...(fs.existsSync(path.join(root, 'node_modules/.package-lock.json')) ? ['node_modules/.package-lock.json'] : []),
  ];
  fs.writeFileSync(path.join(root, 'dist/server/inputs.json'), `${JSON.stringify(inputs)}\n`);
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function vlqDecode(s, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const digit = B64.indexOf(s[at++]);
    value += (digit & 31) << shift;
    shift += 5;
    if (!(digit & 32)) break;
  }
  return { value: value & 1 ? -(value >>> 1) : value >>> 1, at };
}

function vlqEncode(n) {
  let v = n < 0 ? (-n << 1) | 1 : n << 1;
  let out = '';
  do {
    let digit = v & 31;
    v >>>= 5;
    if (v) digit |= 32;
    out += B64[digit];
  } while (v);
  return out;
}

/**
 * esbuild writes non-ASCII characters of regular expression literals as they are (the project's
 * parsers match Chinese dates and headings), and one such character makes V8 keep the whole bundle
 * source at two bytes a character. They are written as \uXXXX escapes, which mean the same in a
 * regular expression (a surrogate pair of escapes is one code point under the u flag), and the
 * source map's columns on those lines are moved to match.
 */
function asciiOnly(file) {
  const code = fs.readFileSync(file, 'utf8');
  if (!/[^\x00-\x7f]/.test(code)) return;
  const lines = code.split('\n');
  const mapFile = `${file}.map`;
  const map = JSON.parse(fs.readFileSync(mapFile, 'utf8'));
  const mapLines = map.mappings.split(';');
  lines.forEach((line, i) => {
    if (!/[^\x00-\x7f]/.test(line)) return;
    // columns (UTF-16 units) of the characters replaced on this line
    const at = [];
    for (let c = 0; c < line.length; c++) if (line.charCodeAt(c) > 0x7f) at.push(c);
    const shift = (col) => {
      let n = 0;
      while (n < at.length && at[n] < col) n++;
      return col + 5 * n;
    };
    lines[i] = line.replace(/[^\x00-\x7f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
    const segments = (mapLines[i] ?? '').split(',').filter(Boolean);
    let col = 0;
    let newPrev = 0;
    mapLines[i] = segments
      .map((seg) => {
        const d = vlqDecode(seg, 0);
        col += d.value;
        const moved = shift(col);
        const out = vlqEncode(moved - newPrev) + seg.slice(d.at);
        newPrev = moved;
        return out;
      })
      .join(',');
  });
  fs.writeFileSync(file, lines.join('\n'));
  map.mappings = mapLines.join(';');
  fs.writeFileSync(mapFile, JSON.stringify(map));
}

if (import.meta.url === `file://${process.argv[1]}`) await buildServer();
