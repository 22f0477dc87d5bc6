/** Runs the real `luoshi` command in a child process against a test database. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { TestDb } from './db.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function luoshi(args: string[], db: Pick<TestDb, 'dataDir' | 'databaseUrl'> | null, env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, LUOSHI_DEMO: 'false', ...env };
    delete childEnv.DATABASE_URL;
    if (db) {
      childEnv.LUOSHI_DATA_DIR = db.dataDir;
      if (db.databaseUrl) childEnv.DATABASE_URL = db.databaseUrl;
    }
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/luoshi.mjs'), ...args], { cwd: ROOT, env: childEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
