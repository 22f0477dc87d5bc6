/**
 * Consistent online backup and restore. A backup is one tar archive holding `manifest.json`, the
 * database and the evidence files: SQLite's backup API copies a consistent snapshot while the
 * server keeps writing (PostgreSQL: pg_dump in custom format), then the evidence store is added.
 * Evidence files are content-addressed and never change, and a file's bytes are stored before the
 * row naming it commits, so every file the snapshot refers to is already there when it is copied.
 * Restore also takes the bare database files older releases wrote. A SQLite backup restored with
 * DATABASE_URL set moves the county to PostgreSQL: its rows are copied into an empty PostgreSQL
 * database (db/sqlite-to-postgres.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import type { Db } from './db/connect.ts';
import { sqlitePath } from './db/connect.ts';
import { copySqliteToPostgres, type CopyReport } from './db/sqlite-to-postgres.ts';
import { TarWriter, isTar, readTar } from './tar.ts';

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e) => reject(new Error(`${cmd} could not start (${e.message}); install the PostgreSQL client tools`)));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited with ${code}: ${err.trim()}`))));
  });
}

/** `files/ab/cd/<sha256>` and its thumbnail: the only evidence paths a backup holds or restores. */
const EVIDENCE = /^([0-9a-f]{2})\/([0-9a-f]{2})\/(\1\2[0-9a-f]{60})(\.thumb\.jpg)?$/;

/** The evidence store's files, relative to its root, in a stable order; stray `.tmp-*` files are left out. */
function evidenceFiles(root: string): string[] {
  const found: string[] = [];
  if (!fs.existsSync(root)) return found;
  for (const a of fs.readdirSync(root).sort()) {
    const da = path.join(root, a);
    if (!/^[0-9a-f]{2}$/.test(a) || !fs.statSync(da).isDirectory()) continue;
    for (const b of fs.readdirSync(da).sort()) {
      const db = path.join(da, b);
      if (!/^[0-9a-f]{2}$/.test(b) || !fs.statSync(db).isDirectory()) continue;
      for (const f of fs.readdirSync(db).sort()) if (EVIDENCE.test(`${a}/${b}/${f}`)) found.push(`${a}/${b}/${f}`);
    }
  }
  return found;
}

export interface BackupManifest {
  format: 'luoshi-backup';
  version: 1;
  database: 'sqlite' | 'postgres';
  createdAt: string;
  evidenceFiles: number;
}

