/**
 * Real `luoshi serve` processes for the reliability tests: started on a free port against a given
 * database (SQLite data directory or PostgreSQL URL), killed by their pid with any signal, and an
 * HTTP client that signs in over the network and carries its session cookie and CSRF token.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/server/src/demo/zhashui.ts';
import { ROOT } from './cli.ts';
import { freePort } from './free-port.ts';


export interface LiveServer {
  url: string;
  pid: number;
  output(): string;
  /** sends SIGKILL (no shutdown code runs) and waits for the process to be gone */
  kill(): Promise<void>;
  /** SIGTERM: the ordinary shutdown */
  stop(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

export interface LiveOptions {
  dataDir: string;
  databaseUrl: string | null;
  /** LUOSHI_NOW: the instant the server's clock starts at */
  now?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

export async function startLive(opts: LiveOptions): Promise<LiveServer> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LUOSHI_DATA_DIR: opts.dataDir,
    LUOSHI_DEMO: 'false',
    LUOSHI_WEB_DIST: path.join(opts.dataDir, 'no-web'),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'error',
    ...opts.env,
  };
  delete env.DATABASE_URL;
  delete env.PORT;
  delete env.LUOSHI_NOW;
  if (opts.databaseUrl) env.DATABASE_URL = opts.databaseUrl;
  if (opts.now) env.LUOSHI_NOW = opts.now;
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/luoshi.mjs'), 'serve', '--port', String(port)], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const url = `http://127.0.0.1:${port}`;
  const pid = child.pid!;
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) process.kill(pid, 'SIGKILL');
    await exited(child);
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(pid, 'SIGTERM');
      const timer = setTimeout(() => void kill(), 10_000);
      await exited(child);
      clearTimeout(timer);
    }
  };
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`luoshi serve exited with ${child.exitCode}:\n${out}`);
    try {
      const r = await fetch(`${url}/readyz`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await kill();
      throw new Error(`luoshi serve did not become ready:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, pid, output: () => out, kill, stop };
}

export interface HttpResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A signed-in user over real HTTP. `base` can be changed to talk to another instance. */
export class HttpClient {
  cookie: string | null = null;
  csrf: string | null = null;
  constructor(public base: string) {}

  async request(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResult> {
    return this.send(method, url, body === undefined ? undefined : { data: JSON.stringify(body), contentType: 'application/json' }, headers);
  }

  /** Sends a raw body (a multipart upload); a binary answer comes back as a Buffer. */
  async send(method: string, url: string, raw?: { data: string | Buffer; contentType: string }, headers: Record<string, string> = {}): Promise<HttpResult> {
    const h: Record<string, string> = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && method !== 'GET') h['x-csrf-token'] = this.csrf;
    if (raw) h['content-type'] = raw.contentType;
    const body = typeof raw?.data === 'string' ? raw.data : raw ? new Uint8Array(raw.data) : undefined;
    const res = await fetch(this.base + url, { method, headers: h, body });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      if (pair!.startsWith('luoshi_session=')) this.cookie = pair!.endsWith('=') ? null : pair!;
    }
    const type = res.headers.get('content-type') ?? '';
    if (!type.includes('json') && !type.startsWith('text/')) return { status: res.status, body: Buffer.from(await res.arrayBuffer()), headers: res.headers };
    const text = await res.text();
    const parsed: unknown = type.includes('json') && text ? JSON.parse(text) : text;
    return { status: res.status, body: parsed, headers: res.headers };
  }

  async login(username: string, password = DEMO_PASSWORD): Promise<HttpResult> {
    const r = await this.request('POST', '/api/v1/auth/login', { username, password });
    if (r.status !== 200) throw new Error(`login as ${username} failed: ${r.status} ${JSON.stringify(r.body)}`);
    this.csrf = r.body.csrfToken;
    return r;
  }
}
