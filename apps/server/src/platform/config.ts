/** Configuration from the environment, read once at start. Documented in README.md. */
import path from 'node:path';
import { LuoshiError } from '@luoshi/domain';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  /** LUOSHI_PG_POOL: connections to PostgreSQL this process keeps at most (default 10) */
  pgPoolSize: number;
  /** LUOSHI_NOW: pin the clock's start (refused in production) */
  now: Date | null;
  production: boolean;
  /** trust X-Forwarded-* from a reverse proxy */
  trustProxy: boolean | string;
  /** force the Secure flag on cookies (default: on when the request came over https) */
  cookieSecure: 'auto' | boolean;
  logLevel: string;
  /** run the demo seed into an empty database on `serve` */
  demoOnEmpty: boolean;
  /** where the built web app lives */
  webDist: string;
  /** LUOSHI_MAX_UPLOAD_MB: the largest evidence file accepted, in bytes (default 20 MiB) */
  maxUploadBytes: number;
  /** LUOSHI_SECRET_KEY: 32 hex digits sealing stored secrets (SM4); else a key file in the data directory */
  secretKey: string | null;
  /** LUOSHI_PUBLIC_URL: the address users open, for links in emails and webhook messages */
  publicUrl: string | null;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const production = env.NODE_ENV === 'production';
  let now: Date | null = null;
  if (env.LUOSHI_NOW) {
    if (production) throw new LuoshiError('CLOCK_PINNING_REFUSED');
    now = new Date(env.LUOSHI_NOW);
    if (Number.isNaN(now.getTime())) throw new Error(`LUOSHI_NOW is not an ISO-8601 instant: ${env.LUOSHI_NOW}`);
  }
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT is not a port number: ${env.PORT}`);
  const tp = env.LUOSHI_TRUST_PROXY;
  const uploadMb = Number(env.LUOSHI_MAX_UPLOAD_MB || 20);
  if (!(uploadMb > 0 && uploadMb <= 1024)) throw new Error(`LUOSHI_MAX_UPLOAD_MB is not a size between 0 and 1024: ${env.LUOSHI_MAX_UPLOAD_MB}`);
  const pgPoolSize = Number(env.LUOSHI_PG_POOL || 10);
  if (!(Number.isInteger(pgPoolSize) && pgPoolSize >= 1 && pgPoolSize <= 200)) throw new Error(`LUOSHI_PG_POOL is not a whole number of connections from 1 to 200: ${env.LUOSHI_PG_POOL}`);
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir: path.resolve(cwd, env.LUOSHI_DATA_DIR ?? 'data'),
    databaseUrl: env.DATABASE_URL || null,
    pgPoolSize,
    now,
    production,
    trustProxy: tp === undefined || tp === '' || tp === 'false' ? false : tp === 'true' ? true : tp,
    cookieSecure: env.LUOSHI_COOKIE_SECURE === 'true' ? true : env.LUOSHI_COOKIE_SECURE === 'false' ? false : 'auto',
    logLevel: env.LOG_LEVEL ?? (production ? 'info' : 'warn'),
    demoOnEmpty: env.LUOSHI_DEMO !== 'false',
    webDist: path.resolve(cwd, env.LUOSHI_WEB_DIST ?? 'apps/web/dist'),
    maxUploadBytes: Math.floor(uploadMb * 1024 * 1024),
    secretKey: env.LUOSHI_SECRET_KEY || null,
    publicUrl: env.LUOSHI_PUBLIC_URL || null,
  };
}
