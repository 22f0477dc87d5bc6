/**
 * Secrets at rest (the SMTP password, webhook URLs and signing secrets): SM4-CBC with a random IV,
 * authenticated with HMAC-SM3 (encrypt-then-MAC), both from node:crypto (国密, OpenSSL 3).
 *
 * The 128-bit master key comes from LUOSHI_SECRET_KEY (32 hex digits), or else from the file
 * `secret.key` in the data directory, created with mode 0600 on first use. Instances sharing one
 * PostgreSQL database must share the key: set LUOSHI_SECRET_KEY on each. Backups do not contain the
 * key; keep it apart from them.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const PREFIX = 'sm4:1:';
const IV_BYTES = 16;
const MAC_BYTES = 32;

export const KEY_FILE = 'secret.key';

export class SecretKeyError extends Error {}

export interface SecretBox {
  /** encrypts text; every call uses a fresh IV */
  seal(plain: string): string;
  /** decrypts what `seal` produced; throws when the text was altered or the key is not the one used */
  open(sealed: string): string;
}

function parseKey(hex: string, source: string): Buffer {
  const t = hex.trim();
  if (!/^[0-9a-fA-F]{32}$/.test(t)) {
    throw new SecretKeyError(`${source} 必须是 32 位十六进制数(128 位) must be 32 hexadecimal digits (128 bits), e.g. from \`openssl rand -hex 16\``);
  }
  return Buffer.from(t, 'hex');
}

/** Reads the key file, creating it (0600, exclusively, so two processes agree) when missing. */
function keyFromFile(dataDir: string): Buffer {
  const file = path.join(dataDir, KEY_FILE);
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

function derive(master: Buffer, label: string, bytes: number): Buffer {
  return createHash('sm3').update(master).update(label).digest().subarray(0, bytes);
}

/** Whether a stored value is a sealed secret (e.g. a citizen's e-mail address kept encrypted). */
export function isSealed(value: string): boolean {
  return value.startsWith(PREFIX);
}

/** A box for one master key. */
export function secretBox(master: Buffer): SecretBox {
  const encKey = derive(master, 'luoshi/sm4-cbc', 16);
  const macKey = derive(master, 'luoshi/hmac-sm3', 32);
  const mac = (data: Buffer) => createHmac('sm3', macKey).update(data).digest();
  return {
    seal(plain) {
      const iv = randomBytes(IV_BYTES);
      const c = createCipheriv('sm4-cbc', encKey, iv);
      const body = Buffer.concat([iv, c.update(plain, 'utf8'), c.final()]);
      return PREFIX + Buffer.concat([body, mac(body)]).toString('base64');
    },
    open(sealed) {
      if (!sealed.startsWith(PREFIX)) throw new SecretKeyError('not a sealed secret');
      const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64');
      if (raw.length < IV_BYTES + 16 + MAC_BYTES) throw new SecretKeyError('sealed secret too short');
      const body = raw.subarray(0, raw.length - MAC_BYTES);
      if (!timingSafeEqual(mac(body), raw.subarray(raw.length - MAC_BYTES))) {
        throw new SecretKeyError('密文校验失败:密钥不一致或数据被改动 the secret does not verify: another key, or altered data');
      }
      const d = createDecipheriv('sm4-cbc', encKey, body.subarray(0, IV_BYTES));
      return Buffer.concat([d.update(body.subarray(IV_BYTES)), d.final()]).toString('utf8');
    },
  };
}

const boxes = new Map<string, SecretBox>();

/** The box of this process: LUOSHI_SECRET_KEY (config.secretKey) or the key file under the data directory. */
export function secretsFor(config: { secretKey?: string | null; dataDir: string }): SecretBox {
  const id = config.secretKey ? `env:${config.secretKey}` : `file:${config.dataDir}`;
  let box = boxes.get(id);
  if (!box) {
    box = secretBox(config.secretKey ? parseKey(config.secretKey, 'LUOSHI_SECRET_KEY') : keyFromFile(config.dataDir));
    boxes.set(id, box);
  }
  return box;
}
