/**
 * A real SMTP server for tests, on 127.0.0.1 and a free port: EHLO, AUTH PLAIN and LOGIN, MAIL,
 * RCPT, DATA (with dot-unstuffing), RSET, NOOP, QUIT (RFC 5321, RFC 4954). It keeps every message
 * it accepted, and decodes headers (RFC 2047) and bodies (quoted-printable, base64) the way a mail
 * reader would, so a test sees what the addressee sees.
 */
import net from 'node:net';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** the authenticated user, if any */
  user: string | null;
  raw: string;
  headers: Map<string, string>;
  /** the Subject header decoded */
  subject: string;
  /** the text body decoded */
  text: string;
}

export interface SmtpServer {
  port: number;
  mails: ReceivedMail[];
  close(): Promise<void>;
}

/** Decodes RFC 2047 encoded words: =?UTF-8?B?…?= and =?UTF-8?Q?…?=. */
export function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?') // whitespace between adjacent encoded words is not part of the text
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, charset: string, enc: string, text: string) => {
      if (!/^utf-?8$/i.test(charset)) throw new Error(`unexpected charset ${charset}`);
      const bytes =
        enc.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64')
          : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
      return bytes.toString('utf8');
    });
}

function decodeQuotedPrintable(body: string): string {
  const soft = body.replace(/=\r?\n/g, '');
  return Buffer.from(soft.replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
}

function parse(raw: string): { headers: Map<string, string>; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  const body = raw.slice(split + 4);
  const enc = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const text =
    enc === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8') : enc === 'quoted-printable' ? decodeQuotedPrintable(body) : Buffer.from(body, 'latin1').toString('utf8');
  return { headers, text };
}

/** Starts the server; `password` set means AUTH is required and must match. */
export async function startSmtpServer(opts: { user?: string; password?: string } = {}): Promise<SmtpServer> {
  const mails: ReceivedMail[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.setEncoding('latin1'); // bytes as they come; the message is decoded after DATA
    let buffer = '';
    let from = '';
    let to: string[] = [];
    let user: string | null = null;
    let data: string[] | null = null;
    let authStep: null | 'user' | 'pass' = null;
    let pendingUser = '';
    const reply = (line: string) => socket.write(`${line}\r\n`);
    const checkAuth = (u: string, p: string) => {
      if (opts.user !== undefined && (u !== opts.user || p !== opts.password)) return reply('535 5.7.8 Authentication credentials invalid');
      user = u;
      reply('235 2.7.0 Authentication successful');
    };
    reply('220 luoshi-test ESMTP');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let i: number;
      while ((i = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        if (data) {
          if (line === '.') {
            const raw = data.join('\r\n');
            const { headers, text } = parse(raw);
            mails.push({ from, to, user, raw, headers, subject: decodeWords(headers.get('subject') ?? ''), text });
            data = null;
            from = '';
            to = [];
            reply('250 2.0.0 Ok: queued');
          } else data.push(line.startsWith('..') ? line.slice(1) : line);
          continue;
        }
        if (authStep === 'user') {
          pendingUser = Buffer.from(line, 'base64').toString('utf8');
          authStep = 'pass';
          reply(`334 ${Buffer.from('Password:').toString('base64')}`);
          continue;
        }
        if (authStep === 'pass') {
          authStep = null;
          checkAuth(pendingUser, Buffer.from(line, 'base64').toString('utf8'));
          continue;
        }
        const [verb = '', ...args] = line.split(' ');
        const arg = args.join(' ');
        switch (verb.toUpperCase()) {
          case 'EHLO':
            reply('250-luoshi-test');
            reply('250-8BITMIME');
            reply('250-SMTPUTF8');
            reply('250 AUTH PLAIN LOGIN');
            break;
          case 'HELO':
            reply('250 luoshi-test');
            break;
          case 'AUTH': {
            const [mech, initial] = arg.split(' ');
            if (mech?.toUpperCase() === 'PLAIN' && initial) {
              const [, u = '', p = ''] = Buffer.from(initial, 'base64').toString('utf8').split('\u0000');
              checkAuth(u, p);
            } else if (mech?.toUpperCase() === 'LOGIN') {
              authStep = 'user';
              reply(`334 ${Buffer.from('Username:').toString('base64')}`);
            } else reply('504 5.5.4 Unrecognized authentication type');
            break;
          }
          case 'MAIL':
            if (opts.user !== undefined && !user) {
              reply('530 5.7.0 Authentication required');
              break;
            }
            from = /<([^>]*)>/.exec(arg)?.[1] ?? '';
            reply('250 2.1.0 Ok');
            break;
          case 'RCPT':
            to.push(/<([^>]*)>/.exec(arg)?.[1] ?? '');
            reply('250 2.1.5 Ok');
            break;
          case 'DATA':
            data = [];
            reply('354 End data with <CR><LF>.<CR><LF>');
            break;
          case 'RSET':
            from = '';
            to = [];
            reply('250 2.0.0 Ok');
            break;
          case 'NOOP':
            reply('250 2.0.0 Ok');
            break;
          case 'QUIT':
            reply('221 2.0.0 Bye');
            socket.end();
            break;
          default:
            reply('502 5.5.2 Command not recognized');
        }
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    mails,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
