/**
 * A real Luoshi server process for browser tests: `luoshi serve` on a free port with a fresh data
 * directory (SQLite), which seeds the demo county on first start. Stopped by its pid.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root, webDist } from './paths.ts';
import { freePort } from '../../test/support/free-port.ts';

export interface RunningServer {
  url: string;
  pid: number;
  dataDir: string;
  /** what the server printed so far, for failure messages */
  output(): string;
  stop(): Promise<void>;
}


function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

export interface ServerOptions {
  env?: Record<string, string>;
  timeoutMs?: number;
  /** LUOSHI_NOW: where the server's clock starts (it runs on from there) */
  now?: string;
  /** run against this data directory (kept on stop, for a later run) instead of a fresh one */
  dataDir?: string;
}

export async function startServer(opts: ServerOptions = {}): Promise<RunningServer> {
  if (!fs.existsSync(path.join(webDist, 'index.html'))) throw new Error('apps/web/dist is missing: build the web app first');
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-e2e-'));
  const removeData = () => {
    if (!opts.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, LUOSHI_DATA_DIR: dataDir, LUOSHI_WEB_DIST: webDist, HOST: '127.0.0.1', ...opts.env };
  delete env.DATABASE_URL;
  delete env.LUOSHI_NOW;
  if (opts.now) env.LUOSHI_NOW = opts.now;
  delete env.PORT;
  const child = spawn(process.execPath, [path.join(root, 'bin/luoshi.mjs'), 'serve', '--port', String(port)], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const url = `http://127.0.0.1:${port}`;
  const pid = child.pid!;

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(pid, 'SIGTERM');
      const timer = setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null) process.kill(pid, 'SIGKILL');
      }, 10_000);
      await exited(child);
      clearTimeout(timer);
    }
    removeData();
  };

  const deadline = Date.now() + (opts.timeoutMs ?? 90_000);
  for (;;) {
    if (child.exitCode !== null) {
      removeData();
      throw new Error(`luoshi serve exited with ${child.exitCode}:\n${out}`);
    }
    try {
      const r = await fetch(`${url}/readyz`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`luoshi serve did not become ready:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, pid, dataDir, output: () => out, stop };
}
