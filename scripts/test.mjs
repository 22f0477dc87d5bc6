// `npm test`: typecheck, lint, the suite on SQLite and on PostgreSQL, then the browser tests.
// Ends with one line "N passed, N failed". Fails, never skips, when PostgreSQL or Chromium is missing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { ensureDependencies, ensureServerBuilt, ensureWebBuilt, root, run } from './lib.mjs';

const only = process.env.LUOSHI_TEST_ONLY; // e.g. "unit" for a quick local loop; CI never sets it
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
/** failed tests, named at the very end so a truncated log still shows what broke */
const failedTests = [];

function step(name, fn) {
  console.log(`\n━━ ${name}`);
  const ok = fn();
  if (!ok) failures.push(name);
  return ok;
}

function vitest(label, config, env) {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-vitest-')), 'result.json');
  const code = run(
    process.execPath,
    [path.join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--config', config, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`],
    { env: { ...process.env, ...env } },
  );
  if (fs.existsSync(out)) {
    const r = JSON.parse(fs.readFileSync(out, 'utf8'));
    totals.passed += r.numPassedTests;
    totals.failed += r.numFailedTests;
    totals.skipped += r.numPendingTests + r.numTodoTests;
    console.log(`   ${label}: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
    for (const file of r.testResults ?? []) {
      const rel = path.relative(root, file.name);
      const failed = (file.assertionResults ?? []).filter((a) => a.status === 'failed');
      for (const a of failed) failedTests.push(`[${label}] ${rel} > ${a.fullName}: ${firstLine(a.failureMessages?.[0])}`);
      if (file.status === 'failed' && !failed.length) failedTests.push(`[${label}] ${rel}: ${firstLine(file.message)}`);
    }
    if (r.numTotalTests === 0) {
      console.error(`   ${label}: no test ran`);
      return false;
    }
  } else totals.failed += 1;
  return code === 0;
}

function firstLine(text) {
  const plain = String(text ?? '').replace(/\u001b\[[0-9;]*m/g, '');
  return plain.split('\n').find((l) => l.trim())?.trim().slice(0, 300) ?? '';
}

function pgReachable(url) {
  const u = new URL(url);
  return new Promise((resolve) => {
    const s = net.connect({ host: u.hostname, port: Number(u.port || 5432) });
    s.setTimeout(3000);
    s.on('connect', () => (s.destroy(), resolve(true)));
    s.on('error', () => resolve(false));
    s.on('timeout', () => (s.destroy(), resolve(false)));
  });
}

function chromiumPath() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
  return candidates.find((p) => fs.existsSync(p));
}

ensureDependencies();
ensureWebBuilt();
await ensureServerBuilt();

if (!only || only === 'static') {
  step('类型检查 Typecheck (tsc --noEmit)', () => run(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit']) === 0);
  step('代码检查 Lint (eslint)', () => run(process.execPath, [path.join(root, 'node_modules/eslint/bin/eslint.js'), '--max-warnings', '0', '.']) === 0);
}
if (!only || only === 'sqlite' || only === 'unit') {
  step('测试 Tests on SQLite', () => vitest('sqlite', 'vitest.config.ts', { LUOSHI_TEST_DB: 'sqlite' }));
}
if (!only || only === 'postgres') {
  const pgUrl = process.env.LUOSHI_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const reachable = await pgReachable(pgUrl);
  step('测试 Tests on PostgreSQL', () => {
    if (!reachable) {
      console.error(
        `PostgreSQL is not reachable at ${new URL(pgUrl).host}. Start it (pg_ctlcluster 15 main start) or set LUOSHI_TEST_PG_URL.\n` +
          '未找到 PostgreSQL:请启动数据库或设置 LUOSHI_TEST_PG_URL。',
      );
      totals.failed += 1;
      return false;
    }
    return vitest('postgres', 'vitest.config.ts', { LUOSHI_TEST_DB: 'postgres', LUOSHI_TEST_PG_URL: pgUrl });
  });
}
if (!only || only === 'e2e') {
  step('浏览器测试 Browser tests (Chromium)', () => {
    const chromium = chromiumPath();
    if (!chromium) {
      console.error('Chromium is missing. Install it with: sudo apt-get install chromium  (or set CHROMIUM_PATH)\n未找到 Chromium:请执行 apt-get install chromium。');
      totals.failed += 1;
      return false;
    }
    return vitest('e2e', 'vitest.e2e.config.ts', { CHROMIUM_PATH: chromium });
  });
}

console.log('');
if (failedTests.length) {
  console.log('失败的测试 Failed tests:');
  for (const f of failedTests) console.log(`  ✗ ${f}`);
}
if (failures.length) console.log(`失败的步骤 Failed steps: ${failures.join('; ')}`);
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(failures.length ? 1 : 0);
