/**
 * Secrets at rest: SM4-CBC with a random IV, authenticated with HMAC-SM3, under a key from
 * LUOSHI_SECRET_KEY or a 0600 key file made on first use in the data directory.
 */
import { createDecipheriv, createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KEY_FILE, SecretKeyError, secretBox, secretsFor } from '../../apps/server/src/platform/delivery/secrets.ts';

const dirs: string[] = [];
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-secrets-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const MASTER = Buffer.from('00112233445566778899aabbccddeeff', 'hex');

describe('sealed secrets', () => {
  it('round-trips Chinese text; every seal uses a fresh IV, so equal secrets do not look equal', () => {
    const box = secretBox(MASTER);
    const a = box.seal('邮件密码#2013');
    const b = box.seal('邮件密码#2013');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^sm4:1:/);
    expect(box.open(a)).toBe('邮件密码#2013');
    expect(box.open(b)).toBe('邮件密码#2013');
    expect(box.open(box.seal(''))).toBe('');
  });

  it('is SM4-CBC: the ciphertext opens with node:crypto sm4-cbc under the derived key, and not as AES', () => {
    const sealed = secretBox(MASTER).seal('SECabcdef');
    const raw = Buffer.from(sealed.slice('sm4:1:'.length), 'base64');
    const iv = raw.subarray(0, 16);
    const ct = raw.subarray(16, raw.length - 32);
    const key = createHash('sm3').update(MASTER).update('luoshi/sm4-cbc').digest().subarray(0, 16);
    const d = createDecipheriv('sm4-cbc', key, iv);
    expect(Buffer.concat([d.update(ct), d.final()]).toString('utf8')).toBe('SECabcdef');
    const aes = createDecipheriv('aes-128-cbc', key, iv);
    expect(() => Buffer.concat([aes.update(ct), aes.final()]).toString('utf8')).not.toBe('SECabcdef');
  });

  it('refuses altered text and another key', () => {
    const box = secretBox(MASTER);
    const sealed = box.seal('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc');
    const raw = Buffer.from(sealed.slice(6), 'base64');
    raw[20] = raw[20]! ^ 1;
    expect(() => box.open(`sm4:1:${raw.toString('base64')}`)).toThrow(SecretKeyError);
    expect(() => secretBox(Buffer.alloc(16, 1)).open(sealed)).toThrow(/another key/);
    expect(() => box.open('plain text')).toThrow(SecretKeyError);
  });

  it('without LUOSHI_SECRET_KEY, makes a 0600 key file in the data directory once and keeps using it', () => {
    const dataDir = tempDir();
    const sealed = secretsFor({ dataDir }).seal('密');
    const file = path.join(dataDir, KEY_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const hex = fs.readFileSync(file, 'utf8').trim();
    expect(hex).toMatch(/^[0-9a-f]{32}$/);
    // another process reading the same file opens what this one sealed
    expect(secretBox(Buffer.from(hex, 'hex')).open(sealed)).toBe('密');
    const other = tempDir();
    expect(() => secretsFor({ dataDir: other }).open(sealed)).toThrow(SecretKeyError);
  });

  it('with LUOSHI_SECRET_KEY, uses it and writes no key file; a malformed key is refused with a hint', () => {
    const dataDir = tempDir();
    const box = secretsFor({ dataDir, secretKey: MASTER.toString('hex') });
    expect(secretBox(MASTER).open(box.seal('x'))).toBe('x');
    expect(fs.existsSync(path.join(dataDir, KEY_FILE))).toBe(false);
    expect(() => secretsFor({ dataDir, secretKey: 'not-a-key' })).toThrow(/openssl rand -hex 16/);
  });
});
