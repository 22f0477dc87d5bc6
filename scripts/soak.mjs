// `npm run test:soak`: the long forms of the reliability tests, minutes rather than seconds.
// 1. crash without loss: LUOSHI_CRASH_ROUNDS (default 20) SIGKILLs, on SQLite and PostgreSQL;
// 2. the other reliability tests (backup during writes, two instances, upgrade) on both;
// 3. load: 200 clients for 15 s per phase: quiet, a flood on the public form, quiet again (bench/load.ts), on both.
// `npx tsx bench/sqlmap.ts` (injection scan) is separate: it takes longer still. See SECURITY.md.
import path from 'node:path';
import { ensureDependencies, ensureServerBuilt, root, run } from './lib.mjs';

const pgUrl = process.env.LUOSHI_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const rounds = process.env.LUOSHI_CRASH_ROUNDS ?? '20';
const failures = [];

function step(name, args, env = {}) {
  console.log(`\n━━ ${name}`);
  const code = run(process.execPath, args, { env: { ...process.env, LUOSHI_TEST_PG_URL: pgUrl, ...env } });
  if (code !== 0) failures.push(name);
}

ensureDependencies();
await ensureServerBuilt();
const vitest = path.join(root, 'node_modules/vitest/vitest.mjs');
const tsx = path.join(root, 'node_modules/tsx/dist/cli.mjs');
for (const db of ['sqlite', 'postgres']) {
  step(`崩溃不丢数据 Crash without loss, ${rounds} rounds (${db})`, [vitest, 'run', 'test/reliability/crash.test.ts'], { LUOSHI_TEST_DB: db, LUOSHI_CRASH_ROUNDS: rounds });
  step(`备份、双实例、升级 Backup, two instances, upgrade (${db})`, [vitest, 'run', 'test/reliability/backup.test.ts', 'test/reliability/two-instances.test.ts', 'test/reliability/upgrade.test.ts'], {
    LUOSHI_TEST_DB: db,
  });
  step(`负载 Load: 200 clients and a public-form flood (${db})`, [tsx, 'bench/load.ts', '--db', db]);
}
console.log('');
if (failures.length) console.log(`失败的步骤 Failed steps: ${failures.join('; ')}`);
else console.log('全部通过 All soak steps passed');
process.exit(failures.length ? 1 : 0);