export async function backup(db: Db, opts: { databaseUrl: string | null; dataDir: string }, file: string): Promise<{ bytes: number; files: number }> {
  const target = path.resolve(file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const work = fs.mkdtempSync(`${target}.parts-`);
  try {
    const dbName = db.dialect === 'sqlite' ? 'database.sqlite' : 'database.dump';
    const dbFile = path.join(work, dbName);
    if (db.dialect === 'sqlite') {
      await db.sqlite!.backup(dbFile);
      const check = new Database(dbFile, { readonly: true });
      const ok = check.pragma('integrity_check', { simple: true });
      check.close();
      if (ok !== 'ok') throw new Error(`backup failed its integrity check: ${String(ok)}`);
    } else {
      await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${dbFile}`, opts.databaseUrl!]);
    }
    // after the snapshot: every file a row of the snapshot names was stored before that row committed
    const filesRoot = path.join(opts.dataDir, 'files');
    const files = evidenceFiles(filesRoot);
    const manifest: BackupManifest = { format: 'luoshi-backup', version: 1, database: db.dialect, createdAt: new Date().toISOString(), evidenceFiles: files.length };
    const tar = new TarWriter(`${target}.partial`);
    try {
      tar.addBytes('manifest.json', Buffer.from(JSON.stringify(manifest, null, 2)));
      tar.addFile(dbName, dbFile);
      for (const f of files) tar.addFile(`files/${f}`, path.join(filesRoot, f));
    } finally {
      tar.close();
    }
    fs.renameSync(`${target}.partial`, target);
    return { bytes: fs.statSync(target).size, files: files.length };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
    fs.rmSync(`${target}.partial`, { force: true });
  }
}

function isSqliteFile(file: string): boolean {
  const header = Buffer.alloc(16);
  const fd = fs.openSync(file, 'r');
  fs.readSync(fd, header, 0, 16, 0);
  fs.closeSync(fd);
  return header.toString('latin1') === 'SQLite format 3\u0000';
}

function checkSqliteBackup(source: string): void {
  if (!isSqliteFile(source)) {
    throw new Error('the file is not a Luoshi SQLite backup (for PostgreSQL set DATABASE_URL)');
  }
  const check = new Database(source, { readonly: true });
  const ok = check.pragma('integrity_check', { simple: true });
  const hasAudit = check.prepare("select count(*) n from sqlite_master where name = 'audit_log'").get() as { n: number };
  check.close();
  if (ok !== 'ok') throw new Error(`the backup fails its integrity check: ${String(ok)}`);
  if (!hasAudit.n) throw new Error('the file is a SQLite database but not a Luoshi backup');
}

/**
 * Restores FILE over the configured database and adds its evidence files. The server must be
 * stopped. A SQLite backup with PostgreSQL configured is copied into it (`copied` says how much);
 * `progress` hears how that copy goes, a line per table.
 */
export async function restore(
  kind: 'sqlite' | 'postgres',
  opts: { databaseUrl: string | null; dataDir: string },
  file: string,
  progress?: (line: string) => void,
): Promise<{ files: number; copied?: CopyReport }> {
  const source = path.resolve(file);
  if (!fs.existsSync(source)) throw new Error(`no such backup file: ${file}`);
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const work = fs.mkdtempSync(path.join(opts.dataDir, '.restore-'));
  try {
    let dbFile = source;
    let archive = false;
    if (isTar(source)) {
      archive = true;
      // first pass: the manifest and the database only
      readTar(source, (name) => (name === 'manifest.json' || name === 'database.sqlite' || name === 'database.dump' ? path.join(work, name) : null));
      const mf = path.join(work, 'manifest.json');
      const manifest = fs.existsSync(mf) ? (JSON.parse(fs.readFileSync(mf, 'utf8')) as Partial<BackupManifest>) : null;
      if (manifest?.format !== 'luoshi-backup') throw new Error('the archive is not a Luoshi backup (no manifest)');
      // a SQLite backup goes into PostgreSQL too (the move to PostgreSQL); the other way round it does not
      if (manifest.database !== kind && !(manifest.database === 'sqlite' && kind === 'postgres')) {
        throw new Error(`the backup holds a ${manifest.database} database but the configured database is ${kind} (set DATABASE_URL)`);
      }
      dbFile = path.join(work, manifest.database === 'sqlite' ? 'database.sqlite' : 'database.dump');
      if (!fs.existsSync(dbFile)) throw new Error('the backup has no database in it');
    }
    let copied: CopyReport | undefined;
    if (kind === 'postgres' && isSqliteFile(dbFile)) {
      checkSqliteBackup(dbFile);
      // the copy migrates its source forward: never the file given, always a copy of it in the scratch folder
      if (!archive) {
        dbFile = path.join(work, 'database.sqlite');
        fs.copyFileSync(source, dbFile);
      }
      copied = await copySqliteToPostgres(dbFile, opts.databaseUrl!, progress);
    } else if (kind === 'sqlite') {
      checkSqliteBackup(dbFile);
      const target = sqlitePath(opts.dataDir);
      for (const ext of ['-wal', '-shm']) fs.rmSync(target + ext, { force: true });
      fs.copyFileSync(dbFile, `${target}.restoring`);
      fs.renameSync(`${target}.restoring`, target);
    } else {
      await run('pg_restore', ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', `--dbname=${opts.databaseUrl!}`, dbFile]);
    }
    let files = 0;
    if (archive) {
      // second pass: the evidence files, each under its own hash; what is already there stays
      const filesRoot = path.join(opts.dataDir, 'files');
      readTar(source, (name) => {
        const m = name.startsWith('files/') ? EVIDENCE.exec(name.slice('files/'.length)) : null;
        if (!m) return null;
        const dir = path.join(filesRoot, m[1]!, m[2]!);
        const target = path.join(dir, `${m[3]!}${m[4] ?? ''}`);
        files++;
        if (fs.existsSync(target)) return null;
        fs.mkdirSync(dir, { recursive: true });
        return target;
      });
    }
    return { files, copied };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
