/**
 * A real HTTP receiver for webhook tests, on 127.0.0.1 and a free port. Each path answers as the
 * test says: a status and body, or never (to prove time-outs). Every request is kept.
 */
import http from 'node:http';
import type net from 'node:net';

export interface ReceivedRequest {
  path: string;
  /** the request target as sent, before any decoding */
  rawUrl: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: any;
  /** when the request arrived, ms since the epoch */
  at: number;
}

export type Answer = { status: number; body?: unknown; delayMs?: number } | 'hang';

export interface Receiver {
  port: number;
  url(path: string): string;
  requests: ReceivedRequest[];
  on(path: string): ReceivedRequest[];
  /** how the next requests to `path` are answered; the last answer repeats */
  answer(path: string, ...answers: Answer[]): void;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const plans = new Map<string, Answer[]>();
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://127.0.0.1');
      const text = Buffer.concat(chunks).toString('utf8');
      let json: unknown = null;
      try {
        json = JSON.parse(text);
      } catch {
        /* not JSON */
      }
      requests.push({ path: u.pathname, rawUrl: req.url ?? '', query: u.searchParams, headers: req.headers, text, json, at: Date.now() });
      const plan = plans.get(u.pathname) ?? [];
      const answer: Answer = (plan.length > 1 ? plan.shift() : plan[0]) ?? { status: 200, body: { errcode: 0, errmsg: 'ok' } };
      if (answer === 'hang') return; // never answer
      const send = () => res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body ?? {}));
      if (answer.delayMs) setTimeout(send, answer.delayMs);
      else send();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    requests,
    on: (path) => requests.filter((r) => r.path === path),
    answer: (path, ...answers) => plans.set(path, answers),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
