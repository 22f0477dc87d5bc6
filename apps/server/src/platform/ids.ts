import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

// Random bytes for ids are drawn from a pool: one system call per 256 ids instead of one per id
// (a bulk import makes tens of thousands). Ids are not secrets; tokens below draw their own.
let pool = Buffer.alloc(0);
let poolAt = 0;
function random16(): Buffer {
  if (poolAt + 16 > pool.length) {
    pool = randomBytes(4096);
    poolAt = 0;
  }
  poolAt += 16;
  return pool.subarray(poolAt - 16, poolAt);
}

/** A 26-character, time-ordered, random id (ULID layout, lower-case Crockford base32). */
export function newId(nowMs: number = Date.now()): string {
  let t = nowMs;
  let time = '';
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const bytes = random16();
  let rand = '';
  for (let i = 0; i < 16; i++) rand += ALPHABET[bytes[i]! % 32];
  return time + rand;
}

/** A secret token for sessions and CSRF: 256 random bits, base64url. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}
