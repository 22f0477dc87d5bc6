/** Opens what a process needs: configuration, database (migrated), clock, file store. */
import path from 'node:path';
import { offsetClock, systemClock, type Clock } from '@luoshi/domain';
import { readConfig, type Config } from './platform/config.ts';
import { openDb } from './platform/db/connect.ts';
import { migrateToLatest } from './platform/db/migrate.ts';
import type { Services } from './platform/context.ts';
import { LocalFileStore } from './platform/files/local-store.ts';

export async function openServices(opts: { config?: Config; clock?: Clock; migrate?: boolean } = {}): Promise<Services> {
  const config = opts.config ?? readConfig();
  const db = openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, pgPoolSize: config.pgPoolSize });
  if (opts.migrate !== false) await migrateToLatest(db);
  const clock = opts.clock ?? (config.now ? offsetClock(config.now) : systemClock);
  return { config, db, clock, files: new LocalFileStore(path.join(config.dataDir, 'files')) };
}
