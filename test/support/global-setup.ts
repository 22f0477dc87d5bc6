/** Migrates and seeds the demo county once per run, as the template every test file copies. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ManualClock } from '@luoshi/domain';
import { readConfig } from '../../apps/server/src/platform/config.ts';
import { openServices } from '../../apps/server/src/services.ts';
import { seedDemo } from '../../apps/server/src/demo/zhashui.ts';
import { TEMPLATE_ENV, pgAdmin, pgUrlFor, testDbKind } from './db.ts';

/** The instant the template was seeded at; tests that pin the clock start after it. */
export const SEED_INSTANT = '2013-04-01T00:00:00.000Z';

export default async function setup(): Promise<() => Promise<void>> {
  const kind = testDbKind();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-template-'));
  let databaseUrl: string | null = null;
  let name = '';
  if (kind === 'postgres') {
    name = `luoshi_tpl_${randomBytes(6).toString('hex')}`;
    try {
      await pgAdmin((c) => c.query(`create database ${name}`));
    } catch (e) {
      throw new Error(
        `PostgreSQL tests need a server (LUOSHI_TEST_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres): ${(e as Error).message}`,
      );
    }
    databaseUrl = pgUrlFor(name);
  }
  const config = { ...readConfig({}), dataDir: dir, databaseUrl };
  const services = await openServices({ config, clock: new ManualClock(SEED_INSTANT) });
  await seedDemo(services);
  await services.db.close();
  process.env[TEMPLATE_ENV] = kind === 'sqlite' ? path.join(dir, 'luoshi.sqlite') : name;
  return async () => {
    if (kind === 'postgres') await pgAdmin((c) => c.query(`drop database if exists ${name} with (force)`));
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
