/**
 * Encryption of petitioners' personal data at rest (R-PUB-3): SM4-CBC with a random IV per value,
 * authenticated with HMAC-SM3 (encrypt-then-MAC), under LUOSHI_SECRET_KEY (32 hex digits) or the
 * key file `secret.key` in the data directory, created once with mode 0600. The format and key
 * derivation are those of the secret box of the delivery settings, so one key serves both.
 * Null and empty values stay null.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const PREFIX = 'sm4:1:';
const MAC_BYTES = 32;

export interface Cipher {
  encrypt(plain: string): string;
  encrypt(plain: string | null | undefined): string | null;
  decrypt(stored: string): string;
  decrypt(stored: string | null | undefined): string | null;
}

function parseKey(hex: string, source: string): Buffer {
  if (!/^[0-9a-fA-F]{32}$/.test(hex.trim())) throw new Error(`${source} 必须是 32 位十六进制数 must be 32 hexadecimal digits (128 bits)`);
  return Buffer.from(hex.trim(), 'hex');
}

function masterKey(dataDir: string): Buffer {
  if (process.env.LUOSHI_SECRET_KEY) return parseKey(process.env.LUOSHI_SECRET_KEY, 'LUOSHI_SECRET_KEY');
  const file = path.join(dataDir, 'secret.key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    try {
      fs.writeFileSync(file, `${randomBytes(16).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  return parseKey(fs.readFileSync(file, 'utf8'), file);
}

const derive = (master: Buffer, label: string, bytes: number) => createHash('sm3').update(master).update(label).digest().subarray(0, bytes);

export function sm4Cipher(master: Buffer): Cipher {
  const encKey = derive(master, 'luoshi/sm4-cbc', 16);
  const macKey = derive(master, 'luoshi/hmac-sm3', 32);
  const mac = (data: Buffer) => createHmac('sm3', macKey).update(data).digest();
  const encrypt = (plain: string | null | undefined) => {
    if (plain === null || plain === undefined || plain === '') return null;
    const iv = randomBytes(16);
    const c = createCipheriv('sm4-cbc', encKey, iv);
    const body = Buffer.concat([iv, c.update(plain, 'utf8'), c.final()]);
    return PREFIX + Buffer.concat([body, mac(body)]).toString('base64');
  };
  const decrypt = (stored: string | null | undefined) => {
    if (stored === null || stored === undefined || stored === '') return null;
    if (!stored.startsWith(PREFIX)) throw new Error('not an SM4 value');
    const raw = Buffer.from(stored.slice(PREFIX.length), 'base64');
    const body = raw.subarray(0, raw.length - MAC_BYTES);
    if (raw.length < 16 + 16 + MAC_BYTES || !timingSafeEqual(mac(body), raw.subarray(raw.length - MAC_BYTES))) throw new Error('密文校验失败 the value does not verify');
    const d = createDecipheriv('sm4-cbc', encKey, body.subarray(0, 16));
    return Buffer.concat([d.update(body.subarray(16)), d.final()]).toString('utf8');
  };
  return { encrypt, decrypt } as Cipher;
}

const cache = new Map<string, Cipher>();
/** The cipher of this process for a data directory (and LUOSHI_SECRET_KEY when set). */
export function personalDataCipher(dataDir: string): Cipher {
  const id = process.env.LUOSHI_SECRET_KEY ? `env:${process.env.LUOSHI_SECRET_KEY}` : `file:${dataDir}`;
  let c = cache.get(id);
  if (!c) {
    c = sm4Cipher(masterKey(dataDir));
    cache.set(id, c);
  }
  return c;
}
