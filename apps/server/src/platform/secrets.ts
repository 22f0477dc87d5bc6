/**
 * Encryption of petitioners' personal data at rest (R-PUB-3). It reuses the one secret box of
 * Luoshi (delivery/secrets.ts): SM4-CBC with a random IV per value, authenticated with HMAC-SM3,
 * under LUOSHI_SECRET_KEY or the 0600 key file in the data directory. Null and empty stay null.
 */
import { secretsFor } from './delivery/secrets.ts';

export interface Cipher {
  encrypt(plain: string): string;
  encrypt(plain: string | null | undefined): string | null;
  decrypt(stored: string): string;
  decrypt(stored: string | null | undefined): string | null;
}

/** The cipher of this process for a data directory (and LUOSHI_SECRET_KEY when set). */
export function personalDataCipher(dataDir: string): Cipher {
  const box = secretsFor({ secretKey: process.env.LUOSHI_SECRET_KEY || null, dataDir });
  const encrypt = (plain: string | null | undefined) => (plain === null || plain === undefined || plain === '' ? null : box.seal(plain));
  const decrypt = (stored: string | null | undefined) => (stored === null || stored === undefined || stored === '' ? null : box.open(stored));
  return { encrypt, decrypt } as Cipher;
}
