/**
 * Test databases: each test file gets its own, copied from a template that global setup migrated
 * and seeded once. SQLite: a file copy. PostgreSQL: CREATE DATABASE … TEMPLATE.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export type TestDbKind = 'sqlite' | 'postgres';

export function testDbKind(): TestDbKind {
  const k = process.env.LUOSHI_TEST_DB ?? 'sqlite';
  if (k !== 'sqlite' && k !== 'postgres') throw new Error(`LUOSHI_TEST_DB must be sqlite or postgres, not ${k}`);
  return k;
}

/** The PostgreSQL server the tests use; its own databases are created and dropped by the tests. */
export function pgAdminUrl(): string {
  return process.env.LUOSHI_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export function pgUrlFor(name: string): string {
  const u = new URL(pgAdminUrl());
  u.pathname = `/${name}`;
  return u.toString();
}

export async function pgAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: pgAdminUrl() });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export const TEMPLATE_ENV = 'LUOSHI_TEST_TEMPLATE';

export interface TestDb {
  databaseUrl: string | null;
  dataDir: string;
  drop(): Promise<void>;
}

/** A fresh database for one test file: empty, or a copy of the seeded template. */
export async function createTestDb(opts: { seeded: boolean }): Promise<TestDb> {
  const kind = testDbKind();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-test-'));
  const template = process.env[TEMPLATE_ENV];
  if (kind === 'sqlite') {
    if (opts.seeded) {
      if (!template) throw new Error('global setup did not prepare a template');
      fs.copyFileSync(template, path.join(dataDir, 'luoshi.sqlite'));
    }
    return { databaseUrl: null, dataDir, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `luoshi_t_${randomBytes(6).toString('hex')}`;
  await pgAdmin((c) => c.query(opts.seeded ? `create database ${name} template ${template}` : `create database ${name}`));
  return {
    databaseUrl: pgUrlFor(name),
    dataDir,
    drop: async () => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      await pgAdmin((c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}
