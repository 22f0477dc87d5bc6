/**
 * Consistent online backup and restore. SQLite: the backup API copies a consistent snapshot while
 * the server keeps writing. PostgreSQL: pg_dump in custom format and pg_restore.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import type { Db } from './db/connect.ts';
import { sqlitePath } from './db/connect.ts';

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e) => reject(new Error(`${cmd} could not start (${e.message}); install the PostgreSQL client tools`)));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited with ${code}: ${err.trim()}`))));
  });
}

export async function backup(db: Db, databaseUrl: string | null, file: string): Promise<{ bytes: number }> {
  const target = path.resolve(file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  if (db.dialect === 'sqlite') {
    const tmp = `${target}.partial`;
    await db.sqlite!.backup(tmp);
    const check = new Database(tmp, { readonly: true });
    const ok = check.pragma('integrity_check', { simple: true });
    check.close();
    if (ok !== 'ok') throw new Error(`backup failed its integrity check: ${String(ok)}`);
    fs.renameSync(tmp, target);
  } else {
    await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${target}`, databaseUrl!]);
  }
  return { bytes: fs.statSync(target).size };
}

/** Restores FILE over the configured database. The server must be stopped. */
export async function restore(
  kind: 'sqlite' | 'postgres',
  opts: { databaseUrl: string | null; dataDir: string },
  file: string,
): Promise<void> {
  const source = path.resolve(file);
  if (!fs.existsSync(source)) throw new Error(`no such backup file: ${file}`);
  if (kind === 'sqlite') {
    const header = Buffer.alloc(16);
    const fd = fs.openSync(source, 'r');
    fs.readSync(fd, header, 0, 16, 0);
    fs.closeSync(fd);
    if (header.toString('latin1') !== 'SQLite format 3\u0000') {
      throw new Error('the file is not a Luoshi SQLite backup (for PostgreSQL set DATABASE_URL)');
    }
    const check = new Database(source, { readonly: true });
    const ok = check.pragma('integrity_check', { simple: true });
    const hasAudit = check.prepare("select count(*) n from sqlite_master where name = 'audit_log'").get() as { n: number };
    check.close();
    if (ok !== 'ok') throw new Error(`the backup fails its integrity check: ${String(ok)}`);
    if (!hasAudit.n) throw new Error('the file is a SQLite database but not a Luoshi backup');
    const target = sqlitePath(opts.dataDir);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    for (const ext of ['-wal', '-shm']) fs.rmSync(target + ext, { force: true });
    fs.copyFileSync(source, `${target}.restoring`);
    fs.renameSync(`${target}.restoring`, target);
  } else {
    await run('pg_restore', ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', `--dbname=${opts.databaseUrl!}`, source]);
  }
}
