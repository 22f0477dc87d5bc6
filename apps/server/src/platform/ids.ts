import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** A 26-character, time-ordered, random id (ULID layout, lower-case Crockford base32). */
export function newId(nowMs: number = Date.now()): string {
  let t = nowMs;
  let time = '';
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const bytes = randomBytes(16);
  let rand = '';
  for (let i = 0; i < 16; i++) rand += ALPHABET[bytes[i]! % 32];
  return time + rand;
}

/** A secret token for sessions and CSRF: 256 random bits, base64url. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}
